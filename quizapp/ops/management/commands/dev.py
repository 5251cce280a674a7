import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand

from quizapp.ops.embedded_redis import EmbeddedRedis


class Command(BaseCommand):
    help = "Run the site, a Celery worker and a project-owned Redis together; Ctrl-C stops all three."

    def add_arguments(self, parser):
        parser.add_argument("--addrport", default="127.0.0.1:8000")
        parser.add_argument("--redis-port", type=int, default=int(os.environ.get("QUIZAPP_REDIS_PORT", 0)) or None)

    def handle(self, *args, addrport, redis_port, **options):
        embedded = None
        environment = dict(os.environ)
        if "REDIS_URL" not in os.environ:
            embedded = EmbeddedRedis(settings.VAR_DIR / "redis", port=redis_port)
            environment["REDIS_URL"] = embedded.start()
            self.stdout.write(f"redis: {environment['REDIS_URL']} (project-owned, data in var/redis)")
        children = [
            subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "quizapp", "worker", "-Q", "sandbox,celery",
                 "--concurrency", os.environ.get("QUIZAPP_WORKERS", "2"), "--loglevel", "INFO", "-n", "dev@%h",
                 # embedded beat: the reaper (runs stuck after a crash) every 30 s
                 "--beat", "--schedule", str(settings.VAR_DIR / "celerybeat-schedule")],
                env=environment,
            ),
            subprocess.Popen(
                [sys.executable, "manage.py", "runserver", addrport, "--noreload"],
                env=environment,
                cwd=settings.BASE_DIR,
            ),
        ]
        self.stdout.write(f"site: http://{addrport}/  (Ctrl-C stops the site, the worker and Redis)")
        stopping = False

        def stop(*_):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        try:
            while not stopping and all(child.poll() is None for child in children):
                time.sleep(0.3)
        finally:
            for child in children:
                if child.poll() is None:
                    child.terminate()
            for child in children:
                try:
                    child.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    child.kill()
            if embedded:
                embedded.stop()
