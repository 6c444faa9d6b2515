"""Settings come from the environment and fail loudly, naming the variable, on bad values."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from config.env import env_bool, env_database, env_list, env_origins, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
SETTINGS_VARIABLES = {
    "SECRET_KEY",
    "DEBUG",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "HTTPS_ONLY",
    "DJANGO_SETTINGS_MODULE",
}
LONG_SECRET_KEY = "k7#Qz!v2@Lr9$Xp4^Tm6&Wn8*Hs1(Jd3)Fg5_Bc0+Ny-Ue=Ai{Ko}Pl[Mq]Rt|Sv;Ex:Gw"


class TestEnvBool:
    @pytest.mark.parametrize("word", ["1", "true", "YES", " on "])
    def test_true_words_are_true(self, monkeypatch, word):
        monkeypatch.setenv("DEBUG", word)
        assert env_bool("DEBUG", False) is True

    @pytest.mark.parametrize("word", ["0", "false", "No", "off", ""])
    def test_false_words_are_false(self, monkeypatch, word):
        monkeypatch.setenv("DEBUG", word)
        assert env_bool("DEBUG", True) is False

    def test_an_unset_variable_gives_the_default(self, monkeypatch):
        monkeypatch.delenv("DEBUG", raising=False)
        assert env_bool("DEBUG", True) is True
        assert env_bool("DEBUG", False) is False

    @pytest.mark.parametrize("word", ["maybe", "2", "enabled"])
    def test_anything_else_is_refused_naming_the_variable(self, monkeypatch, word):
        monkeypatch.setenv("DEBUG", word)
        with pytest.raises(ImproperlyConfigured, match=rf"^DEBUG='{word}' is not a boolean"):
            env_bool("DEBUG", True)


class TestEnvDatabase:
    def test_an_unset_variable_gives_the_sqlite_default(self, monkeypatch, tmp_path):
        monkeypatch.delenv("DATABASE_URL", raising=False)
        config = env_database("DATABASE_URL", f"sqlite:///{tmp_path / 'db.sqlite3'}")
        assert config["ENGINE"] == "django.db.backends.sqlite3"
        assert config["NAME"] == str(tmp_path / "db.sqlite3")

    def test_a_postgres_url_is_read(self, monkeypatch):
        monkeypatch.setenv("DATABASE_URL", "postgres://editor:secret@db.example:5433/incidents")
        config = env_database("DATABASE_URL", "sqlite:///unused")
        assert config["ENGINE"] == "django.db.backends.postgresql"
        assert (config["NAME"], config["USER"], config["PASSWORD"]) == (
            "incidents",
            "editor",
            "secret",
        )
        assert (config["HOST"], config["PORT"]) == ("db.example", 5433)

    def test_postgres_connections_ask_for_serial_plans(self, monkeypatch):
        monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/incidents")
        config = env_database("DATABASE_URL", "sqlite:///unused")
        assert config["OPTIONS"]["options"] == "-c max_parallel_workers_per_gather=0"

    def test_options_in_the_url_come_after_ours_and_so_win(self, monkeypatch):
        monkeypatch.setenv(
            "DATABASE_URL",
            "postgres://postgres@127.0.0.1:5432/incidents"
            "?options=-c%20max_parallel_workers_per_gather%3D2",
        )
        config = env_database("DATABASE_URL", "sqlite:///unused")
        assert config["OPTIONS"]["options"] == (
            "-c max_parallel_workers_per_gather=0 -c max_parallel_workers_per_gather=2"
        )

    @pytest.mark.parametrize(
        "url", ["mysql://root@localhost/incidents", "incidents.sqlite3", "http://example.org/db"]
    )
    def test_an_unsupported_database_is_refused_naming_the_variable(self, monkeypatch, url):
        monkeypatch.setenv("DATABASE_URL", url)
        with pytest.raises(ImproperlyConfigured, match=rf"^DATABASE_URL='{url}' is not supported"):
            env_database("DATABASE_URL", "sqlite:///unused")

    def test_a_postgres_url_without_a_database_name_is_refused(self, monkeypatch):
        monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432")
        with pytest.raises(ImproperlyConfigured, match=r"^DATABASE_URL=.* names no database"):
            env_database("DATABASE_URL", "sqlite:///unused")

    def test_a_postgres_url_with_a_bad_port_is_refused_naming_the_variable(self, monkeypatch):
        monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:port/incidents")
        with pytest.raises(ImproperlyConfigured, match=r"^DATABASE_URL=.* could not be read"):
            env_database("DATABASE_URL", "sqlite:///unused")


class TestEnvOrigins:
    def test_origins_are_split_on_commas(self, monkeypatch):
        monkeypatch.setenv(
            "CSRF_TRUSTED_ORIGINS", "https://incidents.example, http://localhost:8000,"
        )
        assert env_origins("CSRF_TRUSTED_ORIGINS") == [
            "https://incidents.example",
            "http://localhost:8000",
        ]

    def test_an_unset_variable_gives_no_origins(self, monkeypatch):
        monkeypatch.delenv("CSRF_TRUSTED_ORIGINS", raising=False)
        assert env_origins("CSRF_TRUSTED_ORIGINS") == []

    @pytest.mark.parametrize("origin", ["incidents.example", "ftp://incidents.example"])
    def test_an_origin_without_a_scheme_is_refused_naming_the_variable(self, monkeypatch, origin):
        monkeypatch.setenv("CSRF_TRUSTED_ORIGINS", f"https://ok.example,{origin}")
        with pytest.raises(ImproperlyConfigured, match=rf"^CSRF_TRUSTED_ORIGINS holds '{origin}'"):
            env_origins("CSRF_TRUSTED_ORIGINS")


class TestEnvStrAndList:
    def test_a_string_is_stripped_and_defaults_when_unset(self, monkeypatch):
        monkeypatch.setenv("CATALOG_DIR", "  /data/catalog \n")
        assert env_str("CATALOG_DIR") == "/data/catalog"
        monkeypatch.delenv("CATALOG_DIR")
        assert env_str("CATALOG_DIR", "fallback") == "fallback"

    def test_a_list_drops_blank_items(self, monkeypatch):
        monkeypatch.setenv("ALLOWED_HOSTS", " a.example ,, b.example ")
        assert env_list("ALLOWED_HOSTS", ["default"]) == ["a.example", "b.example"]
        monkeypatch.delenv("ALLOWED_HOSTS")
        assert env_list("ALLOWED_HOSTS", ["default"]) == ["default"]


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    """Run manage.py in a fresh interpreter with the given environment changes."""
    environment = {key: value for key, value in os.environ.items() if key not in SETTINGS_VARIABLES}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


class TestManagePy:
    def test_without_debug_a_missing_secret_key_stops_the_project(self):
        result = manage("check", DEBUG="0")
        assert result.returncode != 0
        assert "ImproperlyConfigured: SECRET_KEY must be set when DEBUG is off." in result.stderr

    def test_a_bad_debug_value_stops_the_project_naming_the_variable(self):
        result = manage("check", DEBUG="perhaps")
        assert result.returncode != 0
        assert "ImproperlyConfigured: DEBUG='perhaps' is not a boolean" in result.stderr

    def test_the_deploy_check_passes_without_warnings_in_production(self):
        result = manage(
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
            DEBUG="0",
            SECRET_KEY=LONG_SECRET_KEY,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        assert result.stdout.strip() == "System check identified no issues (0 silenced)."
        assert "WARNING" not in result.stderr

    def test_the_deploy_check_flags_debug_left_on(self):
        result = manage("check", "--deploy", DEBUG="1", SECRET_KEY=LONG_SECRET_KEY)
        assert "security.W018" in result.stdout + result.stderr


def test_a_database_url_error_never_shows_the_password(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://app:s3cret@db:port/incidents")
    with pytest.raises(ImproperlyConfigured) as error:
        env_database("DATABASE_URL", "sqlite:///x")
    assert "s3cret" not in str(error.value)
    assert "app:***@db" in str(error.value)


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="max_parallel_workers_per_gather is PostgreSQL's"
)
@pytest.mark.django_db
def test_the_configured_database_plans_serially():
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_parallel_workers_per_gather")
        assert cursor.fetchone()[0] == "0"
