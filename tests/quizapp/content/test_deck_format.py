"""Deck metadata of a snippet: topic, difficulty, nondeterminism, outcomes on other toolchains."""

from __future__ import annotations

from quizapp.content import Expectation, parse_paths
from quizapp.content.summary import deck_summary

from .factory import lines, only, parse

GO_HEADING = "# \U0001f9e9 **Go deck**"
PROGRAM = ("#### Program", "```go", "package main", "", 'import "fmt"', "",
           "func main() {", "\tfor i := range 3 {", "\t\tfmt.Println(i)", "\t}", "}", "```")
EXPECTED = ("#### Expected output", "```", "0", "1", "2", "```")


def go_doc(*rows: str, number: int = 1) -> str:
    return lines("<!-- language: go -->", "<!-- series: go-deck -->", GO_HEADING, "",
                 f"### {number}. **Tricky Snippet**: What prints?", '"0 1 2."', "",
                 "#### Indepth", "Range over an int.", "", *rows)


def test_topic_difficulty_and_a_second_toolchain_are_parsed():
    result = parse(go_doc(*PROGRAM, *EXPECTED, "#### Topic", "loops", "#### Difficulty", "2",
                          "#### Expected output (go1.21)", "```", "```",
                          "#### Checker (go1.21)", "compile_error: cannot range over 3"))
    assert result.problems == ()
    (snippet,) = result.snippets
    assert (snippet.topic, snippet.difficulty, snippet.nondeterministic) == ("loops", 2, "")
    assert snippet.expectations == (("go1.21", Expectation("", "compile_error", "cannot range over 3")),)
    assert snippet.expectations_dict() == {"go1.21": {"expected_output": "", "checker_kind": "compile_error",
                                                      "checker_arg": "cannot range over 3"}}
    assert result.questions[0].indepth == "Range over an int."


def test_expected_output_on_another_toolchain_keeps_the_default_checker():
    result = parse(go_doc(*PROGRAM, *EXPECTED, "#### Checker", "whitespace",
                          "#### Expected output (go1.21)", "```", "0 1 2", "```"))
    assert result.problems == ()
    assert result.snippets[0].expectations == (("go1.21", Expectation("0 1 2\n", "whitespace", "")),)


def test_unknown_toolchain_is_an_error():
    problem = only(parse(go_doc(*PROGRAM, *EXPECTED, "#### Expected output (go1.9)", "```", "x", "```")))
    assert problem.severity == "error" and "unknown go toolchain 'go1.9'" in problem.message
    assert problem.line == 29


def test_the_default_toolchain_is_named_by_the_plain_sections():
    from sandbox import languages

    default = languages.get("go").toolchain_ids()[0]
    problem = only(parse(go_doc(*PROGRAM, *EXPECTED, f"#### Expected output ({default})", "```", "0", "```")))
    assert problem.severity == "error" and "is the default go toolchain" in problem.message


def test_output_checker_on_another_toolchain_needs_its_expected_output():
    problem = only(parse(go_doc(*PROGRAM, *EXPECTED, "#### Checker (go1.21)", "exact")))
    assert problem.severity == "error" and "no '#### Expected output (go1.21)'" in problem.message


def test_unknown_topic_is_an_error_naming_the_vocabulary():
    problem = only(parse(go_doc(*PROGRAM, *EXPECTED, "#### Topic", "loopvars")))
    assert (problem.severity, problem.line) == ("error", 29)
    assert "unknown go topic 'loopvars'" in problem.message and "closures" in problem.message


def test_topic_of_another_language_is_unknown():
    problem = only(parse(go_doc(*PROGRAM, *EXPECTED, "#### Topic", "walrus")))
    assert "unknown go topic 'walrus'" in problem.message


def test_difficulty_must_be_one_two_or_three():
    problem = only(parse(go_doc(*PROGRAM, *EXPECTED, "#### Difficulty", "4")))
    assert problem.severity == "error" and "1, 2 or 3" in problem.message


def test_nondeterministic_snippet_needs_an_order_insensitive_checker():
    problem = only(parse(go_doc(*PROGRAM, *EXPECTED, "#### Nondeterministic", "map order")))
    assert problem.severity == "error" and "not 'trailing_ws'" in problem.message
    result = parse(go_doc(*PROGRAM, *EXPECTED, "#### Checker", "unordered_lines",
                          "#### Nondeterministic", "scheduling"))
    assert result.problems == () and result.snippets[0].nondeterministic == "scheduling"


def test_nondeterministic_checks_the_checker_of_every_toolchain():
    problem = only(parse(go_doc(*PROGRAM, *EXPECTED, "#### Checker", "unordered_lines",
                                "#### Nondeterministic", "scheduling",
                                "#### Expected output (go1.21)", "```", "0", "```",
                                "#### Checker (go1.21)", "exact")))
    assert "not 'exact'" in problem.message


def test_same_program_twice_is_an_error_at_the_later_one(tmp_path):
    (tmp_path / "a.md").write_text(go_doc(*PROGRAM, *EXPECTED))
    spaced = [row.replace("\t", "    ") + "  " if row.startswith("\t") else row for row in PROGRAM]
    (tmp_path / "b.md").write_text(go_doc(*spaced, *EXPECTED, number=2))
    problem = only(parse_paths([tmp_path]))
    assert problem.severity == "error" and problem.path == str(tmp_path / "b.md")
    assert "same program as 'go-deck-1'" in problem.message


def test_deck_summary_counts_what_a_learner_gets(tmp_path):
    deck = go_doc(*PROGRAM, *EXPECTED, "#### Topic", "loops", "#### Difficulty", "1",
                  "#### Expected output (go1.21)", "```", "```", "#### Checker (go1.21)",
                  "compile_error: cannot range") + lines(
        "---", "### 2. **Tricky Snippet**: And this?", '"panics."', "#### Program", "```go",
        "package main", "func main() { var m map[int]int; m[1] = 1 }", "```",
        "#### Checker", "panic: assignment to entry in nil map", "#### Topic", "maps",
        "---", "### 3. A plain question with a demo?", '"yes."', "#### Program", "```go",
        "package main", "func main() {}", "```", "#### Expected output", "```", "```",
        "---", "### 4. **Tricky Snippet**: No program yet?", '"none."')
    (tmp_path / "deck.md").write_text(deck)
    result = parse_paths([tmp_path])
    assert result.problems == ()
    go = deck_summary(result)["go"]
    assert go["tricky_snippets"] == 2 and go["tricky_without_program"] == [4]
    assert go["topics_covered"] == {"loops": 1, "maps": 1}
    assert "closures" in go["topics_missing"] and "loops" not in go["topics_missing"]
    assert (go["non_printing"], go["non_printing_share"]) == (1, 0.5)
    assert (go["version_dependent"], go["toolchains"]) == (1, ["go1.21"])
    assert go["source_questions_with_demo"] == [3]
    assert go["duplicates"] == [] and go["difficulty"] == {"1": 1, "2": 0, "3": 0}
    assert deck_summary(result)["python"]["tricky_snippets"] == 0


def shipped_deck() -> dict:
    from pathlib import Path

    result = parse_paths([Path(__file__).resolve().parents[3] / "content"])
    assert result.ok, [str(p) for p in result.errors]
    return deck_summary(result)


def test_shipped_go_deck_is_worth_training_on():
    from quizapp.content.topics import TOPICS

    go = shipped_deck()["go"]
    assert go["tricky_snippets"] >= 100
    assert set(go["topics_covered"]) == set(TOPICS["go"]) and go["without_topic"] == []
    assert go["non_printing_share"] >= 0.2
    assert go["version_dependent"] >= 8 and go["toolchains"] == ["go1.21"]
    assert len(go["source_questions_with_demo"]) >= 12
    assert go["duplicates"] == [] and go["tricky_without_program"] == []
    assert all(go["difficulty"][level] for level in ("1", "2", "3"))
    assert go["difficulty"]["1"] <= 0.15 * go["tricky_snippets"], "too many warm-ups: difficulty 1 is at most 15%"


def test_every_shipped_go_snippet_says_where_its_rule_is_written():
    go = shipped_deck()["go"]
    assert go["without_reference"] == [] and go["without_reference_count"] == 0
    assert go["demos_without_reference"] == []


def test_the_seed_errors_are_corrected_visibly():
    go = shipped_deck()["go"]
    assert {1030, 1031, 1032, 1036} <= set(go["corrected_questions"])


def test_shipped_python_deck_is_worth_training_on():
    from quizapp.content.topics import TOPICS

    python = shipped_deck()["python"]
    assert python["tricky_snippets"] >= 60 and python["without_reference"] == []
    assert set(python["topics_covered"]) == set(TOPICS["python"]) and python["without_topic"] == []
    assert python["non_printing_share"] >= 0.2 and python["duplicates"] == []


# PEPs whose behaviour needs a Python the sandbox does not run (3.11): the version each one arrived in.
LATER_PYTHON_PEPS = {"PEP 701": "3.12", "PEP 667": "3.13", "PEP 758": "3.14", "PEP 765": "3.14"}


def test_python_snippets_that_depend_on_a_later_python_name_the_version():
    from pathlib import Path

    result = parse_paths([Path(__file__).resolve().parents[3] / "content"])
    questions = {(part.series, q.number): q for part in result.parts for q in part.questions}
    checked = 0
    for snippet in (s for s in result.snippets if s.run.language == "python"):
        question = questions[(snippet.series, snippet.number)]
        text = " ".join((question.answer, question.indepth, snippet.explanation))
        for pep, version in LATER_PYTHON_PEPS.items():
            if pep in text:
                checked += 1
                assert f"Python {version}" in snippet.explanation, f"{snippet.slug} depends on {pep}: name {version}"
    assert checked >= 4
