"""Every error and warning kind, each with its exact line number."""

from __future__ import annotations

import pytest

from .factory import HEADING, document, lines, only, parse, question

RANGE_HEADING = "# \U0001f9f5 **1\u20132: Basics**"


def test_duplicate_question_number_is_an_error_at_the_second():
    text = lines(HEADING, "", "### 1. A?", '"a."', "---", "### 1. B?", '"b."')
    problem = only(parse(text))
    assert (problem.severity, problem.line) == ("error", 6)
    assert "duplicate question number 1" in problem.message and "line 3" in problem.message
    assert [q.title for q in parse(text).questions] == ["A?"]


def test_duplicate_across_parts_of_one_document():
    text = lines(HEADING, "", "### 1. A?", '"a."', "# \U0001f9e9 **More**", "### 1. B?", '"b."')
    problem = only(parse(text))
    assert (problem.severity, problem.line) == ("error", 6)


def test_question_without_answer_is_an_error():
    text = lines(HEADING, "", "### 1. A?", '"a."', "---", "### 975. B?", "", "#### Indepth",
                 "Deep only.", "---")
    result = parse(text)
    problem = only(result)
    assert (problem.severity, problem.line) == ("error", 6)
    assert problem.message.startswith("question 975 has no answer text")
    assert [q.number for q in result.questions] == [1]


def test_empty_quoted_answer_is_an_error():
    problem = only(parse(lines(HEADING, "", "### 1. A?", '""', "---")))
    assert (problem.severity, problem.line) == ("error", 3)
    assert "no answer text" in problem.message


def test_question_without_title_is_an_error():
    problem = only(parse(lines(HEADING, "", "### 1.", '"a."')))
    assert (problem.severity, problem.line) == ("error", 3)
    assert "question 1 has no title" in problem.message


def test_question_before_any_part_heading_is_an_error():
    text = lines("### 1. A?", '"a."', "---", HEADING, "", "### 2. B?", '"b."')
    result = parse(text)
    problem = only(result)
    assert (problem.severity, problem.line) == ("error", 1)
    assert "before any part heading" in problem.message
    assert [q.number for q in result.questions] == [2]


def test_document_without_part_heading_is_an_error_at_line_1():
    result = parse(lines("", "### 1. A?", '"a."'))
    problem = only(result)
    assert (problem.severity, problem.line) == ("error", 1)
    assert "no part heading" in problem.message
    assert result.parts == ()


@pytest.mark.parametrize("text", ["", "\n\n  \n", "\ufeff", b"", b"\xef\xbb\xbf\r\n",
                                  "<!-- language: go -->\n"])
def test_empty_document_is_an_error(text):
    problem = only(parse(text))
    assert (problem.severity, problem.line) == ("error", 1)
    assert "empty" in problem.message


def test_question_heading_without_number_is_an_error():
    text = lines(HEADING, "", "### 1. A?", '"a."', "---", "### abc", '"b."', "", "#### Indepth",
                 "x", "---", "### 2. C?", '"c."')
    result = parse(text)
    problem = only(result)
    assert (problem.severity, problem.line) == ("error", 6)
    assert "'### abc' has no number" in problem.message
    assert [q.number for q in result.questions] == [1, 2]


def test_invalid_utf8_is_an_error_with_line_number():
    data = document().encode("utf-8").replace(b"light", b"l\xffght", 1)
    result = parse(data)
    problem = only(result, "error")
    assert problem.line == 4 and "invalid UTF-8" in problem.message
    assert "l\ufffdght" in result.questions[0].answer  # parsing goes on


def test_invalid_utf8_on_several_lines_reports_each_line_once():
    result = parse(b"\xff\xfe\n\n\x80x\xc3")
    assert [(p.line, p.severity) for p in result.errors if "UTF-8" in p.message] == [
        (1, "error"), (3, "error")]


def test_unterminated_code_fence_is_an_error_at_its_opening_line():
    text = lines(HEADING, "", "### 1. A?", '"a.', "```go", "x := 1", "---", "### 2. B?", '"b."')
    result = parse(text)
    problem = only(result)
    assert (problem.severity, problem.line) == ("error", 5)
    assert "never closed" in problem.message


def test_unterminated_html_comment_before_heading_is_an_error():
    problem = only(parse("<!-- language: go\n\n" + document()))
    assert (problem.severity, problem.line) == ("error", 1)
    assert "never closed" in problem.message


def test_heading_range_start_after_end_is_an_error():
    problem = only(parse(document(heading="# \U0001f9f5 **3\u20131: Basics**")))
    assert (problem.severity, problem.line) == ("error", 1)
    assert "3\u20131" in problem.message


def test_heading_range_mismatch_is_a_warning_naming_both_ranges():
    text = document(question(22), question(23), question(41),
                    heading="\n# \U0001f9f5 **21\u201340: Basics**")
    result = parse(text)
    problem = only(result)
    assert (problem.severity, problem.line) == ("warning", 2)
    assert "21\u201340" in problem.message and "22\u201341" in problem.message
    assert result.ok and len(result.questions) == 3


def test_part_without_questions_is_a_warning():
    problem = only(parse(lines(HEADING, "")))
    assert (problem.severity, problem.line) == ("warning", 1)


def test_text_between_heading_and_first_question_is_a_warning():
    text = lines(HEADING, "", "Some intro.", "More intro.", "", "### 1. A?", '"a."')
    result = parse(text)
    problem = only(result)
    assert (problem.severity, problem.line) == ("warning", 3)
    assert "outside any question" in problem.message and "Some intro." in problem.message
    assert result.ok


def test_text_after_separator_before_next_question_is_a_warning():
    text = lines(HEADING, "", "### 1. A?", '"a."', "", "---", "", "stray", "", "---", "",
                 "### 2. B?", '"b."')
    problem = only(parse(text))
    assert (problem.severity, problem.line) == ("warning", 8)


def test_text_before_the_part_heading_is_a_warning():
    problem = only(parse(lines("Preface.", HEADING, "### 1. A?", '"a."')))
    assert (problem.severity, problem.line) == ("warning", 1)


def test_blank_lines_and_separators_outside_questions_are_fine():
    text = lines(HEADING, "", "---", "", "### 1. A?", '"a."', "---", "", "---", "", "")
    assert parse(text).problems == ()


def test_decreasing_question_numbers_are_a_warning():
    text = lines(HEADING, "", "### 2. A?", '"a."', "---", "### 1. B?", '"b."')
    result = parse(text)
    problem = only(result)
    assert (problem.severity, problem.line) == ("warning", 6)
    assert "question 1 comes after question 2" in problem.message
    assert [q.number for q in result.questions] == [2, 1]


def test_unknown_metadata_key_is_a_warning():
    result = parse(document(meta="<!-- language: go -->\n<!-- colour: blue -->\n"))
    problem = only(result)
    assert (problem.severity, problem.line) == ("warning", 2)
    assert "unknown metadata key 'colour'" in problem.message


def test_metadata_without_value_is_a_warning():
    problem = only(parse(document(meta="<!-- series: -->\n")))
    assert (problem.severity, problem.line) == ("warning", 1)


def test_empty_indepth_is_a_warning():
    text = lines(HEADING, "", "### 1. A?", '"a."', "", "#### Indepth", "", "---")
    result = parse(text)
    problem = only(result)
    assert (problem.severity, problem.line) == ("warning", 6)
    assert "empty" in problem.message
    assert result.questions[0].indepth == ""


def test_unknown_subsection_is_a_warning_at_its_heading():
    text = lines(HEADING, "", "### 1. A?", '"a."', "", "#### Notes", "n.", "---")
    result = parse(text)
    problem = only(result)
    assert (problem.severity, problem.line) == ("warning", 6)
    assert "'#### Notes'" in problem.message
    assert result.questions[0].indepth == "#### Notes\n\nn."


def test_second_indepth_is_a_warning_and_appended():
    text = lines(HEADING, "", "### 1. A?", '"a."', "#### Indepth", "one", "#### Indepth", "two")
    result = parse(text)
    assert only(result).line == 7
    assert result.questions[0].indepth == "one\n\ntwo"


def test_part_heading_without_title_is_a_warning():
    result = parse(lines("# \U0001f9f5 **1\u20131**", "### 1. A?", '"a."'))
    problem = only(result)
    assert (problem.severity, problem.line) == ("warning", 1)
    assert result.parts[0].title == ""


def test_problems_are_sorted_by_line_and_errors_warnings_split():
    text = lines(HEADING, "intro", "### 1.", '"a."', "### 1. B?", "", "#### Other", "x")
    result = parse(text)
    assert [p.line for p in result.problems] == sorted(p.line for p in result.problems)
    assert set(result.errors) | set(result.warnings) == set(result.problems)
    assert not result.ok
    assert [p.line for p in result.errors] == [3, 5]  # no title; duplicate of 1


def test_parse_document_never_raises_on_wrong_type():
    result = parse(12345)  # type: ignore[arg-type]
    assert not result.ok and result.problems[0].line == 1


def test_a_nul_character_is_an_error_at_its_line_and_column():
    text = lines(HEADING, "", "### 1. A?", '"a\x00b."')
    problem = only(parse(text))
    assert (problem.severity, problem.line) == ("error", 4)
    assert "NUL character" in problem.message and "column 3" in problem.message
