import pytest

from quizapp.catalog.models import Question, Snippet
from quizapp.catalog.services import content_import
from quizapp.catalog.snippet_services import snippet_save_by_staff

pytestmark = pytest.mark.django_db

DOCUMENT = '''
<!-- language: python -->
<!-- series: py -->
# 🐍 **1–1: Python**

### 1. **Tricky Snippet**: What prints?
"Two."

#### Program
```python
print(1 + 1)
```

#### Expected output
```
2
```
'''

OVERLAY = '''
<!-- snippets-for: py -->
<!-- language: python -->
### 1.
#### Program
```
print(2)
```
#### As written
```
print(2
```
#### Expected output
```
2
```
'''


def test_shipped_snippets_and_exercises_are_imported_and_linked(seeded_catalog):
    snippet = Snippet.objects.get(slug="go-1028")
    assert snippet.question == Question.objects.get(series="go", number=1028)
    assert (snippet.kind, snippet.language, snippet.expected_output) == ("tricky", "go", "[1 4 3]\n")
    assert "append(s[:1], 4)" in snippet.document_code and snippet.starter_code == snippet.solution_code
    assert Snippet.objects.get(slug="go-1031").checker == "panic"
    assert Snippet.objects.get(slug="go-1032").checker_arg == "cannot take address"
    exercise = Snippet.objects.get(slug="or-done")
    assert exercise.kind == "exercise" and exercise.question.number == 1021
    assert "func main()" in exercise.harness and "<p>" in exercise.prompt_html
    assert Snippet.objects.filter(kind="tricky", language="python").count() >= 12
    assert Snippet.objects.filter(kind="exercise").count() >= 8
    assert seeded_catalog.snippets.created and not seeded_catalog.errors


def test_second_import_changes_no_snippet(seeded_catalog):
    before = dict(Snippet.objects.values_list("slug", "updated_at"))
    report = content_import()
    assert report.snippets.created == [] and report.snippets.updated == []
    assert len(report.snippets.unchanged) == len(before)
    assert dict(Snippet.objects.values_list("slug", "updated_at")) == before


def test_reimport_keeps_snippet_admin_edits_unless_forced(db, write_document):
    path = write_document(DOCUMENT)
    content_import(paths=[path])
    snippet = Snippet.objects.get(slug="py-1")
    snippet.expected_output = "3\n"
    snippet_save_by_staff(snippet=snippet)
    assert content_import(paths=[path]).snippets.kept_edited == ["py-1"]
    assert Snippet.objects.get(slug="py-1").expected_output == "3\n"
    assert content_import(paths=[path], force=True).snippets.updated == ["py-1"]
    assert Snippet.objects.get(slug="py-1").expected_output == "2\n"


QUESTION_ONLY = DOCUMENT.split("#### Program")[0]


def test_overlay_imported_alone_attaches_to_an_existing_question(db, write_document):
    content_import(paths=[write_document(QUESTION_ONLY)])
    report = content_import(paths=[write_document(OVERLAY, "overlay.md")])
    assert not report.errors, report.errors
    snippet = Snippet.objects.get(slug="py-1")
    assert snippet.document_code == "print(2\n"
    assert snippet.question == Question.objects.get(series="py", number=1)


def test_changed_as_written_code_forgets_the_old_compiler_message(db, write_document):
    content_import(paths=[write_document(QUESTION_ONLY)])
    overlay = write_document(OVERLAY, "overlay.md")
    content_import(paths=[overlay])
    Snippet.objects.filter(slug="py-1").update(document_compile_output="SyntaxError")
    overlay.write_text(overlay.read_text().replace("print(2\n```\n#### Expected", "print(2 +\n```\n#### Expected"))
    report = content_import(paths=[overlay])
    assert report.snippets.updated == ["py-1"]
    assert Snippet.objects.get(slug="py-1").document_compile_output == ""


def test_snippet_for_a_question_in_a_broken_document_is_not_imported(db, write_document):
    broken = write_document(DOCUMENT.replace('"Two."', ""), "broken.md")
    overlay = write_document(OVERLAY, "overlay.md")
    report = content_import(paths=[broken, overlay])
    assert any("no question 1" in problem.message for problem in report.errors)
    assert not Snippet.objects.exists()


GO_DECK = '''
<!-- language: go -->
<!-- series: deck -->
# 🧩 **1–1: Loops**

### 1. **Tricky Snippet**: What does ranging over an int print?
"0, 1 and 2 on Go 1.22 and later; Go 1.21 rejects it."

#### Program
```go
package main

import "fmt"

func main() {
	for i := range 3 {
		fmt.Println(i)
	}
}
```

#### Expected output
```
0
1
2
```

#### Checker
unordered_lines

#### Expected output (go1.21)
```
```

#### Checker (go1.21)
compile_error: cannot range over 3

#### Topic
loops

#### Difficulty
2

#### Nondeterministic
not really; this only proves the field is stored
'''


def test_deck_metadata_is_stored_on_the_snippet(db, write_document):
    report = content_import(paths=[write_document(GO_DECK)])
    assert not report.errors, report.errors
    snippet = Snippet.objects.get(slug="deck-1")
    assert (snippet.topic, snippet.difficulty) == ("loops", 2)
    assert snippet.nondeterministic and snippet.nondeterministic_reason.startswith("not really")
    assert snippet.expectations == {"go1.21": {"expected_output": "", "checker_kind": "compile_error",
                                               "checker_arg": "cannot range over 3"}}
    assert (snippet.expected_output, snippet.checker) == ("0\n1\n2\n", "unordered_lines")


def test_shipped_map_order_snippet_is_nondeterministic(seeded_catalog):
    snippet = Snippet.objects.get(slug="go-1030")
    assert snippet.nondeterministic and "order" in snippet.nondeterministic_reason
    assert (snippet.topic, snippet.checker) == ("maps", "unordered_lines")
    assert not Snippet.objects.get(slug="go-1028").nondeterministic


def test_staff_cannot_save_an_unknown_topic_or_an_ordered_checker_for_a_nondeterministic_snippet(db):
    from django.core.exceptions import ValidationError

    from tests.factories import SnippetFactory

    snippet = SnippetFactory(topic="maps")
    snippet.topic = "walrus"  # a Python topic
    with pytest.raises(ValidationError, match="unknown go topic 'walrus'"):
        snippet_save_by_staff(snippet=snippet)
    snippet.topic, snippet.nondeterministic = "maps", True
    with pytest.raises(ValidationError, match="order- or pattern-insensitive"):
        snippet_save_by_staff(snippet=snippet)
    snippet.checker = "unordered_lines"
    snippet_save_by_staff(snippet=snippet)
    assert Snippet.objects.get(pk=snippet.pk).nondeterministic


CORRECTED = '''
<!-- snippets-for: py -->
<!-- language: python -->
### 1.
#### Correction
The source says *two*; in fact it prints `2`.

#### Program
```
print(2)
```
#### Expected output
```
2
```
#### Reference
- [Built-in print](https://docs.python.org/3/library/functions.html#print)
'''


def test_overlay_correction_and_references_are_imported_and_a_dropped_correction_is_cleared(db, write_document):
    content_import(paths=[write_document(QUESTION_ONLY)])
    overlay = write_document(CORRECTED, "overlay.md")
    report = content_import(paths=[overlay])
    assert not report.errors, report.errors
    question = Question.objects.get(series="py", number=1)
    assert question.correction == "The source says *two*; in fact it prints `2`."
    assert "<em>two</em>" in question.correction_html and question.correction_source.endswith("overlay.md")
    assert question.answer == "Two."  # the document's own text stays as written
    assert Snippet.objects.get(slug="py-1").references == [
        ["Built-in print", "https://docs.python.org/3/library/functions.html#print"]]
    assert content_import(paths=[overlay]).corrections == 0
    correction = "#### Correction\nThe source says *two*; in fact it prints `2`.\n"
    overlay.write_text(overlay.read_text().replace(correction, ""))
    assert content_import(paths=[overlay]).corrections == 1
    assert Question.objects.get(series="py", number=1).correction_html == ""


def test_staff_cannot_save_a_go_reference_outside_go_dev(db):
    from django.core.exceptions import ValidationError

    from tests.factories import SnippetFactory

    snippet = SnippetFactory(topic="maps")
    snippet.references = [["strings.Builder", "https://pkg.go.dev/strings#Builder"]]
    with pytest.raises(ValidationError, match="not the go documentation"):
        snippet_save_by_staff(snippet=snippet)
    snippet.references = ["https://go.dev/ref/spec#Map_types"]
    with pytest.raises(ValidationError, match="is not a"):
        snippet_save_by_staff(snippet=snippet)
    snippet.references = [["The Go spec: Map types", "https://go.dev/ref/spec#Map_types"]]
    snippet_save_by_staff(snippet=snippet)
    assert Snippet.objects.get(pk=snippet.pk).references == [["The Go spec: Map types", "https://go.dev/ref/spec#Map_types"]]
