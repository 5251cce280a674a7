"""`#### Reference` (where a snippet's rule is written) and an overlay's `#### Correction`."""

from __future__ import annotations

from quizapp.content import ParsedCorrection, parse_paths
from quizapp.content.summary import deck_summary

from .factory import lines, only, parse
from .test_deck_format import EXPECTED, PROGRAM, go_doc

SPEC = "https://go.dev/ref/spec#For_range"


def test_reference_links_are_parsed_in_order_and_change_the_content_hash():
    plain = parse(go_doc(*PROGRAM, *EXPECTED)).snippets[0]
    result = parse(go_doc(*PROGRAM, *EXPECTED, "#### Reference",
                          f"- [The Go spec: For statements with range clause]({SPEC})",
                          "* [Go 1.22 release notes](https://go.dev/doc/go1.22#language)"))
    assert result.problems == ()
    (snippet,) = result.snippets
    assert snippet.references == (("The Go spec: For statements with range clause", SPEC),
                                  ("Go 1.22 release notes", "https://go.dev/doc/go1.22#language"))
    assert snippet.content_hash() != plain.content_hash()


def test_a_go_reference_outside_go_dev_is_an_error():
    problem = only(parse(go_doc(*PROGRAM, *EXPECTED, "#### Reference",
                                "- [strings.Builder](https://pkg.go.dev/strings#Builder)")))
    assert problem.severity == "error" and "not the go documentation" in problem.message
    assert "https://go.dev/" in problem.message and problem.line == 30


def test_the_whole_spec_is_too_generic_to_be_a_reference():
    problem = only(parse(go_doc(*PROGRAM, *EXPECTED, "#### Reference", "- [The spec](https://go.dev/ref/spec)")))
    assert problem.severity == "error" and "add the anchor" in problem.message


def test_a_reference_line_that_is_not_a_link_is_an_error():
    problem = only(parse(go_doc(*PROGRAM, *EXPECTED, "#### Reference", "see the spec")))
    assert problem.severity == "error" and "one link per line" in problem.message


def test_python_references_point_at_the_python_documentation():
    doc = lines("<!-- language: python -->", "# **Py**", "", "### 1. **Tricky Snippet**: What prints?", '"2"',
                "#### Program", "```python", "print(2)", "```", "#### Expected output", "```", "2", "```",
                "#### Reference", "- [PEP 758](https://peps.python.org/pep-0758/)")
    assert parse(doc).snippets[0].references == (("PEP 758", "https://peps.python.org/pep-0758/"),)


def test_deck_summary_lists_the_snippets_without_a_reference(tmp_path):
    (tmp_path / "a.md").write_text(go_doc(*PROGRAM, *EXPECTED, "#### Reference", f"- [Range]({SPEC})"))
    (tmp_path / "b.md").write_text(go_doc(*PROGRAM[:-2], "\tfmt.Println()", "}", "```", *EXPECTED, number=2))
    summary = deck_summary(parse_paths([tmp_path]))["go"]
    assert summary["without_reference"] == ["go-deck-2"]
    assert summary["without_reference_count"] == 1


SOURCE = lines("<!-- series: go -->", "# **1–2: Basics**", "", "### 1. **Tricky Snippet**: Does close(nil) panic?",
               '"It panics."', "", "---", "", "### 2. What is automaxprocs?", '"A must-have."')


def overlay(*rows: str) -> str:
    return lines("<!-- snippets-for: go -->", "<!-- language: go -->", "", *rows)


def test_an_overlay_correction_without_a_program_attaches_to_its_question(tmp_path):
    (tmp_path / "a.md").write_text(SOURCE)
    (tmp_path / "b.md").write_text(overlay("### 2. automaxprocs", "#### Correction",
                                           "The source says it is a must-have; in fact Go 1.25 ...", ""))
    result = parse_paths([tmp_path])
    assert result.problems == () and result.snippets == ()
    assert result.corrections == (ParsedCorrection("go", 2, "The source says it is a must-have; in fact Go 1.25 ...",
                                                   str(tmp_path / "b.md"), 5),)
    assert deck_summary(result)["go"]["corrected_questions"] == [2]


def test_a_correction_next_to_a_program_gives_both(tmp_path):
    (tmp_path / "a.md").write_text(SOURCE)
    (tmp_path / "b.md").write_text(overlay("### 1. close nil", "#### Program", "```go", "package main", "",
                                           "func main() {", "\tvar ch chan int", "\tclose(ch)", "}", "```",
                                           "#### Checker", "panic: close of nil channel",
                                           "#### Correction", "`close(nil)` does not compile."))
    result = parse_paths([tmp_path])
    assert result.problems == ()
    assert [s.slug for s in result.snippets] == ["go-1"] and result.corrections[0].number == 1


def test_a_correction_for_an_unknown_question_or_an_empty_one_is_an_error(tmp_path):
    (tmp_path / "a.md").write_text(SOURCE)
    (tmp_path / "b.md").write_text(overlay("### 7. nothing", "#### Correction", "Wrong.", "",
                                           "### 2. empty", "#### Correction", ""))
    messages = sorted(p.message for p in parse_paths([tmp_path]).problems)
    assert len(messages) == 2
    assert "for question 2 is empty" in messages[0] and "series 'go' has no question 7" in messages[1]


def test_a_correction_in_a_question_document_is_not_a_snippet_section():
    result = parse(go_doc(*PROGRAM, *EXPECTED, "#### Correction", "No."))
    assert result.corrections == ()
    assert any("unknown subsection '#### Correction'" in p.message for p in result.problems)


def test_a_reference_title_may_hold_brackets():
    result = parse(go_doc(*PROGRAM, *EXPECTED, "#### Reference",
                          "- [Package encoding/json: Marshal ([]byte encodes as base64)](https://go.dev/pkg/encoding/json/#Marshal)"))
    assert result.problems == ()
    assert result.snippets[0].references == (
        ("Package encoding/json: Marshal ([]byte encodes as base64)", "https://go.dev/pkg/encoding/json/#Marshal"),)
