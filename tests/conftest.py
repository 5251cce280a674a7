import textwrap
from pathlib import Path

import pytest
from django.conf import settings

SEED_NUMBERS = list(range(961, 981)) + list(range(1021, 1046))


@pytest.fixture
def seeded_catalog(db):
    from quizapp.catalog.services import content_import

    report = content_import(paths=[settings.CONTENT_DIR])
    assert not report.errors, report.errors
    return report


@pytest.fixture
def write_document(tmp_path):
    """Writes a small Markdown document (dedented) and returns its path."""

    def write(text: str, name: str = "doc.md", encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.write_bytes(textwrap.dedent(text).lstrip("\n").encode(encoding))
        return path

    return write
