import os
import subprocess
import sys

import pytest
from django.conf import settings
from ruamel.yaml import YAML

COMPOSE = settings.BASE_DIR / "docker-compose.yml"


def validate_compose(path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.compose-spec", str(path)],
        capture_output=True, text=True,
    )


@pytest.fixture(scope="module")
def compose():
    return YAML(typ="safe").load(COMPOSE.read_text())


def test_compose_file_matches_the_compose_spec():
    result = validate_compose(COMPOSE)
    assert result.returncode == 0, result.stdout + result.stderr


def test_compose_validator_rejects_a_broken_file(tmp_path):
    broken = tmp_path / "docker-compose.yml"
    broken.write_text(COMPOSE.read_text().replace("restart: unless-stopped", "restart: [sometimes]", 1))
    assert validate_compose(broken).returncode != 0


def test_compose_has_the_production_services(compose):
    services = compose["services"]
    assert set(services) >= {"db", "redis", "web", "worker", "beat"}
    assert "db-data:/var/lib/postgresql/data" in services["db"]["volumes"]
    assert "--appendonly" in services["redis"]["command"]
    assert "healthz" in " ".join(services["web"]["healthcheck"]["test"])
    assert "migrate" in " ".join(services["web"]["command"]) and "import_content" in " ".join(
        services["web"]["command"]
    )
    worker_command = services["worker"]["command"]
    queues = worker_command[worker_command.index("-Q") + 1].split(",")
    assert "sandbox" in queues and "celery" in queues  # runs, and beat's reaper on the default queue


def test_only_loopback_ports_are_published(compose):
    ports = [str(port) for service in compose["services"].values() for port in service.get("ports", [])]
    assert ports and all(port.startswith("127.0.0.1:") for port in ports)


def test_worker_is_not_privileged_and_has_no_docker_socket(compose):
    worker = compose["services"]["worker"]
    assert not worker.get("privileged")
    assert worker["cap_drop"] == ["ALL"]
    mounts = " ".join(str(volume) for service in compose["services"].values() for volume in service.get("volumes", []))
    assert "docker.sock" not in mounts
    assert worker["init"] is True  # an init reaps what the sandboxes leave to PID 1
    assert not {"ALL", "SYS_PTRACE", "NET_ADMIN", "SYS_MODULE"} & set(worker["cap_add"])


def test_worker_entrypoint_drops_sys_admin_before_the_worker_starts():
    entrypoint = (settings.BASE_DIR / "deploy" / "worker-entrypoint.sh").read_text()
    assert entrypoint.rstrip().splitlines()[-1].startswith("exec setpriv --bounding-set=-sys_admin")


def test_dockerfile_needs_no_frontend_image_from_a_registry():
    lines = (settings.BASE_DIR / "Dockerfile").read_text().splitlines()
    assert not any(line.replace(" ", "").lower().startswith("#syntax=") for line in lines)


def test_web_image_runs_as_non_root():
    dockerfile = (settings.BASE_DIR / "Dockerfile").read_text()
    web_stage = dockerfile.split("AS web", 1)[1].split("FROM ", 1)[0]
    assert "USER web" in web_stage


def run_manage(*args, **environment):
    inherited = {"SECRET_KEY", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}  # test-only settings
    env = {key: value for key, value in os.environ.items() if key not in inherited}
    env.update(environment)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True
    )


def test_production_settings_pass_the_deploy_check():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="quizapp.settings.production",
        SECRET_KEY="k" * 60 + "-a-long-random-production-secret",
        ALLOWED_HOSTS="quiz.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check", DJANGO_SETTINGS_MODULE="quizapp.settings.production")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr
