"""verify_snippets with the real sandbox: the trainer checks its own content."""

import functools

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from quizapp.catalog.models import Snippet
from quizapp.catalog.services import content_import

pytestmark = pytest.mark.django_db

WRONG = '''
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
3
```
'''


@functools.cache
def sandbox_unusable() -> str:
    """Why the sandbox cannot run here ('' if it can)."""
    try:
        from sandbox import RunRequest, Verdict, run

        for language, source in (("python", "print(1)"), ("go", 'package main\nfunc main() { println("x") }')):
            result = run(RunRequest(language=language, source=source))
            if result.verdict != Verdict.OK:
                return f"{language}: {result.verdict}: {result.message}"
    except Exception as exc:  # noqa: BLE001 - any failure means "cannot run here"
        return f"{type(exc).__name__}: {exc}"
    return ""


@pytest.fixture
def sandbox():
    reason = sandbox_unusable()
    if reason:
        pytest.skip(f"the sandbox cannot run programs on this machine ({reason})")


@pytest.mark.slow  # every shipped program on every toolchain it names: minutes, not seconds
def test_all_shipped_content_agrees_with_its_expected_outcome(seeded_catalog, sandbox, capsys):
    call_command("verify_snippets")  # raises CommandError (non-zero exit) on any disagreement
    out = capsys.readouterr().out
    assert f"verified {Snippet.objects.count()} snippet(s)" in out and "0 disagree" in out
    assert "is not used" in Snippet.objects.get(slug="go-1028").document_compile_output
    assert "cannot convert nil" in Snippet.objects.get(slug="go-1029").document_compile_output


def test_a_wrong_expected_output_fails_with_the_diff(db, write_document, sandbox, capsys):
    content_import(paths=[write_document(WRONG)])
    with pytest.raises(CommandError, match="1 snippet\\(s\\) disagree.*py-1"):
        call_command("verify_snippets")
    err = capsys.readouterr().err
    assert "py-1: program: expected it to pass the 'trailing_ws' checker, got WRONG_ANSWER" in err
    assert "-3" in err and "+2" in err


def test_as_written_code_that_compiles_is_reported(db, write_document, sandbox, capsys):
    document = WRONG.replace("3\n```", "2\n```") + "\n#### As written\n```python\nprint(2)\n```\n"
    content_import(paths=[write_document(document)])
    with pytest.raises(CommandError):
        call_command("verify_snippets", "py-1")
    assert "'As written' code was expected not to compile" in capsys.readouterr().err


def test_question_page_shows_the_real_compiler_message(client, seeded_catalog, sandbox):
    call_command("verify_snippets", "go-1028", "go-1029")
    for number, message in ((1028, "is not used"), (1029, "cannot convert nil to type int")):
        body = client.get(reverse("catalog:question", args=["go", number])).content.decode()
        assert "As written in the document, this does not compile:" in body
        assert message in body
        assert 'class="highlight"' in body.split("this does not compile:")[1]


LOOP_CLOSURES = '''
<!-- language: go -->
<!-- series: go -->
# 🐹 **1–1: Go**

### 1. **Tricky Snippet**: What prints?
"It depends on the Go version."

#### Program
```go
package main

import "fmt"

func main() {
	var prints []func()
	for i := 0; i < 3; i++ {
		prints = append(prints, func() { fmt.Print(i) })
	}
	for _, p := range prints {
		p()
	}
	fmt.Println()
}
```

#### Expected output
```
012
```

#### Expected output (go1.21)
```
{old}
```
'''


def test_every_toolchain_a_snippet_names_is_verified(db, write_document, sandbox, capsys):
    content_import(paths=[write_document(LOOP_CLOSURES.replace("{old}", "333"))])
    call_command("verify_snippets", "go-1")
    assert "1 agree, 0 disagree" in capsys.readouterr().out


def test_a_wrong_outcome_on_go_1_21_fails_naming_the_toolchain(db, write_document, sandbox, capsys):
    content_import(paths=[write_document(LOOP_CLOSURES.replace("{old}", "012"))])
    with pytest.raises(CommandError, match="go-1"):
        call_command("verify_snippets", "go-1")
    err = capsys.readouterr().err
    assert "go-1: program on go1.21: expected it to pass the 'trailing_ws' checker, got WRONG_ANSWER" in err
    assert "program:" not in err  # the default toolchain agrees
