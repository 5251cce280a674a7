import json
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from quizapp.catalog.models import Question
from quizapp.content import parse_paths
from tests.conftest import SEED_NUMBERS

SEEDS = sorted(str(path) for path in settings.CONTENT_DIR.glob("*.txt"))


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_check_content_json_on_the_seeds():
    out, _ = run("check_content", "--json", *SEEDS)
    parsed = json.loads(out)
    questions = parsed["questions"]
    assert [question["number"] for question in questions] == SEED_NUMBERS
    assert all(question["has_indepth"] for question in questions)
    assert [q["number"] for q in questions if q["is_tricky"]] == [1028, 1029, 1030, 1031, 1032]
    assert parsed["series"]["go"] == {
        "questions": 45, "with_indepth": 45, "tricky": 5, "tricky_numbers": [1028, 1029, 1030, 1031, 1032]
    }
    assert not any(marker in json.dumps(parsed, ensure_ascii=False) for marker in ("â€", "ðŸ", "Ã©"))


def test_check_content_json_reports_the_deck_per_language():
    out, _ = run("check_content", "--json", str(settings.CONTENT_DIR))
    parsed = json.loads(out)
    go = parsed["deck"]["go"]
    assert go["tricky_snippets"] >= 5 and go["tricky_without_program"] == [] and go["duplicates"] == []
    assert "go-1030" in go["nondeterministic"] and go["topics_covered"]["maps"] >= 1
    assert 0 < go["non_printing_share"] <= 1
    assert go["without_reference"] == [] and go["without_reference_count"] == 0
    snippets = {s["slug"]: s for s in parsed["snippets"]}
    assert "https://go.dev/ref/spec#Close" in snippets["go-1031"]["references"]
    assert {(c["series"], c["question"]) for c in parsed["corrections"]} >= {("go", 1031), ("go", 1036)}


def test_check_content_on_everything_shipped_is_clean():
    out, err = run("check_content", *sorted(str(p) for p in settings.CONTENT_DIR.iterdir() if p.name != "README.md"))
    assert "0 error(s), 0 warning(s)" in out
    assert err == ""


def test_check_content_reports_file_and_line_and_fails(write_document):
    path = write_document("""
        # **1–2: Broken (Part 1)**

        ### 1. A question without an answer

        #### Indepth
        Only notes.
        """)
    with pytest.raises(CommandError):
        run("check_content", str(path))
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("check_content", str(path), stdout=StringIO(), stderr=err)
    assert f"{path}:3: error: question 1 has no answer text" in err.getvalue()


@pytest.mark.django_db
def test_import_content_twice_says_nothing_changed():
    shipped = len(parse_paths([settings.CONTENT_DIR]).questions)
    first, _ = run("import_content")
    assert first.strip().splitlines()[-1].startswith(
        f"created {shipped}, updated 0, unchanged 0, kept-edited 0, errors 0")
    second, _ = run("import_content")
    assert f"created 0, updated 0, unchanged {shipped}" in second and "nothing changed" in second
    assert Question.objects.filter(series="go").count() == 45


@pytest.mark.django_db
def test_import_content_names_kept_admin_edits(write_document):
    path = write_document('# **1–1: One (Part 1)**\n\n### 1. Q?\n"A."\n')
    run("import_content", str(path))
    Question.objects.filter(number=1).update(edited_in_admin=True, answer="Staff text.")
    path.write_text('# **1–1: One (Part 1)**\n\n### 1. Q?\n"A changed."\n')
    out, _ = run("import_content", str(path))
    assert "kept admin edits of questions 1 (use --force to overwrite)" in out
    forced, _ = run("import_content", "--force", str(path))
    assert "updated 1" in forced
    assert Question.objects.get(number=1).answer == "A changed."


@pytest.mark.django_db
def test_import_content_with_errors_exits_non_zero_and_imports_nothing(write_document):
    path = write_document('# **1–2: Dup (Part 1)**\n\n### 1. Q?\n"A."\n\n### 1. Again?\n"B."\n')
    with pytest.raises(CommandError):
        run("import_content", str(path))
    assert not Question.objects.exists()
