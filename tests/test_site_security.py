"""The public site and the admin under attack and outage: login attempts are limited, pages
carry a Content-Security-Policy with no inline script, a database outage is a short 503."""

import logging
import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import make_incident, make_user

LOGIN_URL = reverse("admin:login")


def try_password(client: Client, password: str):
    return client.post(
        LOGIN_URL,
        {"username": "ed", "password": password, "next": "/admin/"},
        REMOTE_ADDR="10.0.0.9",
    )


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
