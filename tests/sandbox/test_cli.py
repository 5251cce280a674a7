import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def cli(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "sandbox", *args], cwd=REPO, capture_output=True, text=True,
                          input=stdin, timeout=120)


def test_cli_run_go_json(tmp_path):
    source = tmp_path / "hello.go"
    source.write_text('package main\nimport "fmt"\nfunc main() { fmt.Println("cli") }\n')
    out = cli("run", "--lang", "go", str(source), "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["verdict"] == "OK" and data["stdout"] == "cli\n"


def test_cli_run_python_human(tmp_path):
    source = tmp_path / "x.py"
    source.write_text("print(input())")
    (tmp_path / "in.txt").write_text("echo\n")
    (tmp_path / "want.txt").write_text("nope\n")
    out = cli("run", str(source), "--stdin", str(tmp_path / "in.txt"), "--expect", str(tmp_path / "want.txt"))
    assert out.returncode == 1
    assert "verdict: WRONG_ANSWER" in out.stdout
    assert "wall" in out.stdout and "Python 3" in out.stdout


def test_cli_rejects_invalid_utf8(tmp_path):
    source = tmp_path / "bad.py"
    source.write_bytes(b"print('\xff')")
    out = cli("run", str(source))
    assert out.returncode == 2
    assert "not valid UTF-8" in out.stderr


def test_cli_passes_stdin_and_expected_output_byte_for_byte(tmp_path):
    source = tmp_path / "echo.py"
    source.write_text("import sys\ndata = sys.stdin.buffer.read()\nprint(repr(data), flush=True)\n"
                      "sys.stdout.buffer.write(data)\n")
    (tmp_path / "in.bin").write_bytes(b"a\r\nb\rc\n\xff\x00")
    (tmp_path / "want.txt").write_bytes(b"b'a\\r\\nb\\rc\\n\\xff\\x00'\na\r\nb\rc\n\xef\xbf\xbd\x00")
    out = cli("run", str(source), "--stdin", str(tmp_path / "in.bin"), "--expect", str(tmp_path / "want.txt"),
              "--checker", "exact", "--json")
    data = json.loads(out.stdout)
    assert data["stdout"].splitlines()[0] == r"b'a\r\nb\rc\n\xff\x00'"
    assert data["verdict"] == "ACCEPTED", data


# A parent that adopts orphans (a subreaper, like a container's init) and never reaps them: what the
# CLI leaves behind when it exits is found among its children.
UNREAPING_PARENT = r"""
import ctypes, os, sys, time
ctypes.CDLL(None).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
pid = os.fork()
if pid == 0:
    os.execv(sys.executable, [sys.executable, "-m", "sandbox", *sys.argv[1:]])
os.waitpid(pid, 0)
time.sleep(1.5)
left = []
for task in os.listdir("/proc/self/task"):
    for child in open(f"/proc/self/task/{task}/children").read().split():
        left.append(open(f"/proc/{child}/comm").read().strip())
print(left)
"""


def test_cli_waits_for_its_sandboxes_end_and_leaves_no_process(tmp_path):
    python, go = tmp_path / "x.py", tmp_path / "x.go"
    python.write_text("print('once')\n")
    go.write_text('package main\n\nfunc main() { println("once") }\n')
    for source in (python, go):
        out = subprocess.run([sys.executable, "-c", UNREAPING_PARENT, "run", "--no-warm", str(source)], cwd=REPO,
                             capture_output=True, text=True, timeout=120)
        assert out.returncode == 0, out.stderr
        assert out.stdout.splitlines()[-1] == "[]", out.stdout
