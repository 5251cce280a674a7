"""The web tier: gunicorn with threads (gthread), as docker-compose.yml and the Dockerfile start it."""

import os
import subprocess
import sys
import threading
import time
import urllib.request

import pytest
from django.conf import settings
from ruamel.yaml import YAML

from quizapp.ops.embedded_redis import free_port

CONFIG = "deploy/gunicorn.conf.py"


def test_compose_and_the_image_start_gunicorn_with_the_threaded_config():
    compose = YAML(typ="safe").load((settings.BASE_DIR / "docker-compose.yml").read_text())
    assert f"gunicorn quizapp.wsgi:application --config {CONFIG}" in " ".join(compose["services"]["web"]["command"])
    assert f'"--config", "{CONFIG}"' in (settings.BASE_DIR / "Dockerfile").read_text()


@pytest.mark.slow
def test_one_gthread_process_serves_requests_side_by_side(tmp_path):
    port = free_port()
    env = {**os.environ, "WEB_BIND": f"127.0.0.1:{port}", "WEB_WORKERS": "1", "WEB_THREADS": "4",
           "WEB_ACCESS_LOG": str(tmp_path / "access.log"), "DJANGO_SETTINGS_MODULE": "quizapp.settings.test"}
    log = open(tmp_path / "gunicorn.log", "wb")
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "quizapp.wsgi:application", "--config", CONFIG],
                              cwd=settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}/healthz/live"
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(url, timeout=2).read()
                break
            except OSError:
                assert time.monotonic() < deadline and server.poll() is None, (tmp_path / "gunicorn.log").read_text()
                time.sleep(0.2)
        statuses = []

        def fetch():
            statuses.append(urllib.request.urlopen(url, timeout=10).status)

        fetchers = [threading.Thread(target=fetch) for _ in range(16)]
        for fetcher in fetchers:
            fetcher.start()
        for fetcher in fetchers:
            fetcher.join()
        assert statuses == [200] * 16
        assert "Using worker: gthread" in (tmp_path / "gunicorn.log").read_text()
    finally:
        server.terminate()
        server.wait(timeout=30)
