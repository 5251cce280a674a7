"""Shared set-up for the benchmarks that run Django."""

import os
import tempfile
from pathlib import Path


def fresh_database(prefix: str, database_url: str | None = None) -> Path:
    """Point the test settings at a new SQLite file (or at database_url); returns the work folder."""
    workdir = Path(tempfile.mkdtemp(prefix=prefix))
    os.environ["DATABASE_URL"] = database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "quizapp.settings.test"
    return workdir
