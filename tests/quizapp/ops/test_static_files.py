"""Static files in production: hashed, compressed, cached far ahead; script only where it is used."""

import re

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

pytestmark = pytest.mark.django_db

PRODUCTION_STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
EDITOR_BUNDLE = "vendor/codemirror/editor.min.js"
SCRIPT_BUDGET = 100 * 1024


def test_production_settings_use_the_same_storage(monkeypatch):
    import importlib
    import sys

    monkeypatch.setenv("SECRET_KEY", "x" * 50)
    for name in ("quizapp.settings.base", "quizapp.settings.production"):
        monkeypatch.delitem(sys.modules, name, raising=False)
    production = importlib.import_module("quizapp.settings.production")
    assert production.STORAGES["staticfiles"] == PRODUCTION_STORAGES["staticfiles"]


def test_collected_files_are_hashed_compressed_and_cached_for_a_year(client, tmp_path):
    with override_settings(STORAGES=PRODUCTION_STORAGES, STATIC_ROOT=tmp_path, DEBUG=False):
        call_command("collectstatic", "--noinput", verbosity=0)
        hashed = next(tmp_path.glob("css/app.*.css"))
        assert (tmp_path / "css" / f"{hashed.name}.gz").exists()
        response = client.get(f"/static/css/{hashed.name}", HTTP_ACCEPT_ENCODING="gzip")
        assert response.status_code == 200
        assert response["Content-Encoding"] == "gzip"
        max_age = int(re.search(r"max-age=(\d+)", response["Cache-Control"]).group(1))
        assert max_age >= 365 * 24 * 3600 and "immutable" in response["Cache-Control"]


def _script_bytes(body: str) -> tuple[int, list[str]]:
    sources = re.findall(r'<script src="/static/([^"]+)"', body)
    return sum((settings.BASE_DIR / "static" / source).stat().st_size for source in sources), sources


# The last two fold their editor away until the learner has tried: its bundle comes when it opens.
NO_EDITOR_YET = ["/", "/topics/", "/accounts/login/", "/exercises/", "/search/?q=channel", "/q/go/964/",
                 "/q/go/1028/", "/q/go/961/"]


@pytest.mark.parametrize("url", NO_EDITOR_YET)
def test_pages_without_an_open_editor_load_at_most_100_kb_of_script_and_no_editor(client, seeded_catalog, url):
    size, sources = _script_bytes(client.get(url).content.decode())
    assert EDITOR_BUNDLE not in sources
    assert 0 < size <= SCRIPT_BUDGET, (url, size, sources)


@pytest.mark.parametrize("url", ["/q/go/961/?answer=1"])
def test_pages_with_an_open_editor_load_the_editor_bundle_once(client, seeded_catalog, url):
    _, sources = _script_bytes(client.get(url).content.decode())
    assert sources.count(EDITOR_BUNDLE) == 1
