"""The API's rate limit counts each client once: whatever X-Forwarded-For says unless a proxy
is trusted, and across every process of the site (the cache they share)."""

import os
import random
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection
from rest_framework.throttling import AnonRateThrottle

from tests.factories import make_user
from tests.processes import (
    ROOT,
    site_env,
    url_of_the_test_database,
    wait_for_other_sessions_to_end,
)

REDIS = ("127.0.0.1", 6379)


@pytest.fixture
def three_a_minute(monkeypatch):
    monkeypatch.setitem(AnonRateThrottle.THROTTLE_RATES, "anon", "3/minute")


@pytest.fixture
def trusted_proxies(settings):
    def trust(count: int) -> None:
        settings.TRUSTED_PROXIES = count
        settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": count}

    return trust


def get_api(client, **headers) -> int:
    return client.get("/api/", **{"REMOTE_ADDR": "10.0.0.2", **headers}).status_code


@pytest.mark.django_db
def test_an_anonymous_request_is_counted_once_an_editors_under_their_own_limit(client):
    assert get_api(client) == 200
    assert cache.get("throttle_anon_10.0.0.2") is not None
    assert cache.get("throttle_user_10.0.0.2") is None  # not counted a second time
    editor = make_user(editor=True)
    client.force_login(editor)
    assert get_api(client) == 200
    assert cache.get(f"throttle_user_{editor.pk}") is not None


def test_without_a_trusted_proxy_a_new_forwarded_for_each_time_is_still_one_client(
    client, three_a_minute, trusted_proxies
):
    trusted_proxies(0)
    codes = [get_api(client, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}") for n in range(4)]
    assert codes == [200, 200, 200, 429]


def test_behind_one_proxy_only_the_address_it_adds_counts(client, three_a_minute, trusted_proxies):
    trusted_proxies(1)
    forged = [get_api(client, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 198.51.100.7") for n in range(4)]
    assert forged == [200, 200, 200, 429]
    assert get_api(client, HTTP_X_FORWARDED_FOR="198.51.100.8") == 200  # another client


# Two processes of the site, as two gunicorn workers are: each sends requests from the same
# client; the second is refused once the two together reach the limit.
REQUESTS = """
import sys

import django

django.setup()
from django.test import Client

client = Client(REMOTE_ADDR=sys.argv[1])
print(" ".join(str(client.get("/api/").status_code) for _ in range(int(sys.argv[2]))))
"""


def site_process(address: str, requests: int, **env: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", REQUESTS, address, str(requests)],
        cwd=ROOT,
        env=site_env(API_RATE_ANON="3/minute", **env),  # the site's settings: its shared cache
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def a_client_address() -> str:
    """An address no other run uses (a Redis server may be shared by several)."""
    return f"10.{random.randrange(256)}.{random.randrange(256)}.{random.randrange(1, 255)}"


def database_url_with_cache_table(tmp_path: Path) -> str:
    """The test database on PostgreSQL (the migrations made its cache table); on SQLite,
    whose test database lives in this process's memory, a file that `migrate` prepares."""
    if connection.vendor == "postgresql":
        return url_of_the_test_database()
    url = f"sqlite:///{tmp_path / 'site.sqlite3'}"
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "config"],
        cwd=ROOT,
        env=site_env(DATABASE_URL=url),
        check=True,
        capture_output=True,
    )
    return url


@pytest.mark.django_db
def test_processes_share_the_count_in_the_database_cache(tmp_path):
    url = database_url_with_cache_table(tmp_path)
    address = a_client_address()
    assert site_process(address, 2, DATABASE_URL=url) == "200 200"
    assert site_process(address, 2, DATABASE_URL=url) == "200 429"
    if connection.vendor == "postgresql":
        wait_for_other_sessions_to_end()


def redis_answers() -> bool:
    try:
        socket.create_connection(REDIS, timeout=1).close()
    except OSError:
        return False
    return True


@pytest.mark.skipif(
    not redis_answers() and not os.environ.get("CI_REDIS"),
    reason="no Redis server on 127.0.0.1:6379 (.ci/run starts one, and sets CI_REDIS=1)",
)
def test_processes_share_the_count_in_redis(tmp_path):
    redis = {
        "CACHE_URL": "redis://127.0.0.1:6379/0",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}",
    }
    address = a_client_address()
    assert site_process(address, 2, **redis) == "200 200"
    assert site_process(address, 2, **redis) == "200 429"
