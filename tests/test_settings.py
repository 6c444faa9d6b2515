"""Settings come from the environment and fail loudly, naming the variable, on bad values."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from config.env import (
    CACHE_TABLE,
    env_bool,
    env_cache,
    env_database,
    env_int,
    env_list,
    env_origins,
    env_secret,
    env_str,
)

BASE_DIR = Path(__file__).resolve().parent.parent
SETTINGS_VARIABLES = {
    "SECRET_KEY",
    "SECRET_KEY_FILE",
    "DEBUG",
    "CACHE_URL",
    "TRUSTED_PROXIES",
    "DB_CONNECT_TIMEOUT",
    "DB_STATEMENT_TIMEOUT",
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

    def test_postgres_connections_give_up_and_cancel_after_the_timeouts_given(self, monkeypatch):
        monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/incidents")
        config = env_database(
            "DATABASE_URL", "sqlite:///unused", connect_timeout=5, statement_timeout=10
        )
        assert config["OPTIONS"]["connect_timeout"] == 5
        assert config["OPTIONS"]["options"] == (
            "-c max_parallel_workers_per_gather=0 -c statement_timeout=10000"
        )

    def test_a_connect_timeout_in_the_url_wins(self, monkeypatch):
        monkeypatch.setenv(
            "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/incidents?connect_timeout=2"
        )
        config = env_database("DATABASE_URL", "sqlite:///unused", connect_timeout=5)
        assert config["OPTIONS"]["connect_timeout"] == 2

    def test_sqlite_has_no_postgres_options(self, monkeypatch, tmp_path):
        monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'db.sqlite3'}")
        config = env_database(
            "DATABASE_URL", "sqlite:///unused", connect_timeout=5, statement_timeout=10
        )
        assert "options" not in config["OPTIONS"] and "connect_timeout" not in config["OPTIONS"]

    def test_a_sqlite_site_database_writes_ahead_of_its_file(self, monkeypatch, tmp_path):
        wrapper, connection = sqlite_site_connection(monkeypatch, tmp_path / "db.sqlite3")
        try:
            assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
            assert connection.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
        finally:
            connection.close()

    def test_a_long_read_on_sqlite_locks_no_write_out(self, monkeypatch, tmp_path):
        """An export reads every table in one transaction (export_data): the site's writes
        (a page cached, an import) go on meanwhile."""
        path = tmp_path / "db.sqlite3"
        wrapper, reader = sqlite_site_connection(monkeypatch, path)
        reader.execute("CREATE TABLE t (n INTEGER)")
        reader.execute(f"BEGIN {wrapper.transaction_mode or ''}")  # as atomic() begins
        reader.execute("SELECT count(*) FROM t").fetchone()
        writer = sqlite3.connect(path, timeout=0.2, isolation_level=None)
        try:
            writer.execute("INSERT INTO t VALUES (1)")
        finally:
            writer.close()
            reader.execute("ROLLBACK")
            reader.close()

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


class TestEnvInt:
    def test_a_whole_number_is_read_and_an_unset_one_gives_the_default(self, monkeypatch):
        monkeypatch.setenv("TRUSTED_PROXIES", " 2 ")
        assert env_int("TRUSTED_PROXIES", 0) == 2
        monkeypatch.delenv("TRUSTED_PROXIES")
        assert env_int("TRUSTED_PROXIES", 0) == 0

    @pytest.mark.parametrize("word", ["-1", "one", "1.5"])
    def test_anything_else_is_refused_naming_the_variable(self, monkeypatch, word):
        monkeypatch.setenv("TRUSTED_PROXIES", word)
        with pytest.raises(
            ImproperlyConfigured, match=rf"^TRUSTED_PROXIES='{word}' is not a whole number"
        ):
            env_int("TRUSTED_PROXIES", 0)


class TestEnvSecret:
    def test_the_secret_is_read_from_the_variable(self, monkeypatch):
        monkeypatch.setenv("SECRET_KEY", "from-the-environment")
        monkeypatch.delenv("SECRET_KEY_FILE", raising=False)
        assert env_secret("SECRET_KEY") == "from-the-environment"

    def test_or_from_the_file_the_file_variable_names(self, monkeypatch, tmp_path):
        secret = tmp_path / "secret_key"
        secret.write_text("from-a-docker-secret\n")
        monkeypatch.delenv("SECRET_KEY", raising=False)
        monkeypatch.setenv("SECRET_KEY_FILE", str(secret))
        assert env_secret("SECRET_KEY") == "from-a-docker-secret"

    def test_neither_gives_nothing(self, monkeypatch):
        monkeypatch.delenv("SECRET_KEY", raising=False)
        monkeypatch.delenv("SECRET_KEY_FILE", raising=False)
        assert env_secret("SECRET_KEY") == ""

    def test_both_are_refused(self, monkeypatch, tmp_path):
        (tmp_path / "secret_key").write_text("one")
        monkeypatch.setenv("SECRET_KEY", "two")
        monkeypatch.setenv("SECRET_KEY_FILE", str(tmp_path / "secret_key"))
        with pytest.raises(ImproperlyConfigured, match=r"^Set SECRET_KEY or SECRET_KEY_FILE"):
            env_secret("SECRET_KEY")

    def test_a_missing_or_empty_file_is_refused_naming_it(self, monkeypatch, tmp_path):
        monkeypatch.delenv("SECRET_KEY", raising=False)
        monkeypatch.setenv("SECRET_KEY_FILE", str(tmp_path / "absent"))
        with pytest.raises(
            ImproperlyConfigured, match=r"^SECRET_KEY_FILE='.*absent' cannot be read: No such"
        ):
            env_secret("SECRET_KEY")
        (tmp_path / "empty").write_text("\n")
        monkeypatch.setenv("SECRET_KEY_FILE", str(tmp_path / "empty"))
        with pytest.raises(ImproperlyConfigured, match=r"^SECRET_KEY_FILE='.*empty' is empty"):
            env_secret("SECRET_KEY")


class TestEnvCache:
    def test_unset_gives_the_database_cache_on_the_table_migrate_creates(self, monkeypatch):
        monkeypatch.delenv("CACHE_URL", raising=False)
        config = env_cache("CACHE_URL")
        assert config["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
        assert config["LOCATION"] == CACHE_TABLE == "site_cache"

    def test_a_redis_address_gives_django_s_redis_cache(self, monkeypatch):
        monkeypatch.setenv("CACHE_URL", "redis://redis:6379/0")
        config = env_cache("CACHE_URL")
        assert config["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
        assert config["LOCATION"] == "redis://redis:6379/0"

    def test_anything_else_is_refused_without_showing_a_password(self, monkeypatch):
        monkeypatch.setenv("CACHE_URL", "memcached://:s3cret@cache:11211")
        with pytest.raises(ImproperlyConfigured) as error:
            env_cache("CACHE_URL")
        assert str(error.value).startswith("CACHE_URL='memcached://:***@cache:11211' is not")
        assert "s3cret" not in str(error.value)


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


def setting(expression: str, *, web: bool = False, **env: str) -> str:
    """What `expression` gives with the settings that a process started with `env` loads: a
    management command's, or with `web` the web server's (config.wsgi, as gunicorn loads)."""
    start = "import config.wsgi" if web else "import django; django.setup()"
    code = f"{start}; from django.conf import settings; print({expression})"
    environment = {k: v for k, v in os.environ.items() if k not in SETTINGS_VARIABLES}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env={**environment, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


class TestManagePy:
    def test_without_debug_a_missing_secret_key_stops_the_project(self):
        result = manage("check", DEBUG="0")
        assert result.returncode != 0
        assert (
            "ImproperlyConfigured: SECRET_KEY must be set when DEBUG is off: give SECRET_KEY, "
            "or SECRET_KEY_FILE naming a file that holds it (a Docker secret)."
        ) in result.stderr

    def test_without_debug_the_key_may_come_from_a_secret_file(self, tmp_path):
        (tmp_path / "secret_key").write_text(LONG_SECRET_KEY + "\n")
        key = setting(
            "settings.SECRET_KEY", DEBUG="0", SECRET_KEY_FILE=str(tmp_path / "secret_key")
        )
        assert key == LONG_SECRET_KEY

    def test_a_secret_file_that_cannot_be_read_stops_the_project_naming_it(self, tmp_path):
        result = manage("check", DEBUG="0", SECRET_KEY_FILE=str(tmp_path / "absent"))
        assert result.returncode != 0
        assert (
            f"ImproperlyConfigured: SECRET_KEY_FILE='{tmp_path / 'absent'}' cannot be read: "
            "No such file or directory."
        ) in result.stderr

    def test_the_trusted_proxies_set_the_api_s_count_too(self):
        assert setting("settings.REST_FRAMEWORK['NUM_PROXIES']") == "0"
        assert setting("settings.REST_FRAMEWORK['NUM_PROXIES']", TRUSTED_PROXIES="1") == "1"
        assert setting("settings.AXES_CLIENT_IP_CALLABLE") == "config.security.client_ip"

    def test_the_site_uses_the_shared_cache(self):
        backend = "settings.CACHES['default']['BACKEND']"
        assert setting(backend) == "django.core.cache.backends.db.DatabaseCache"
        redis = "django.core.cache.backends.redis.RedisCache"
        assert setting(backend, CACHE_URL="redis://127.0.0.1:6379/0") == redis

    def test_only_the_web_process_limits_a_statement_to_10_seconds(self):
        options = "settings.DATABASES['default']['OPTIONS']"
        url = "postgres://postgres@127.0.0.1:5432/incidents"
        web = setting(options, web=True, DATABASE_URL=url)
        command = setting(options, DATABASE_URL=url)
        assert web == (
            "{'options': '-c max_parallel_workers_per_gather=0 -c statement_timeout=10000', "
            "'connect_timeout': 5}"
        )
        assert (
            command == "{'options': '-c max_parallel_workers_per_gather=0', 'connect_timeout': 5}"
        )
        longer = setting(options, web=True, DATABASE_URL=url, DB_STATEMENT_TIMEOUT="30")
        assert "-c statement_timeout=30000'" in longer

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


def sqlite_site_connection(monkeypatch, path):
    """A connection to the SQLite file `path` opened as the site opens one (env_database)."""
    from django.db.backends.sqlite3.base import DatabaseWrapper

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{path}")
    config = env_database("DATABASE_URL", "sqlite:///unused")
    wrapper = DatabaseWrapper({**config, "TIME_ZONE": None, "CONN_MAX_AGE": 0}, "site")
    return wrapper, wrapper.get_new_connection(wrapper.get_connection_params())
