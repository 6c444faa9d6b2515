"""Environment helpers that fail loudly, naming the variable, on a value they cannot use."""

import os
import re
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
    return re.sub(r"//([^:/@]+):[^@/]*@", r"//\1:***@", url)


def env_database(name: str, default: str) -> "DBConfig":
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
        _without_parallel_plans(config)
    return config


# A page's queries take milliseconds: starting parallel workers for one costs about as much
# as it saves, and on a small machine they take the cores the page's other connection (and
# other requests) need. Measured at 1M articles: the search page's p95 69 -> 56 ms.
SERIAL_PLANS = "-c max_parallel_workers_per_gather=0"


def _without_parallel_plans(config: "DBConfig") -> None:
    """Ask PostgreSQL for serial plans on our connections, after any `options` of the URL
    (`?options=-c%20max_parallel_workers_per_gather%3D2` turns them back on)."""
    options = config.setdefault("OPTIONS", {})
    options["options"] = f"{SERIAL_PLANS} {options.get('options', '')}".strip()
