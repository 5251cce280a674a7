"""The language registry: each module of sandbox/languages is a language, found without a list."""

import pkgutil

import pytest

import sandbox.languages
from sandbox import languages


def test_the_registry_finds_every_module_of_the_package():
    modules = {module.name for module in pkgutil.iter_modules(sandbox.languages.__path__)} - {"base"}
    assert modules == set(languages.names())


@pytest.mark.parametrize("language", languages.all_languages(), ids=lambda language: language.name)
def test_a_language_says_everything_the_site_needs(language):
    assert language.title and language.editor_mode and language.hello_world
    assert language.file_name.startswith("main.")
    assert languages.for_file(f"snippet{language.file_name[4:]}") is language
    assert language.self_tests


def test_extra_toolchains_are_installed():
    for language in languages.all_languages():
        assert set(language.extra_toolchains) <= set(language.toolchain_ids()), language.name


def test_aliases_resolve_to_the_registered_name():
    assert languages.canonical_name("golang") == "go" and languages.canonical_name("Py") == "python"
    assert languages.canonical_name("cobol") is None
