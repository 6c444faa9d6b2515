"""Remembered page addresses are the addresses Django would give, under any script prefix."""

from django.urls import clear_script_prefix, reverse, set_script_prefix

from incidents.links import fixed_url, url_maker, url_of


def test_an_address_is_the_one_reverse_gives():
    assert url_of("incidents:detail", "progress-ms-04") == "/incidents/progress-ms-04/"
    assert url_of("articles:detail", 12) == reverse("articles:detail", args=[12])


def test_a_script_prefix_is_part_of_the_remembered_address():
    url_of("incidents:vehicle", "soyuz-u")  # remembered without a prefix
    set_script_prefix("/kb/")
    try:
        assert url_of("incidents:vehicle", "soyuz-u") == "/kb/vehicles/soyuz-u/"
    finally:
        clear_script_prefix()
    assert url_of("incidents:vehicle", "soyuz-u") == "/vehicles/soyuz-u/"


def test_a_fixed_address_is_the_one_reverse_gives_under_each_prefix():
    assert fixed_url("incidents:list") == reverse("incidents:list") == "/incidents/"
    set_script_prefix("/kb/")
    try:
        assert fixed_url("incidents:list") == "/kb/incidents/"
    finally:
        clear_script_prefix()
    assert fixed_url("incidents:list") == "/incidents/"


def test_an_address_with_two_arguments_is_the_one_reverse_gives():
    args = ("progress-ms-04", "bib")
    assert url_of("articles:incident_sources", *args) == reverse(
        "articles:incident_sources", args=args
    )
    assert url_of("articles:incident_sources", "progress-ms-04", "ris").endswith("ris")


def test_a_maker_gives_the_addresses_url_of_gives_under_the_prefix_it_was_made_under():
    set_script_prefix("/kb/")
    try:
        article_page = url_maker("articles:detail")
        assert article_page(12) == url_of("articles:detail", 12) == "/kb/articles/12/"
    finally:
        clear_script_prefix()
    assert url_maker("articles:detail")(12) == "/articles/12/"
