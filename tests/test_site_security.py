"""The public site and the admin under attack and outage: login attempts are limited, pages
carry a Content-Security-Policy with no inline script, a database outage is a short 503."""

import logging
import re
import socket
import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from tests.factories import make_incident, make_user
from tests.processes import url_of_the_test_database, wait_for_other_sessions_to_end, web_request

LOGIN_URL = reverse("admin:login")


def try_password(client: Client, password: str, **headers):
    return client.post(
        LOGIN_URL,
        {"username": "ed", "password": password, "next": "/admin/"},
        **{"REMOTE_ADDR": "10.0.0.9", **headers},
    )


@pytest.fixture
def trusted_proxies(settings):
    """Set TRUSTED_PROXIES as the environment would: for the lockouts and the API alike."""

    def trust(count: int) -> None:
        settings.TRUSTED_PROXIES = count
        settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": count}

    return trust


@pytest.mark.django_db
def test_wrong_passwords_lock_the_address_out_even_for_the_right_one():
    make_user(editor=True, username="ed", password="right-password")
    client = Client()
    for _ in range(4):
        assert try_password(client, "wrong").status_code == 200  # the form again
    locked = try_password(client, "wrong")
    assert locked.status_code == 429
    assert "Too many wrong passwords" in locked.content.decode()
    assert try_password(client, "right-password").status_code == 429
    other_address = Client().post(
        LOGIN_URL,
        {"username": "ed", "password": "right-password", "next": "/admin/"},
        REMOTE_ADDR="10.0.0.10",
    )
    assert other_address.status_code == 302


@pytest.mark.django_db
def test_a_lockout_says_when_to_try_again():
    make_user(editor=True, username="ed", password="right-password")
    for _ in range(5):
        locked = try_password(Client(), "wrong")
    assert locked.status_code == 429
    assert 890 <= int(locked["Retry-After"]) <= 900  # the 15 minutes start at the 5th


@pytest.mark.django_db
def test_behind_a_proxy_wrong_passwords_lock_out_that_client_only(trusted_proxies):
    trusted_proxies(1)
    make_user(editor=True, username="ed", password="right-password")
    proxy = {"REMOTE_ADDR": "10.0.0.2"}  # every request comes from the proxy
    client_a = {**proxy, "HTTP_X_FORWARDED_FOR": "198.51.100.7"}
    client_b = {**proxy, "HTTP_X_FORWARDED_FOR": "203.0.113.5"}
    codes = [try_password(Client(), "wrong", **client_a).status_code for _ in range(5)]
    assert codes == [200, 200, 200, 200, 429]
    assert try_password(Client(), "right-password", **client_a).status_code == 429
    assert try_password(Client(), "right-password", **client_b).status_code == 302


@pytest.mark.django_db
def test_behind_a_proxy_a_forged_address_before_the_proxy_s_changes_nothing(trusted_proxies):
    trusted_proxies(1)
    make_user(editor=True, username="ed", password="right-password")
    codes = [
        try_password(
            Client(),
            "wrong",
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 198.51.100.7",  # the proxy adds the last
        ).status_code
        for n in range(5)
    ]
    assert codes == [200, 200, 200, 200, 429]


@pytest.mark.django_db
def test_without_a_trusted_proxy_forwarded_for_is_ignored(trusted_proxies):
    trusted_proxies(0)
    make_user(editor=True, username="ed", password="right-password")
    codes = [
        try_password(Client(), "wrong", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}").status_code
        for n in range(5)
    ]
    assert codes == [200, 200, 200, 200, 429]


@pytest.mark.django_db
def test_a_forwarded_for_that_is_no_address_counts_as_the_connection_s(trusted_proxies):
    trusted_proxies(1)
    make_user(editor=True, username="ed", password="right-password")
    codes = [
        try_password(Client(), "wrong", HTTP_X_FORWARDED_FOR="unknown").status_code
        for n in range(5)
    ]
    assert codes == [200, 200, 200, 200, 429]
    assert try_password(Client(), "right-password").status_code == 429  # 10.0.0.9 itself


@pytest.mark.django_db
def test_a_right_password_resets_the_count():
    make_user(editor=True, username="ed", password="right-password")
    client = Client()
    for _ in range(4):
        try_password(client, "wrong")
    assert try_password(client, "right-password").status_code == 302
    Client().get("/")  # (a new session)
    for _ in range(4):
        assert try_password(Client(), "wrong").status_code == 200


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)


@pytest.mark.django_db
def test_pages_carry_a_policy_without_inline_scripts(client, editor_client):
    incident = make_incident(title="Kite 7 lost", slug="kite-7-lost")
    pages = [
        (client, "/"),
        (client, "/incidents/"),
        (client, "/search/?q=kite"),
        (client, incident.get_absolute_url()),
        (client, "/articles/"),
        (editor_client, "/admin/"),
        (editor_client, reverse("admin:incidents_incident_change", args=[incident.pk])),
        (editor_client, reverse("admin:articles_article_import")),
    ]
    for who, url in pages:
        response = who.get(url)
        assert response.status_code == 200, url
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy, url
        assert "frame-ancestors 'none'" in policy
        assert not INLINE_SCRIPT.search(response.content.decode()), url


def test_an_unreachable_database_is_a_short_503_and_one_log_line(caplog, unreachable_database):
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = Client(raise_request_exception=False).get("/incidents/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Briefly unavailable" in response.content.decode()
    (record,) = [r for r in caplog.records if r.name == "django.request"]
    assert record.getMessage().startswith("database unreachable (GET /incidents/)")
    assert record.exc_info is None


def test_any_other_error_is_the_plain_500_page():
    from config.errors import server_error

    try:
        raise ValueError("a bug")
    except ValueError:
        response = server_error(None)
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


class SilentServer:
    """A server on 127.0.0.1 that accepts connections and never says a word, as a database
    host does whose machine is stuck."""

    def __init__(self):
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.accepted = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                self.accepted.append(self.listener.accept()[0])
            except OSError:
                return  # closed

    def close(self):
        self.listener.close()
        for connection_ in self.accepted:
            connection_.close()


@pytest.fixture
def silent_server():
    server = SilentServer()
    yield server
    server.close()


def test_a_database_that_accepts_but_never_answers_is_a_503_not_a_hung_worker(silent_server):
    url = f"postgres://postgres@127.0.0.1:{silent_server.port}/incidents"
    # (without connect_timeout this process waits forever: the 120 s below fail the test)
    assert web_request("/incidents/", DATABASE_URL=url, timeout=120) == "503 30"
    assert silent_server.accepted  # it did get that far


@pytest.mark.skipif(connection.vendor != "postgresql", reason="statement_timeout is PostgreSQL's")
@pytest.mark.django_db
def test_a_query_that_waits_too_long_is_cancelled_and_the_page_is_a_503():
    import psycopg

    with psycopg.connect(
        url_of_the_test_database().replace("postgres://", "postgresql://")
    ) as other:
        # Another session holds the incidents (a migration, a long report): the page's
        # query waits, and the web process's statement timeout (1 s here) cancels it.
        other.execute("LOCK TABLE incidents_incident IN ACCESS EXCLUSIVE MODE")
        status = web_request(
            "/incidents/", DATABASE_URL=url_of_the_test_database(), DB_STATEMENT_TIMEOUT="1"
        )
        other.rollback()
    wait_for_other_sessions_to_end()
    assert status == "503 30"
