import pytest

from quizapp.catalog.models import Part, Question
from quizapp.catalog.services import content_import, question_save_by_staff
from tests.conftest import SEED_NUMBERS

pytestmark = pytest.mark.django_db

DOCUMENT = """
# 🧵 **1–2: Basics (Part 1)**

### 1. What is a goroutine?
"A lightweight thread managed by the Go runtime."

#### Indepth
Goroutines start with a small stack.

---

### 2. **Tricky Snippet**: What does `len(nil)` do?
"It does not compile."

#### Indepth
`nil` has no type.
"""


def test_import_of_seeds_creates_every_question(seeded_catalog):
    go = Question.objects.filter(series="go")
    assert sorted(go.values_list("number", flat=True)) == SEED_NUMBERS
    assert Part.objects.filter(series="go").count() == 2
    assert seeded_catalog.created[: len(SEED_NUMBERS)] == SEED_NUMBERS
    assert go.filter(is_tricky=True).count() == 5


def test_imported_text_has_no_mojibake(seeded_catalog):
    for question in Question.objects.all():
        for text in (question.title, question.answer, question.indepth):
            assert "â€" not in text and "ðŸ" not in text
    assert Part.objects.get(declared_start=961).emoji == "🧵"


def test_second_import_changes_nothing_and_says_so(seeded_catalog):
    report = content_import()
    assert report.created == [] and report.updated == []
    assert len(report.unchanged) == Question.objects.count()
    assert report.snippets.created == [] and report.snippets.updated == []
    assert "nothing changed" in report.summary()


def test_changed_document_updates_only_changed_questions(db, write_document):
    path = write_document(DOCUMENT)
    content_import(paths=[path])
    path.write_text(path.read_text().replace("small stack", "2 KiB stack"))
    report = content_import(paths=[path])
    assert report.updated == [1]
    assert report.unchanged == [2]
    assert "2 KiB" in Question.objects.get(number=1).indepth_html


def test_reimport_keeps_admin_edits_unless_forced(db, write_document):
    path = write_document(DOCUMENT)
    content_import(paths=[path])
    question = Question.objects.get(number=1)
    question.answer = "Edited by staff."
    question_save_by_staff(question=question)

    report = content_import(paths=[path])
    assert report.kept_edited == [1]
    assert Question.objects.get(number=1).answer == "Edited by staff."

    forced = content_import(paths=[path], force=True)
    assert forced.updated == [1]
    assert Question.objects.get(number=1).answer.startswith("A lightweight thread")
    assert not Question.objects.get(number=1).edited_in_admin


def test_document_with_errors_imports_nothing(db, write_document):
    broken = write_document(DOCUMENT + '\n### 3. No answer here\n\n#### Indepth\nOnly indepth.\n', "broken.md")
    fine = write_document(DOCUMENT.replace("### 1.", "### 11.").replace("### 2.", "### 12."), "fine.md")
    report = content_import(paths=[broken, fine])
    assert report.errors
    assert any("3" in problem.message and problem.line for problem in report.errors)
    assert report.skipped_documents == [str(broken)]
    assert sorted(Question.objects.values_list("number", flat=True)) == [11, 12]


def test_import_renders_highlighted_code_and_marks_tricky(db, write_document):
    content_import(paths=[write_document(DOCUMENT)])
    tricky = Question.objects.get(number=2)
    assert tricky.is_tricky
    assert "Tricky Snippet" not in tricky.title
    assert '<code class="highlight">' in tricky.title_html
    assert "goroutine" in Question.objects.get(number=1).search_text


def test_hostile_markup_is_rendered_inert(db, write_document):
    hostile = DOCUMENT.replace(
        "A lightweight thread", "<script>alert(1)</script> [click](javascript:alert(2)) A lightweight thread"
    )
    content_import(paths=[write_document(hostile)])
    html = Question.objects.get(number=1).answer_html
    assert "<script" not in html
    assert 'href="javascript' not in html
    assert "&lt;script&gt;" in html
