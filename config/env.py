"""Environment helpers that fail loudly, naming the variable, on a value they cannot use."""

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from django.core.exceptions import ImproperlyConfigured

if TYPE_CHECKING:
    from dj_database_url import DBConfig

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(
        f"{name}={raw!r} is not a boolean; use one of: 1/0, true/false, yes/no, on/off."
    )


def env_int(name: str, default: int) -> int:
    """A whole number of at least 0 (a count, a number of seconds)."""
    raw = env_str(name)
    if not raw:
        return default
    if not raw.isdigit():
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number of 0 or more.")
    return int(raw)


def env_secret(name: str) -> str:
    """A secret given in `name`, or read from the file `name`_FILE names (a Docker secret,
    /run/secrets/...), so that it need not sit in the environment. Not both."""
    value, path = env_str(name), env_str(f"{name}_FILE")
    if value and path:
        raise ImproperlyConfigured(f"Set {name} or {name}_FILE, not both.")
    if not path:
        return value
    try:
        value = Path(path).read_text().strip()
    except OSError as error:
        raise ImproperlyConfigured(
            f"{name}_FILE={path!r} cannot be read: {error.strerror or error}."
        ) from error
    if not value:
        raise ImproperlyConfigured(f"{name}_FILE={path!r} is empty.")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_origins(name: str) -> list[str]:
    origins = env_list(name, [])
    for origin in origins:
        if not origin.startswith(("http://", "https://")):
            raise ImproperlyConfigured(
                f"{name} holds {origin!r}; each origin must start with http:// or https://."
            )
    return origins


def _without_password(url: str) -> str:
    return re.sub(r"//([^:/@]*):[^@/]*@", r"//\1:***@", url)


def env_database(
    name: str, default: str, *, connect_timeout: int = 0, statement_timeout: int = 0
) -> "DBConfig":
    """The database `name` points at. On PostgreSQL, `connect_timeout` seconds to wait for a
    connection and `statement_timeout` seconds for a statement (0: no limit)."""
    import dj_database_url

    url = env_str(name) or default
    shown = _without_password(url)
    if not url.startswith(("sqlite:", "postgres://", "postgresql://")):
        raise ImproperlyConfigured(
            f"{name}={shown!r} is not supported; use sqlite:///path or postgres://user@host/db."
        )
    try:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name}={shown!r} could not be read: {error}") from error
    if config["ENGINE"].endswith("postgresql"):
        if not config.get("NAME"):
            raise ImproperlyConfigured(f"{name}={shown!r} names no database (…/dbname).")
        _with_timeouts(config, connect_timeout=connect_timeout, statement_timeout=statement_timeout)
    else:
        config.setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)
    return config


# SQLite as a site's database: a write-ahead log, so readers never wait for a writer nor a
# writer for readers, and a commit (a page kept in the database cache, a rate-limit count) is
# not a flush to disk each time (synchronous=NORMAL is safe with WAL: a power cut may lose the
# last commits, never corrupt the file); a writer waits up to 20 s for another's lock rather
# than fail. Transactions stay deferred: IMMEDIATE would take the write lock for a whole
# transaction, and an import (up to a minute on a hard file) or a read-only export would then
# lock every other write out.
# An uncached incident page stored in the database cache: 7.1 -> 4.5 ms (in_process.py).
SQLITE_OPTIONS = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    "timeout": 20,
}


# A page's queries take milliseconds: starting parallel workers for one costs about as much
# as it saves, and on a small machine they take the cores the page's other connection (and
# other requests) need. Measured at 1M articles: the search page's p95 69 -> 56 ms.
SERIAL_PLANS = "-c max_parallel_workers_per_gather=0"


def _with_timeouts(config: "DBConfig", *, connect_timeout: int, statement_timeout: int) -> None:
    """Ask PostgreSQL for serial plans and the statement timeout on our connections, before
    any `options` of the URL (`?options=-c%20max_parallel_workers_per_gather%3D2` turns
    parallel plans back on), and give up connecting after `connect_timeout` seconds: a server
    that accepts connections but never answers must not hang a request."""
    options = config.setdefault("OPTIONS", {})
    ours = SERIAL_PLANS
    if statement_timeout:
        ours += f" -c statement_timeout={statement_timeout * 1000}"
    options["options"] = f"{ours} {options.get('options', '')}".strip()
    if connect_timeout:
        options.setdefault("connect_timeout", connect_timeout)


# Rows of the database cache (config migration 0001 creates its table). Django's default
# (300) would cull live rate-limit counts once that many addresses had called the API.
CACHE_TABLE = "site_cache"
CACHE_MAX_ENTRIES = 10_000
REDIS_SECONDS = 2  # a Redis that stops answering costs a page 2 s, not a hung worker


def env_cache(name: str) -> dict:
    """The cache all processes share: Redis when `name` holds a redis:// address, else the
    database (no server to run)."""
    url = env_str(name)
    if not url:
        return {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": CACHE_TABLE,
            "OPTIONS": {"MAX_ENTRIES": CACHE_MAX_ENTRIES},
        }
    if url.startswith(("redis://", "rediss://", "unix://")):
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "OPTIONS": {"socket_connect_timeout": REDIS_SECONDS, "socket_timeout": REDIS_SECONDS},
        }
    raise ImproperlyConfigured(
        f"{name}={_without_password(url)!r} is not supported; use redis://host:port/db, or "
        "leave it unset for the database cache."
    )
