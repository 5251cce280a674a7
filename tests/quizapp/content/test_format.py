"""Variations of the document format that must parse cleanly."""

from __future__ import annotations

import dataclasses

import ftfy.bad_codecs  # noqa: F401  (registers sloppy-windows-1252)
import pytest

from quizapp.content import ParsedQuestion, parse_document

from .factory import HEADING, document, lines, only, parse, question


def test_minimal_document_parses_three_questions():
    result = parse(document())
    assert result.ok and result.problems == ()
    [part] = result.parts
    assert [q.number for q in part.questions] == [1, 2, 3]
    assert part.questions[0] == ParsedQuestion(
        number=1, title="What is a goroutine?", answer="A light thread.",
        indepth="Scheduled by the runtime.", is_tricky=False, line=3)
    assert part.source == "doc.md" and part.line == 1


def test_utf8_bom_in_bytes_is_ignored():
    result = parse(b"\xef\xbb\xbf" + document().encode("utf-8"))
    assert result.problems == ()
    assert result.parts[0].emoji == "\U0001f9f5"
    assert result.questions[0].line == 3


def test_bom_in_str_is_ignored():
    result = parse("\ufeff" + document())
    assert result.problems == () and result.parts[0].title == "Basics (Part 1)"


def test_crlf_line_endings():
    result = parse(document().replace("\n", "\r\n").encode("utf-8"))
    assert result.problems == ()
    q = result.questions[0]
    assert "\r" not in q.answer + q.indepth + q.title
    assert result.parts[0].title == "Basics (Part 1)"


def test_trailing_spaces_are_stripped_everywhere():
    text = lines(HEADING + "  ", "", "### 1. Title?   ", '"Line one.  ', 'Line two."\t ', "",
                 "#### Indepth   ", "Deep.   ", "---   ")
    result = parse(text)
    assert result.problems == ()
    q = result.questions[0]
    assert (q.title, q.answer, q.indepth) == ("Title?", "Line one.\nLine two.", "Deep.")


def test_fenced_code_block_in_answer_hides_headings_and_separators():
    text = lines(
        HEADING, "",
        "### 1. Show a YAML file",          # 3
        '"Like this:',
        "```yaml",                            # 5
        "---",
        "### 5. not a question",
        "# not a part",
        "#### Indepth",
        "```",                                # 10
        'Done."', "",
        "#### Indepth", "Deep.", "", "---",
    )
    result = parse(text)
    assert result.problems == ()
    [q] = result.questions
    assert q.answer == ("Like this:\n```yaml\n---\n### 5. not a question\n# not a part\n"
                        "#### Indepth\n```\nDone.")
    assert q.indepth == "Deep."


def test_fenced_code_block_in_indepth_and_tilde_fences():
    text = lines(HEADING, "", "### 1. Q?", '"A."', "", "#### Indepth", "Code:",
                 "~~~go", "---", "### 2. no", "~~~", "End.", "---")
    result = parse(text)
    assert result.problems == ()
    assert result.questions[0].indepth == "Code:\n~~~go\n---\n### 2. no\n~~~\nEnd."


def test_indented_fence_inside_list_item():
    text = lines(HEADING, "", "### 1. Q?", '"Steps:', "1.  Write:", "    ```go",
                 "    ---", "    ```", '2.  Run."', "---")
    result = parse(text)
    assert result.problems == ()
    assert "    ---" in result.questions[0].answer


def test_inline_triple_backticks_do_not_open_a_fence():
    text = lines(HEADING, "", "### 1. Q?", '"```x``` is inline."', "---", "### 2. R?", '"B."')
    result = parse(text)
    assert result.problems == ()
    assert [q.number for q in result.questions] == [1, 2]


def test_missing_indepth_gives_empty_string():
    result = parse(document(question(1, indepth=None), question(2)))
    assert result.problems == ()
    first, second = result.questions
    assert first.indepth == "" and not first.has_indepth
    assert second.has_indepth


def test_missing_last_separator():
    result = parse(document(question(1), question(2, separator=False)))
    assert result.problems == ()
    assert result.questions[1].indepth == "Scheduled by the runtime."


def test_separator_between_questions_is_optional():
    text = lines(HEADING, "", "### 1. A?", '"a."', "### 2. B?", '"b."')
    result = parse(text)
    assert result.problems == ()
    assert [q.answer for q in result.questions] == ["a.", "b."]


def test_quotes_inside_answer_are_kept_and_only_outer_pair_removed():
    answer = '"He said "stop" and I said \'no\'.\nThen "Maybe"."'
    result = parse(document(question(1, answer=answer)))
    assert result.questions[0].answer == 'He said "stop" and I said \'no\'.\nThen "Maybe".'


def test_curly_outer_quotes_are_removed():
    result = parse(document(question(1, answer="\u201cIt\u2019s a \u201cthing\u201d.\u201d")))
    assert result.questions[0].answer == "It\u2019s a \u201cthing\u201d."


def test_answer_without_outer_quotes_is_kept_verbatim():
    result = parse(document(question(1, answer="Plain answer with \"quotes\" inside.")))
    assert result.questions[0].answer == 'Plain answer with "quotes" inside.'


def test_double_backtick_spans_are_kept():
    answer = '"Use ``a `b` c`` and `` ` `` here."'
    result = parse(document(question(1, answer=answer)))
    assert result.questions[0].answer == "Use ``a `b` c`` and `` ` `` here."


def test_numbered_lists_keep_their_line_breaks():
    answer = '"1.  **Channels**: pass it.\n2.  **Mutex**: lock it.\nPick one."'
    result = parse(document(question(1, answer=answer)))
    assert result.problems == ()
    assert result.questions[0].answer.splitlines() == [
        "1.  **Channels**: pass it.", "2.  **Mutex**: lock it.", "Pick one."]


def test_star_bullets_are_kept():
    answer = '"Options:\n*   **Pro**: fast.\n*   **Con**: `unsafe`."'
    result = parse(document(question(1, answer=answer)))
    assert result.problems == ()
    assert result.questions[0].answer == "Options:\n*   **Pro**: fast.\n*   **Con**: `unsafe`."


def test_multi_paragraph_answer_keeps_blank_lines():
    answer = '"First paragraph.\n\nSecond paragraph."'
    result = parse(document(question(1, answer=answer)))
    assert result.questions[0].answer == "First paragraph.\n\nSecond paragraph."


@pytest.mark.parametrize("heading", [
    "# \U0001f9f5 **1\u20133: Basics**",        # en dash (the normal form)
    "# \U0001f9f5 **1-3: Basics**",             # hyphen
    "# \U0001f9f5 **1\u20143: Basics**",        # em dash
    "# \U0001f9f5 **1 \u2013 3: Basics**",      # spaces around the dash
    "# \U0001f9f5 1\u20133: Basics",            # no bold
    "# **1\u20133: Basics**",                   # no emoji
    "# 1-3: Basics",                            # neither
    "# \U0001f9f5 **1\u20133**: Basics",        # bold range only
])
def test_heading_variants(heading):
    result = parse(document(heading=heading))
    assert result.problems == ()
    part = result.parts[0]
    assert (part.declared_start, part.declared_end, part.title) == (1, 3, "Basics")
    assert part.emoji == ("" if heading.startswith(("# *", "# 1")) else "\U0001f9f5")


def test_heading_with_multi_codepoint_emoji():
    result = parse(document(heading="# \u2699\ufe0f **1\u20133: Tooling**"))
    assert result.parts[0].emoji == "\u2699\ufe0f"
    assert result.parts[0].title == "Tooling"


def test_heading_without_range():
    result = parse(document(heading="# \U0001f9f5 **Basics**"))
    assert result.problems == ()
    part = result.parts[0]
    assert (part.declared_start, part.declared_end, part.title) == (None, None, "Basics")


@pytest.mark.parametrize("marker", [
    "**Tricky Snippet**:", "**Tricky Snippet:**", "Tricky Snippet:", "**tricky snippet**:",
])
def test_tricky_marker_is_detected_and_removed(marker):
    result = parse(document(question(1, title=f"{marker} What does `x` print?"), question(2)))
    tricky, plain = result.questions
    assert tricky.is_tricky and tricky.title == "What does `x` print?"
    assert not plain.is_tricky


def test_word_tricky_in_a_title_is_not_a_marker():
    result = parse(document(question(1, title="Why are tricky snippets useful?")))
    assert not result.questions[0].is_tricky


def test_metadata_comments_set_language_and_series():
    meta = "<!-- language: Python -->\n<!-- series: python-core -->\n\n"
    result = parse(document(meta=meta))
    assert result.problems == ()
    part = result.parts[0]
    assert (part.language, part.series) == ("python", "python-core")
    assert result.questions[0].line == 6


def test_series_defaults_to_language_and_language_to_go():
    assert (parse(document()).parts[0].language, parse(document()).parts[0].series) == ("go", "go")
    part = parse(document(meta="<!-- language: python -->\n")).parts[0]
    assert (part.language, part.series) == ("python", "python")


def test_plain_html_comments_before_heading_are_ignored():
    meta = "<!-- generated by hand -->\n<!--\nmulti-line\n-->\n"
    result = parse(document(meta=meta))
    assert result.problems == () and len(result.questions) == 3


def test_mojibake_is_repaired_in_str_and_bytes():
    clean = document(question(1, title="It\u2019s \u201cfine\u201d \u2013 ok?",
                              answer='"Caf\u00e9 \u00e0 la \U0001f9f5."'))
    broken = clean.encode("utf-8").decode("sloppy-windows-1252")
    assert "\u00e2\u20ac" in broken
    for data in (broken, broken.encode("utf-8")):
        result = parse(data)
        assert result.problems == ()
        q = result.questions[0]
        assert q.title == "It\u2019s \u201cfine\u201d \u2013 ok?"
        assert q.answer == "Caf\u00e9 \u00e0 la \U0001f9f5."
        assert result.parts[0].emoji == "\U0001f9f5"


def test_correct_unicode_text_is_left_alone():
    title = "Was ist \u00fcblich? \u00c0 la carte, na\u00efve \u2018quotes\u2019 \u2014 \uff21?"
    result = parse(document(question(1, title=title)))
    assert result.questions[0].title == title


def test_unknown_subsection_text_is_kept_in_indepth():
    text = lines(HEADING, "", "### 1. Q?", '"A."', "", "#### Indepth", "Deep.", "",
                 "#### Example", "Code here.", "---")
    result = parse(text)
    assert result.questions[0].indepth == "Deep.\n\n#### Example\n\nCode here."
    assert "unknown subsection" in only(result).message


def test_several_parts_in_one_document():
    text = document(question(1), question(2), question(3)) + document(
        question(4), question(5), heading="# \U0001f9e9 **4\u20135: More**")
    result = parse(text)
    assert result.problems == ()
    assert [(p.title, len(p.questions)) for p in result.parts] == [("Basics (Part 1)", 3),
                                                                    ("More", 2)]


def test_content_hash_changes_with_content_but_not_with_line():
    q = parse(document()).questions[0]
    assert q.content_hash() == dataclasses.replace(q, line=99).content_hash()
    for change in ({"title": "x"}, {"answer": "x"}, {"indepth": "x"}, {"is_tricky": True},
                   {"number": 7}):
        assert dataclasses.replace(q, **change).content_hash() != q.content_hash()


def test_problem_str_format():
    result = parse(lines(HEADING, "", "### 1. Q?", "", "---"))
    assert str(only(result)) == "doc.md:3: error: question 1 has no answer text; add the " \
                                "answer in double quotes below the heading"


def test_path_is_kept_as_given():
    assert parse_document(document(), "some/dir/x.txt").parts[0].source == "some/dir/x.txt"
