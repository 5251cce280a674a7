"""Reading the kernel's cgroup files: a value that is not a plain integer is unknown, never an error."""

import pytest

from sandbox import cgroups


@pytest.mark.unit
@pytest.mark.parametrize("text,value", [("12\n", 12), ("-3", -3), ("", None), ("max\n", None), ("--5", None),
                                        ("\u00b2", None), ("\u0663", None), ("1 2", None)])
def test_an_integer_file_reads_as_its_value_or_unknown(tmp_path, text, value):
    path = tmp_path / "pids.current"
    path.write_text(text)
    assert cgroups._read_int(path) == value


@pytest.mark.unit
def test_a_keyed_file_keeps_only_the_integer_lines(tmp_path):
    path = tmp_path / "memory.events"
    path.write_text("low 0\nhigh -1\noom_kill 2\nmax --5\nodd \u00b2\nbroken\n")
    assert cgroups._keyed(path) == {"low": 0, "high": -1, "oom_kill": 2}
    assert cgroups._keyed(tmp_path / "missing") == {}
