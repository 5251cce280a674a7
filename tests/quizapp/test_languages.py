"""A language is one module in sandbox/languages: the site takes it from the registry, with no migration."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from quizapp.catalog.models import Part, Snippet
from quizapp.content import parse_document
from quizapp.runs.models import Submission
from quizapp.runs.forms import RunForm
from sandbox.languages import Language, base
from tests.factories import SubmissionFactory

pytestmark = pytest.mark.django_db


class Rust(Language):
    name = "rust"
    title = "Rust"
    file_name = "main.rs"
    editor_mode = "rust"
    hello_world = 'fn main() {\n    println!("hello");\n}\n'

    def toolchain_version(self, toolchain_id: str = "") -> str:
        return "rustc 1.80.0"


@pytest.fixture
def rust(monkeypatch):
    language = Rust()
    monkeypatch.setitem(base._REGISTRY, language.name, language)
    monkeypatch.setitem(base._ALIASES, "rs", language.name)
    return language


def test_the_models_accept_a_new_language_without_a_migration(rust):
    for model in (Part, Snippet, Submission):
        assert ("rust", "Rust") in model._meta.get_field("language").choices, model
    call_command("makemigrations", check=True, dry_run=True, verbosity=0)


def test_the_run_form_and_the_editor_offer_a_new_language(rust, client):
    assert RunForm({"language": "rust", "code": "fn main() {}"}).is_valid()
    shared = SubmissionFactory(share_id="a-shared-program", language="python", code="print(1)\n")
    page = client.get(reverse("runs:shared_copy", args=[shared.share_id])).content.decode()  # an editor of any language
    assert '<option value="rust" data-editor-mode="rust"' in page


def test_the_content_format_knows_a_new_language(rust):
    document = "\n".join([
        "<!-- language: rust -->", "# \U0001f980 **1\u20131: Rust**", "",
        "### 1. **Tricky Snippet**: What prints?", '"hello"', "",
        "#### Program", "```rs", rust.hello_world.rstrip("\n"), "```", "",
        "#### Expected output", "```", "hello", "```", "",
    ])
    result = parse_document(document, "rust.md")
    assert result.problems == ()
    assert [snippet.run.language for snippet in result.snippets] == ["rust"]
