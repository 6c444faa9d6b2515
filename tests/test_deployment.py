"""The deployment files as shipped: the Docker image runs with DEBUG off and no built-in key,
docker-compose.yml commits no secret, publishes on 127.0.0.1 only and runs a worker and Redis,
gunicorn gives up on a silent worker within 30 s.

(Docker itself cannot run here: the compose file is checked by reading it.)"""

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
DOCKERFILE = (ROOT / "Dockerfile").read_text()
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
APP_SERVICES = ("web", "worker")
REQUIRED = re.compile(r"^\$\{(?P<name>\w+):\?[^}]+\}$")  # ${NAME:?message}: compose stops


def image_env() -> dict[str, str]:
    """The variables the Dockerfile's ENV lines set."""
    found: dict[str, str] = {}
    for line in DOCKERFILE.splitlines():
        if line.startswith("ENV "):
            for pair in shlex.split(line[4:]):
                name, value = pair.split("=", 1)
                found[name] = value
    return found


def run_as_in_the_image(*args: str, **env: str) -> subprocess.CompletedProcess:
    """manage.py with the image's environment (and nothing of ours that it would not have)."""
    ours = {"DEBUG", "SECRET_KEY", "SECRET_KEY_FILE", "DJANGO_SETTINGS_MODULE", "HTTPS_ONLY"}
    environment = {k: v for k, v in os.environ.items() if k not in ours}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**environment, **image_env(), **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


class TestDockerImage:
    def test_debug_is_off_and_no_key_is_built_in(self):
        env = image_env()
        assert env["DEBUG"] == "0"
        assert "SECRET_KEY" not in env and "SECRET_KEY_FILE" not in env

    def test_without_a_key_the_site_refuses_to_start_saying_why(self):
        result = run_as_in_the_image("check")
        assert result.returncode == 1
        assert result.stderr.strip().splitlines()[-1] == (
            "django.core.exceptions.ImproperlyConfigured: SECRET_KEY must be set when DEBUG is "
            "off: give SECRET_KEY, or SECRET_KEY_FILE naming a file that holds it (a Docker "
            "secret)."
        )

    def test_a_docker_secret_file_gives_the_key(self, tmp_path):
        (tmp_path / "secret_key").write_text("k" * 60 + "\n")
        result = run_as_in_the_image("check", SECRET_KEY_FILE=str(tmp_path / "secret_key"))
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == "System check identified no issues (0 silenced)."

    def test_it_installs_the_locked_dependencies_checking_their_hashes(self):
        assert "COPY requirements.txt ." in DOCKERFILE
        assert "RUN pip install --no-cache-dir --require-hashes -r requirements.txt" in DOCKERFILE

    def test_it_serves_with_the_gunicorn_configuration(self):
        (command,) = [line for line in DOCKERFILE.splitlines() if line.startswith("CMD ")]
        assert command == 'CMD ["gunicorn", "--config", "gunicorn.conf.py", "config.wsgi"]'


def gunicorn_config(**env: str) -> dict[str, str]:
    """gunicorn's own reading of gunicorn.conf.py (--print-config), as name: value."""
    result = subprocess.run(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "--print-config",
            "--config",
            "gunicorn.conf.py",
            "config.wsgi",
        ],
        cwd=ROOT,
        env={**{k: v for k, v in os.environ.items() if k != "WEB_CONCURRENCY"}, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    pairs = (line.split("=", 1) for line in result.stdout.splitlines() if "=" in line)
    return {name.strip(): value.strip() for name, value in pairs}


class TestGunicorn:
    def test_a_silent_worker_is_replaced_after_30_seconds_not_300(self):
        config = gunicorn_config()
        assert (config["timeout"], config["graceful_timeout"]) == ("30", "20")

    def test_workers_come_from_web_concurrency(self):
        assert gunicorn_config()["workers"] == "3"
        assert gunicorn_config(WEB_CONCURRENCY="5")["workers"] == "5"

    def test_it_listens_on_this_machine_only_unless_told(self):
        assert gunicorn_config()["bind"] == "['127.0.0.1:8000']"
        in_the_image = gunicorn_config(GUNICORN_BIND=image_env()["GUNICORN_BIND"])
        assert in_the_image["bind"] == "['0.0.0.0:8000']"


class TestCompose:
    def test_no_secret_key_is_committed_one_must_be_given(self):
        for name in APP_SERVICES:
            secret = SERVICES[name]["environment"]["SECRET_KEY"]
            assert REQUIRED.match(secret)["name"] == "SECRET_KEY", name

    def test_the_file_that_may_hold_it_is_ignored_by_git_and_docker(self):
        ignored = subprocess.run(["git", "check-ignore", "-q", ".env"], cwd=ROOT, check=False)
        assert ignored.returncode == 0
        assert ".env" in (ROOT / ".dockerignore").read_text().splitlines()

    def test_the_site_is_published_on_127_0_0_1_only(self):
        published = {
            name: service.get("ports", [])
            for name, service in SERVICES.items()
            if "ports" in service
        }
        assert published == {"web": ["127.0.0.1:8000:8000"]}

    def test_the_site_runs_without_debug(self):
        for name in APP_SERVICES:
            assert SERVICES[name]["environment"]["DEBUG"] == "0", name

    def test_a_worker_imports_uploads_and_is_restarted_when_it_stops(self):
        worker = SERVICES["worker"]
        assert worker["command"] == "python manage.py worker --no-reload"
        assert worker["build"] == SERVICES["web"]["build"] == "."
        assert worker["restart"] == "unless-stopped"
        assert worker["depends_on"]["db"] == {"condition": "service_healthy"}

    def test_every_service_is_restarted_when_it_stops(self):
        assert {name: service["restart"] for name, service in SERVICES.items()} == {
            "db": "unless-stopped",
            "redis": "unless-stopped",
            "web": "unless-stopped",
            "worker": "unless-stopped",
        }

    @pytest.mark.parametrize("name", APP_SERVICES)
    def test_the_site_and_the_worker_share_the_redis_cache(self, name):
        service = SERVICES[name]
        assert service["environment"]["CACHE_URL"] == "redis://redis:6379/0"
        assert service["depends_on"]["redis"] == {"condition": "service_healthy"}
        assert SERVICES["redis"]["image"].startswith("redis:")
        assert '--save ""' in SERVICES["redis"]["command"]  # a cache: nothing on disk

    def test_gunicorn_runs_with_its_configuration(self):
        assert (
            SERVICES["web"]["command"]
            .strip()
            .endswith('exec gunicorn --config gunicorn.conf.py config.wsgi"')
        )
