"""parse_paths: files, directories, cross-document duplicates."""

from __future__ import annotations

from .factory import document, question


def write(directory, name, text):
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


def test_directory_means_its_md_and_txt_files_sorted(tmp_path):
    from quizapp.content import parse_paths

    write(tmp_path, "b.md", document(question(3)))
    write(tmp_path, "a.txt", document(question(1), question(2)))
    write(tmp_path, "notes.rst", "ignored")
    (tmp_path / "sub.md").mkdir()
    result = parse_paths([tmp_path])
    assert result.problems == ()
    assert [p.source for p in result.parts] == [str(tmp_path / "a.txt"), str(tmp_path / "b.md")]
    assert [q.number for q in result.questions] == [1, 2, 3]


def test_files_are_parsed_in_the_given_order_and_only_once(tmp_path):
    from quizapp.content import parse_paths

    a = write(tmp_path, "a.md", document(question(1)))
    b = write(tmp_path, "b.md", document(question(2)))
    result = parse_paths([str(b), a, tmp_path])
    assert [p.source for p in result.parts] == [str(b), str(a)]


def test_duplicate_number_across_documents_of_a_series_is_an_error(tmp_path):
    from quizapp.content import parse_paths

    first = write(tmp_path, "a.md", document(question(1), question(2)))
    second = write(tmp_path, "b.md", document(question(2), question(3)))
    result = parse_paths([tmp_path])
    [problem] = result.problems
    assert (problem.path, problem.line, problem.severity) == (str(second), 3, "error")
    assert f"{first}:11" in problem.message and "series 'go'" in problem.message
    assert [q.number for q in result.questions] == [1, 2, 3]


def test_same_number_in_different_series_is_fine(tmp_path):
    from quizapp.content import parse_paths

    write(tmp_path, "go.md", document(question(1)))
    write(tmp_path, "py.md", document(question(1), meta="<!-- language: python -->\n"))
    result = parse_paths([tmp_path])
    assert result.problems == ()
    assert [(p.series, p.questions[0].number) for p in result.parts] == [("go", 1),
                                                                          ("python", 1)]


def test_missing_file_and_empty_directory_are_errors_not_exceptions(tmp_path):
    from quizapp.content import parse_paths

    (tmp_path / "empty").mkdir()
    result = parse_paths([tmp_path / "missing.md", tmp_path / "empty"])
    assert [(p.line, p.severity) for p in result.problems] == [(1, "error"), (1, "error")]
    assert "cannot read" in result.problems[0].message
    assert "no .md or .txt" in result.problems[1].message


def test_invalid_utf8_file_reports_its_path_and_line(tmp_path):
    from quizapp.content import parse_paths

    path = tmp_path / "bad.md"
    path.write_bytes(document(question(1)).encode() + b"\n\xc3\x28\n")
    result = parse_paths([path])
    problem = result.errors[0]
    assert len(result.errors) == 1
    assert (problem.path, problem.severity) == (str(path), "error")
    assert problem.line == len(document(question(1)).split("\n")) + 1
