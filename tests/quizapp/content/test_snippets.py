"""Runnable content: snippet subsections, overlay and exercise documents, their problems."""

from __future__ import annotations

from pathlib import Path

from quizapp.content import parse_paths
from quizapp.content.snippets import CHECKERS

from .factory import lines, only, parse

ROOT = Path(__file__).resolve().parents[3]
PY_HEADING = "# \U0001f40d **1\u20131: Python**"


def snippet_doc(*rows: str, meta: str = "<!-- language: python -->") -> str:
    return lines(meta, PY_HEADING, "", "### 1. **Tricky Snippet**: What prints?", '"Two."', "",
                 "#### Indepth", "Because.", "", *rows)


PROGRAM = ("#### Program", "```python", "print(1 + 1)", "```")
EXPECTED = ("#### Expected output", "```", "2", "```")


def test_question_snippet_is_parsed_and_kept_out_of_indepth():
    result = parse(snippet_doc(*PROGRAM, "", *EXPECTED, "", "#### Explanation", "Plain *addition*."))
    assert result.problems == ()
    assert result.questions[0].indepth == "Because."
    (snippet,) = result.snippets
    assert (snippet.series, snippet.number, snippet.slug) == ("python", 1, "python-1")
    assert snippet.program == "print(1 + 1)\n"
    assert snippet.run.expected_output == "2\n"
    assert (snippet.run.language, snippet.run.checker, snippet.run.checker_arg) == ("python", "trailing_ws", "")
    assert snippet.explanation == "Plain *addition*."
    assert snippet.line == 10


def test_checker_line_with_argument_and_backticks():
    result = parse(snippet_doc(*PROGRAM, "#### Checker", "`panic: division by zero`"))
    assert result.problems == ()
    assert (result.snippets[0].run.checker, result.snippets[0].run.checker_arg) == ("panic", "division by zero")
    assert result.snippets[0].run.expected_output is None


def test_fence_info_sets_the_language_and_as_written_is_kept():
    text = snippet_doc("#### Program", "```go", "package main", "func main() {}", "```",
                       "#### As written", "```go", "package main", "func main() { x }", "```",
                       "#### Checker", "exact", "#### Expected output", "```", "```")
    snippet = parse(text).snippets[0]
    assert snippet.run.language == "go"
    assert snippet.document_code == "package main\nfunc main() { x }\n"
    assert snippet.run.expected_output == ""


def test_missing_program_is_an_error_at_the_question():
    problem = only(parse(snippet_doc(*EXPECTED)))
    assert (problem.severity, problem.line) == ("error", 4)
    assert "question 1" in problem.message and "'#### Program'" in problem.message


def test_missing_expected_output_for_an_output_checker():
    problem = only(parse(snippet_doc(*PROGRAM, "#### Checker", "unordered_lines")))
    assert (problem.severity, problem.line) == ("error", 10)
    assert "no '#### Expected output'" in problem.message


def test_unknown_checker():
    problem = only(parse(snippet_doc(*PROGRAM, *EXPECTED, "#### Checker", "fuzzy")))
    assert (problem.severity, problem.line) == ("error", 18)
    assert "unknown checker 'fuzzy'" in problem.message


def test_invalid_regex_and_regex_without_pattern():
    problem = only(parse(snippet_doc(*PROGRAM, "#### Checker", "regex: ^(\\d+$")))
    assert problem.severity == "error" and "invalid regex" in problem.message
    problem = only(parse(snippet_doc(*PROGRAM, "#### Checker", "regex")))
    assert "needs a pattern" in problem.message


def test_unknown_language_in_the_fence():
    problem = only(parse(snippet_doc("#### Program", "```rust", "fn main() {}", "```", *EXPECTED)))
    assert (problem.severity, problem.line) == ("error", 10)
    assert "unknown language 'rust'" in problem.message


def test_program_without_code_block_and_with_two_blocks():
    problem = only(parse(snippet_doc("#### Program", "print(1)", *EXPECTED)))
    assert "no fenced code block" in problem.message
    two = snippet_doc(*PROGRAM, "```python", "print(3)", "```", *EXPECTED)
    problem = only(parse(two))
    assert (problem.line, "more than one fenced code block" in problem.message) == (14, True)


OVERLAY = lines(
    "<!-- snippets-for: go -->",
    "# Programs",
    "",
    "### 2. the nil map",
    "#### Program",
    "```",
    "package main",
    "func main() { var m map[string]int; m[\"a\"] = 1 }",
    "```",
    "#### Checker",
    "panic: assignment to entry in nil map",
)
GO_DOC = lines("# \U0001f9f5 **1\u20132: Go**", "", "### 1. A?", '"a."', "---",
               "### 2. **Tricky Snippet**: B?", '"b."')


def test_overlay_attaches_to_a_question_of_another_document(tmp_path):
    (tmp_path / "a.md").write_text(GO_DOC)
    (tmp_path / "b.md").write_text(OVERLAY)
    (tmp_path / "README.md").write_text("# Not a document\n")
    result = parse_paths([tmp_path])
    assert result.problems == ()
    (snippet,) = result.snippets
    assert (snippet.slug, snippet.run.language, snippet.run.checker) == ("go-2", "go", "panic")


def test_snippet_for_a_missing_question_is_an_error_with_file_and_line(tmp_path):
    (tmp_path / "a.md").write_text(GO_DOC.replace("### 2.", "### 3.").replace("1\u20132", "1\u20133"))
    (tmp_path / "b.md").write_text(OVERLAY)
    problem = only(parse_paths([tmp_path]))
    assert (problem.path, problem.line) == (str(tmp_path / "b.md"), 5)
    assert "series 'go' has no question 2" in problem.message
    assert parse_paths([tmp_path / "b.md"], known_questions=[("go", 2)]).ok


def test_overlay_problems():
    duplicate = OVERLAY + OVERLAY.split("\n", 2)[2]
    problem = only(parse(duplicate, "b.md"))
    assert "duplicate snippet for question 2" in problem.message
    problem = only(parse(OVERLAY.replace("### 2. the nil map", "### the nil map"), "b.md"))
    assert "has no question number" in problem.message
    problem = only(parse(OVERLAY + "#### Prompt\nWrite it.\n", "b.md"), "error")
    assert problem.line == 12 and "unknown subsection '#### Prompt'" in problem.message
    problem = only(parse(OVERLAY.replace("snippets-for: go -->", "snippets-for: go -->\n"
                                         "<!-- language: cobol -->"), "b.md"))
    assert "unknown language 'cobol'" in problem.message


EXERCISE = lines(
    "<!-- exercises: python -->",
    "### double: Double it (from 1)",
    "#### Prompt",
    "Write `double`.",
    "#### Starter",
    "```python",
    "def double(n):",
    "    return n",
    "```",
    "#### Solution",
    "```python",
    "def double(n):",
    "    return 2 * n",
    "```",
    "#### Harness",
    "```python",
    "print(double(21))",
    "```",
    "#### Expected output",
    "```",
    "42",
    "```",
)


def test_exercise_is_parsed():
    result = parse(EXERCISE)
    assert result.problems == ()
    (exercise,) = result.exercises
    assert (exercise.slug, exercise.title, exercise.question_number) == ("double", "Double it", 1)
    assert exercise.harness == "print(double(21))\n"
    assert (exercise.run.language, exercise.run.expected_output, exercise.series) == ("python", "42\n", "python")


def test_exercise_problems(tmp_path):
    messages = [p.message for p in parse(EXERCISE.replace("#### Starter", "#### Starting point")).problems]
    assert any(m.startswith("unknown subsection '#### Starting point'") for m in messages)
    problem = only(parse(EXERCISE.replace("### double: Double it", "### Double it")))
    assert "should look like" in problem.message
    no_starter = EXERCISE.replace("#### Starter\n```python\ndef double(n):\n    return n\n```\n", "")
    problem = only(parse(no_starter))
    assert (problem.line, "has no '#### Starter'" in problem.message) == (2, True)
    (tmp_path / "ex.md").write_text(EXERCISE)
    problem = only(parse_paths([tmp_path / "ex.md"]))
    assert "series 'python' has no question 1" in problem.message


def test_exercise_slug_used_twice_across_documents(tmp_path):
    (tmp_path / "a.md").write_text(EXERCISE.replace(" (from 1)", ""))
    (tmp_path / "b.md").write_text(EXERCISE.replace(" (from 1)", ""))
    problem = only(parse_paths([tmp_path]))
    assert problem.path.endswith("b.md") and "slug 'double' is already used" in problem.message


def test_checker_names_come_from_the_sandbox():
    from sandbox import checkers

    assert CHECKERS == tuple(checkers.CHECKERS)


def test_shipped_content_is_clean_and_complete():
    result = parse_paths(sorted((ROOT / "content").iterdir()))
    assert [str(p) for p in result.problems] == []
    go = {s.number: s for s in result.snippets if s.series == "go"}
    tricky = [1028, 1029, 1030, 1031, 1032]
    assert [go[n].run.checker for n in tricky] == ["trailing_ws", "trailing_ws", "unordered_lines",
                                                  "panic", "compile_error"]
    assert len(set(go) - set(tricky)) >= 12  # demos for source questions
    assert go[1028].run.expected_output == "[1 4 3]\n" and go[1029].run.expected_output == "true\n"
    assert go[1028].document_code and go[1029].document_code
    python_tricky = [q for p in result.parts if p.series == "python" for q in p.questions if q.is_tricky]
    assert len(python_tricky) >= 12
    assert {s.number for s in result.snippets if s.series == "python"} == {q.number for q in python_tricky}
    assert len(result.exercises) >= 8 and all(e.question_number for e in result.exercises)


def test_exercise_hints_are_the_items_of_a_list(write_document):
    from quizapp.content import parse_paths

    path = write_document("""
        <!-- exercises: go -->
        # Exercises

        ### hello: Say hello

        #### Prompt

        Print hello.

        #### Starter

        ```go
        package main

        func main() {}
        ```

        #### Solution

        ```go
        package main

        import "fmt"

        func main() { fmt.Println("hello") }
        ```

        #### Expected output

        ```
        hello
        ```

        #### Difficulty

        1

        #### Hints

        - Use `fmt`.
        - `fmt.Println` adds the newline,
          so nothing else is needed.
        """, name="ex.md")
    result = parse_paths([path])
    assert not [p for p in result.problems if p.severity == "error"], result.problems
    exercise = result.exercises[0]
    assert exercise.difficulty == 1
    assert exercise.hints == ("Use `fmt`.", "`fmt.Println` adds the newline,\nso nothing else is needed.")
