#!/usr/bin/env python3
"""Benchmark: how many actions an editor needs on the review desk, counted in a real browser.

    .venv/bin/python benchmarks/review_actions.py [--dev N] [--mislink N]

Loads the GCAT catalog into a scratch SQLite database, imports the five seed articles and the
first N development articles (default 10, ../shared/eval/dev, in name order), serves the app
with `manage.py runserver` on 127.0.0.1, and reviews every article in headless Chromium
through the review queue, as an editor who knows the right answer would: each wrong link is
rejected (a link no incident should have) or moved to the right incident or mission; then
"confirm all and open the next article" (the key A; on the last article, a). The importer makes
no wrong link on these articles, so `--mislink N` makes some first, as it might: N failure
reports linked to the wrong incident, N routine articles citing one. The right answers are the
development set's labels and, for the seeds, the launches and past failures
tests/articles/test_import_seeds.py expects.

An action is one key press or click; typing a name into the move box counts as one action.
Prints one row per article and the most actions taken by an article whose links were all
right and by one with wrong links.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEV_SET = ROOT.parent / "shared" / "eval" / "dev"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
PASSWORD = "review-actions-benchmark"  # noqa: S105 - a scratch account

# The seeds' right answers, as tests/articles/test_import_seeds.py states them: four reports
# of the Progress MS-04 loss (GCAT 2016-F02) and a routine Progress MS-26 launch (2024-029);
# the past failures they recall.
SEED_PAST_FAILURES = ["2011-F03", "2014-F02", "2015-024", "2015-F02", "2016-E01"]
SEED_LABELS = {
    "000": {"reported": "2016-F02", "kind": "catalog_incident"},
    "001": {"reported": "2016-F02", "kind": "catalog_incident"},
    "002": {"reported": "2016-F02", "kind": "catalog_incident"},
    "003": {"reported": "2016-F02", "kind": "catalog_incident"},
    "004": {"reported": "2024-029", "kind": "routine"},
}


@dataclass
class Fix:
    citation: int
    move_to: str = ""  # a query for the move box; empty: reject


@dataclass
class Plan:
    article: int
    name: str
    fixes: list[Fix] = field(default_factory=list)
    missing: str = ""  # a right link the importer did not make (not fixed on the desk here)
    actions: int = 0
    log: list[str] = field(default_factory=list)


def _setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def prepare(dev_count: int, mislink: int) -> list[Plan]:
    """Catalog, seeds and development articles in the scratch database; every article put in
    the queue (an editor reviews them all); the fixes each one needs."""
    from django.conf import settings
    from django.contrib.auth.models import Group
    from django.core.management import call_command

    from articles.importer import import_files
    from articles.inputs import files_from_paths
    from articles.models import Article, ImportRun
    from incidents.catalog_loader import load_catalog
    from incidents.services import recount_sources
    from tests.factories import make_user

    call_command("migrate", "--noinput", verbosity=0)
    load_catalog(settings.CATALOG_DIR)
    labels = json.loads((DEV_SET / "labels.json").read_text())["articles"]
    dev_names = sorted(labels)[:dev_count]
    seeds = sorted(Path(settings.SEEDS_DIR).glob("*.txt"))
    paths = [*seeds, *(DEV_SET / "articles" / name for name in dev_names)]
    _, results = import_files(files_from_paths(paths), source=ImportRun.Source.COMMAND)
    plans = []
    wrong_left = {"move": mislink, "reject": mislink}
    for result in results:
        name = Path(result.name).name
        if result.article is None:
            continue
        label = labels.get(name) or {
            **SEED_LABELS[name[:3]],
            "context": [],
            "context_optional": SEED_PAST_FAILURES,
        }
        _mislink(result.article, label, wrong_left)
        plans.append(_plan(result.article, name, label))
    Article.objects.update(needs_review=True)
    recount_sources()  # an update sends no signal
    user = make_user(username="reviewer", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return plans


def _mislink(article, label: dict, wrong_left: dict[str, int]) -> None:
    """Make the importer's mistakes the development set does not provoke: the main link of a
    failure report pointed at the wrong incident (to be moved back), and a routine article
    citing an incident (to be rejected); `wrong_left` says how many of each are still due."""
    from articles.models import Citation
    from incidents.models import Incident

    if label["kind"] == "routine":
        if wrong_left["reject"] <= 0 or len(article.body) < 40:
            return
        elsewhere = Incident.objects.order_by("date").exclude(mission__launch_tag=label["reported"])
        Citation.objects.create(
            incident=elsewhere[0],
            article=article,
            start=0,
            end=40,
            quote=article.body[:40],
            confidence=0.5,
        )
        wrong_left["reject"] -= 1
        return
    main = article.citations.filter(supports=Citation.Supports.INCIDENT).first()
    if wrong_left["move"] <= 0 or main is None or label["kind"] != "catalog_incident":
        return
    others = Incident.objects.exclude(pk=main.incident_id).filter(date__lt=main.incident.date)
    main.incident = others.order_by("-date").first()
    main.confidence = 0.5
    main.save()
    main.facts.update(incident=main.incident)
    wrong_left["move"] -= 1


def _plan(article, name: str, label: dict) -> Plan:
    from articles.models import Citation

    plan = Plan(article=article.pk, name=name)
    reported, kind = label["reported"], label["kind"]
    context_ok = {*label.get("context", []), *label.get("context_optional", [])}
    right_main = False
    for citation in article.citations.select_related("incident__mission"):
        mission = citation.incident.mission
        tag = mission.launch_tag if mission else ""
        is_reported = tag == reported and (
            (citation.incident.origin == "catalog") == (kind == "catalog_incident")
        )
        if citation.supports == Citation.Supports.CONTEXT:
            if tag not in context_ok:
                plan.fixes.append(Fix(citation.pk))
        elif kind == "routine":
            plan.fixes.append(Fix(citation.pk))
        elif is_reported:
            right_main = True
        elif citation.supports == Citation.Supports.INCIDENT:
            plan.fixes.append(Fix(citation.pk, move_to=reported))
            right_main = True
        else:
            plan.fixes.append(Fix(citation.pk))
    if kind != "routine" and not right_main:
        plan.missing = f"no citation of {reported}"
    return plan


def serve(database_url: str, port: int) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "1"}
    server = subprocess.Popen(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return server
        time.sleep(0.2)
    server.kill()
    raise RuntimeError("runserver did not start")


def review(site: str, plans: list[Plan]) -> None:
    from playwright.sync_api import sync_playwright

    by_article = {plan.article: plan for plan in plans}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.set_default_timeout(15_000)
        page.goto(f"{site}/admin/login/")
        page.fill("#id_username", "reviewer")
        page.fill("#id_password", PASSWORD)
        page.click("input[type=submit]")
        page.goto(f"{site}/admin/articles/article/review/")
        page.locator(".review-queue tbody a").first.click()
        page.wait_for_url("**/review/")
        page.wait_for_load_state()
        while True:
            plan = by_article[_article_of(page.url)]
            for fix in plan.fixes:
                _apply(page, plan, fix)
            if not page.locator("#next-article").count():
                _key(page, plan, "a")
                break  # the queue is empty after this one
            _key(page, plan, "A")  # confirm all, then the next article: one key
        browser.close()


def _article_of(url: str) -> int:
    desk = re.search(r"/article/(\d+)/review/", url)
    if desk is None:
        raise RuntimeError(f"not a review desk: {url}")
    return int(desk[1])


def _key(page, plan: Plan, key: str) -> None:
    plan.actions += 1
    plan.log.append(key)
    try:
        with page.expect_navigation():
            page.keyboard.press(key)
    except Exception:
        print("stuck at", page.url, plan.name, plan.log, file=sys.stderr)
        print(page.locator("body").inner_text()[:1500], file=sys.stderr)
        raise


def _apply(page, plan: Plan, fix: Fix) -> None:
    """Go to the citation with j/k from where the desk stands, then reject or move it."""
    order = page.eval_on_selector_all(
        ".desk-citation", "els => els.map(e => Number(e.dataset.citation))"
    )
    now = page.evaluate(
        "() => { const c = document.querySelector('.desk-citation.current');"
        " return c ? Number(c.dataset.citation) : null; }"
    )
    at = order.index(now) if now in order else 0  # c, r and m act on the first at first
    target = order.index(fix.citation)
    step = "j" if target >= at else "k"
    for _ in range(abs(target - at)):
        plan.actions += 1
        plan.log.append(step)
        page.keyboard.press(step)
    if not fix.move_to:
        _key(page, plan, "r")
        return
    plan.actions += 2
    plan.log += ["m", "Enter"]
    page.keyboard.press("m")
    box = page.locator(f"#move-{fix.citation}")
    first = page.locator(f"#move-{fix.citation}-list [role=option]").first
    page.wait_for_timeout(600)  # the suggestions before anything is typed
    if not first.count() or fix.move_to not in first.inner_text():  # not first: type it
        plan.actions += 1
        plan.log.insert(-1, f"type {fix.move_to}")
        box.press_sequentially(fix.move_to)
        page.wait_for_timeout(600)
        first.wait_for()
    with page.expect_navigation():
        box.press("Enter")


def print_report(plans: list[Plan]) -> None:
    print(f"{'article':24} {'wrong':>5} {'actions':>7}  keys")
    for plan in plans:
        note = f"  ({plan.missing})" if plan.missing else ""
        print(
            f"{plan.name[:24]:24} {len(plan.fixes):5} {plan.actions:7}  {' '.join(plan.log)}{note}"
        )
    right = [p.actions for p in plans if not p.fixes]
    wrong = [p for p in plans if p.fixes]
    print()
    print(f"articles reviewed: {len(plans)}")
    print(f"all links right: {len(right)} articles, at most {max(right, default=0)} actions")
    if wrong:
        worst = max(p.actions - 2 for p in wrong)
        per_link = max((p.actions - 2) / len(p.fixes) for p in wrong)
        print(
            f"with wrong links: {len(wrong)} articles, {sum(len(p.fixes) for p in wrong)} links;"
            f" at most {max(p.actions for p in wrong)} actions for an article,"
            f" {worst} beyond confirm-all and next, {per_link:.1f} per wrong link at most"
        )
    print(f"right links missing (not made on the desk here): {sum(bool(p.missing) for p in plans)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dev", type=int, default=10, help="development articles to review")
    parser.add_argument(
        "--mislink",
        type=int,
        default=0,
        help="wrong links to make before the review: N main links of failure reports pointed "
        "at an earlier incident, N routine articles citing an incident",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/review.sqlite3"
        _setup_django(url)
        plans = prepare(args.dev, args.mislink)
        from django.db import connections

        connections.close_all()
        with socket.socket() as free:
            free.bind(("127.0.0.1", 0))
            port = free.getsockname()[1]
        server = serve(url, port)
        try:
            review(f"http://127.0.0.1:{port}", plans)
        finally:
            server.terminate()
            server.wait()
    print_report(plans)


if __name__ == "__main__":
    main()
