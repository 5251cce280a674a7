"""Page weight and load time in the browser, on the production settings behind gunicorn.

    .venv/bin/python bench/page_weight.py [--repeat 10] [--json]

Per page: bytes of script, CSS and in total as transferred (compressed, from a cold cache), and the
median of `--repeat` loads of DOMContentLoaded and load (ms from the start of navigation). Chromium is
Debian's /usr/bin/chromium driven by Playwright; the database is a fresh SQLite file with content/
imported; static files are collected with the production storage (WhiteNoise, compressed manifest).
Target: pages without an editor load <= 100 KB of script; the editor bundle only where there is an editor.
"""

import argparse
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
CHROMIUM = "/usr/bin/chromium"
PAGES = {
    "home": "/",
    "topics": "/topics/",
    "login": "/accounts/login/",
    "search": "/search/?q=channel",
    "exercises": "/exercises/",
    "theory question": "/q/go/964/",
    "theory question + demo": "/q/go/961/",
    "tricky question": "/q/go-deck/31/",
}
MEASURE = """() => {
  const nav = performance.getEntriesByType("navigation")[0];
  const resources = performance.getEntriesByType("resource");
  const sum = (test) => resources.filter(test).reduce((total, entry) => total + entry.transferSize, 0);
  return {
    script: sum((entry) => entry.initiatorType === "script" || entry.name.endsWith(".js")),
    css: sum((entry) => entry.name.endsWith(".css")),
    total: nav.transferSize + sum(() => true),
    dcl: nav.domContentLoadedEventEnd, load: nav.loadEventEnd,
  };
}"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def production_env(workdir: Path) -> dict:
    return {
        **os.environ, "DJANGO_SETTINGS_MODULE": "quizapp.settings.production",
        "DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite3'}", "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost", "SECURE_SSL_REDIRECT": "false", "SECURE_HSTS_SECONDS": "0",
        "LOG_LEVEL": "WARNING",
    }


def prepare(env: dict) -> None:
    for command in (["migrate", "--noinput"], ["import_content"], ["collectstatic", "--noinput"]):
        subprocess.run([PYTHON, "manage.py", *command, "-v", "0"], cwd=ROOT, env=env, check=True,
                       stdout=subprocess.DEVNULL)


def serve(env: dict, port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [str(Path(PYTHON).parent / "gunicorn"), "quizapp.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz/live", timeout=1)
            return server
        except OSError:
            time.sleep(0.1)
    server.terminate()
    raise SystemExit("gunicorn did not answer on /healthz/live within 10 s")


def measure(base_url: str, repeat: int) -> dict:
    from playwright.sync_api import sync_playwright

    results = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--headless=new", "--no-sandbox"])
        for name, path in PAGES.items():
            loads = []
            for _ in range(repeat):
                context = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 800})
                page = context.new_page()
                page.goto(path, wait_until="load")
                loads.append(page.evaluate(MEASURE))
                context.close()
            results[name] = {
                "path": path, "script_bytes": loads[0]["script"], "css_bytes": loads[0]["css"],
                "total_bytes": loads[0]["total"],
                "dom_content_loaded_ms": round(statistics.median(load["dcl"] for load in loads), 1),
                "load_ms": round(statistics.median(load["load"] for load in loads), 1),
            }
        browser.close()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    arguments = parser.parse_args()

    env = production_env(Path(tempfile.mkdtemp(prefix="bench-weight-")))
    prepare(env)
    port = _free_port()
    server = serve(env, port)
    try:
        results = measure(f"http://127.0.0.1:{port}", arguments.repeat)
    finally:
        server.terminate()
        server.wait(timeout=10)
    if arguments.json:
        print(json.dumps(results, indent=2))
        return
    print(f"{'page':<24} {'script KB':>9} {'CSS KB':>7} {'total KB':>8} {'DCL ms':>7} {'load ms':>8}"
          f"  (median of {arguments.repeat})")
    for name, row in results.items():
        kilobytes = [row[key] / 1024 for key in ("script_bytes", "css_bytes", "total_bytes")]
        print(f"{name:<24} {kilobytes[0]:>9.1f} {kilobytes[1]:>7.1f} {kilobytes[2]:>8.1f} "
              f"{row['dom_content_loaded_ms']:>7.1f} {row['load_ms']:>8.1f}")


if __name__ == "__main__":
    main()
