#!/usr/bin/env python3
"""Benchmark: how well the importer links real articles, scored as ../shared/eval/README.md says.

    .venv/bin/python benchmarks/linking_eval.py [DIR] [--postgres URL] [--folds]

DIR holds `articles/*.txt` and `labels.json` (default: the development set,
../shared/eval/dev). Every article is imported in one batch into a scratch database loaded
with the GCAT catalog (a temporary SQLite file, or a scratch database on the PostgreSQL
server at URL), then compared with the labels. Prints one row per article, the README's
figures, how many wrong links would be public before an editor reviews them, and how often
links at each confidence band are right.

--folds adds the leave-one-event-out score beside the full-data one: the articles of each
event are scored with whatever is fitted to the data fitted on the other events only. The
linker's evidence weights are set by hand, so what is fitted here is the calibration (how
often a link of each confidence band is right), and the figures show how well it holds on
events it has not seen.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEV_SET = ROOT.parent / "shared" / "eval" / "dev"
BANDS = ((0.0, 0.5), (0.5, 0.75), (0.75, 0.9), (0.9, 1.01))
SCRATCH_DB = "incidents_linking_eval"


@dataclass
class ArticleScore:
    name: str
    kind: str
    expected: str
    reported: str  # what the import cited as the article's own incident, as a launch tag
    reported_right: bool | None  # None for routine articles
    false_incidents: int
    context_found: list[str]
    context_right: list[str]
    context_wrong: list[str]
    context_missed: list[str]
    needs_review: bool
    review_reason: str
    event: str = ""  # the launch the article is about: articles of one event form a fold
    links: list[tuple[float, bool]] = field(default_factory=list)  # (confidence, right)
    wrong_public: int = 0  # wrong links the public pages would show before a review
    launch_found: bool = False  # the importer linked the launch the article is about


@dataclass
class Report:
    articles: list[ArticleScore]

    def _of_kind(self, routine: bool) -> list[ArticleScore]:
        return [a for a in self.articles if (a.kind == "routine") == routine]

    @property
    def reported_right(self) -> int:
        return sum(bool(a.reported_right) for a in self._of_kind(routine=False))

    @property
    def reported_total(self) -> int:
        return len(self._of_kind(routine=False))

    @property
    def routine_right(self) -> int:
        return sum(a.false_incidents == 0 for a in self._of_kind(routine=True))

    @property
    def routine_total(self) -> int:
        return len(self._of_kind(routine=True))

    @property
    def false_incidents(self) -> int:
        return sum(a.false_incidents for a in self.articles)

    @property
    def context_right(self) -> int:
        return sum(len(a.context_right) for a in self.articles)

    @property
    def context_expected(self) -> int:
        return sum(len(a.context_right) + len(a.context_missed) for a in self.articles)

    @property
    def context_wrong(self) -> int:
        return sum(len(a.context_wrong) for a in self.articles)

    @property
    def wrong_public(self) -> int:
        return sum(a.wrong_public for a in self.articles)

    @property
    def routine_launch_found(self) -> int:
        return sum(a.launch_found for a in self._of_kind(routine=True))

    def bands(self) -> list[tuple[str, int, int]]:
        """(band, links, right links) per confidence band, over reported and context links."""
        rows = []
        for low, high in BANDS:
            inside = [right for a in self.articles for c, right in a.links if low <= c < high]
            rows.append((f"{low:.2f}-{min(high, 1.0):.2f}", len(inside), sum(inside)))
        return rows


def load_labels(directory: Path) -> dict[str, dict]:
    return json.loads((directory / "labels.json").read_text(encoding="utf-8"))["articles"]


def evaluate(directory: Path) -> Report:
    """Import the set's articles into the current database (which holds the catalog) and score."""
    from articles.importer import import_files
    from articles.inputs import files_from_paths
    from articles.models import ImportRun

    labels = load_labels(directory)
    paths = [directory / "articles" / name for name in sorted(labels)]
    _, results = import_files(
        files_from_paths(paths), source=ImportRun.Source.COMMAND, max_files=len(paths)
    )
    by_name = {Path(r.name).name: r for r in results}
    return Report([_score(name, labels[name], by_name[name]) for name in sorted(labels)])


def _score(name: str, label: dict, result) -> ArticleScore:
    from articles.models import Citation
    from incidents.models import SURE_ENOUGH, Incident

    article = result.article
    citations = (
        list(article.citations.select_related("incident__mission")) if article is not None else []
    )
    main = [c for c in citations if c.supports == Citation.Supports.INCIDENT]
    context = [c for c in citations if c.supports == Citation.Supports.CONTEXT]
    expected, kind = label["reported"], label["kind"]
    reported = [_tag(c.incident) for c in main]
    created = [c.incident for c in main if c.incident.origin == Incident.Origin.IMPORT]

    if kind == "routine":
        right, false = None, len(main)
    else:
        right = len(main) == 1 and _is_expected_incident(main[0].incident, expected, kind)
        false = len(created) if kind == "catalog_incident" else 0
    wanted = set(label.get("context") or ())
    optional = set(label.get("context_optional") or ())
    found = [_tag(c.incident) for c in context]
    context_right = [tag for tag in found if tag in wanted]
    context_wrong = [
        tag for tag in found if tag not in wanted and (tag not in optional or tag == expected)
    ]
    links = [(c.confidence, bool(right) if kind != "routine" else False) for c in main]
    links += [(c.confidence, _tag(c.incident) in wanted | optional) for c in context]
    reviewed_first = bool(article and article.needs_review)
    wrong_public = sum(
        1
        for citation, (confidence, is_right) in zip([*main, *context], links, strict=True)
        if not is_right
        and citation.incident.status == Incident.Status.PUBLISHED
        and (confidence >= SURE_ENOUGH or not reviewed_first)
    )
    return ArticleScore(
        name=name,
        kind=kind,
        expected=expected,
        reported=", ".join(reported) or "-",
        reported_right=right,
        false_incidents=false,
        context_found=found,
        context_right=context_right,
        context_wrong=context_wrong,
        context_missed=sorted(wanted - set(found)),
        needs_review=reviewed_first,
        review_reason=getattr(article, "review_reason", "") if article else result.reason,
        event=expected,
        links=links,
        wrong_public=wrong_public,
        launch_found=_chose_the_launch(result, expected),
    )


def _chose_the_launch(result, expected: str) -> bool:
    """The import chose the launch the article is about (its result lists it first)."""
    from incidents.models import Mission

    chosen = [
        link.removeprefix("mission: ") for link in result.links if link.startswith("mission: ")
    ]
    return bool(chosen) and Mission.objects.filter(launch_tag=expected, name=chosen[0]).exists()


def _tag(incident) -> str:
    mission = incident.mission
    tag = mission.launch_tag if mission and mission.launch_tag else incident.slug
    return f"{tag}(new)" if incident.origin != "catalog" else tag


def _is_expected_incident(incident, expected: str, kind: str) -> bool:
    if incident.mission is None or incident.mission.launch_tag != expected:
        return False
    return (incident.origin == "catalog") == (kind == "catalog_incident")


def print_report(report: Report) -> None:
    print(f"{'article':18} {'kind':8} {'expected':10} {'reported':16} ok  context / review")
    for a in report.articles:
        ok = {None: "  ", True: "✔ ", False: "✘ "}[a.reported_right]
        if a.kind == "routine":
            ok = "✔ " if a.false_incidents == 0 else "✘ "
        context = _context_cell(a)
        review = f"  [review: {a.review_reason or 'yes'}]" if a.needs_review else ""
        print(f"{a.name:18} {a.kind[:8]:8} {a.expected:10} {a.reported:16} {ok}  {context}{review}")
    print()
    print_figures(report)
    print()
    print("confidence band   links  right")
    for band, total, right in report.bands():
        print(f"{band:16} {total:6d} {right:6d}  {_share(right, total)}")


def print_figures(report: Report) -> None:
    print(f"reported right     {report.reported_right} of {report.reported_total}")
    print(f"routine left alone {report.routine_right} of {report.routine_total}")
    print(f"false incidents    {report.false_incidents}")
    right, expected = report.context_right, report.context_expected
    found = right + report.context_wrong
    print(
        f"context            {right} of {expected} found, {report.context_wrong} wrong "
        f"(recall {_share(right, expected)}, precision {_share(right, found)})"
    )
    print(f"wrong and public   {report.wrong_public} (wrong links shown before a review)")
    print(
        f"routine launch     {report.routine_launch_found} of {report.routine_total} "
        "linked to the launch they are about"
    )


def folds(report: Report) -> list[tuple[str, Report, list[tuple[float, float, bool]]]]:
    """Leave one event out: for each event, its articles, and each of their links as
    (confidence, probability fitted on the other events' links, right)."""
    events = sorted({a.event for a in report.articles})
    found = []
    for event in events:
        held_out = [a for a in report.articles if a.event == event]
        training = Report([a for a in report.articles if a.event != event])
        calibration = fit_calibration(training)
        scored = [
            (confidence, calibration(confidence), right)
            for a in held_out
            for confidence, right in a.links
        ]
        found.append((event, Report(held_out), scored))
    return found


def fit_calibration(report: Report):
    """How often a link of each confidence band was right in `report` (Laplace-smoothed):
    the probability that a new link of that band is right."""
    shares = {band: (right + 1) / (total + 2) for band, total, right in report.bands()}

    def probability(confidence: float) -> float:
        for (low, high), band in zip(BANDS, shares, strict=True):
            if low <= confidence < high:
                return shares[band]
        return 0.5

    return probability


def print_folds(report: Report) -> None:
    held_out = folds(report)
    merged = Report([a for _, fold, _ in held_out for a in fold.articles])
    links = [link for _, _, scored in held_out for link in scored]
    full = fit_calibration(report)
    print()
    print(f"leave-one-event-out ({len(held_out)} folds, each event scored on the others' fit)")
    print_figures(merged)
    print(
        f"calibration        Brier {_brier(links):.3f} held out, "
        f"{_brier([(c, full(c), r) for c, _, r in links]):.3f} on the full data"
    )
    print("held-out band     links  right  fitted probability (mean)")
    for low, high in BANDS:
        inside = [(p, r) for c, p, r in links if low <= c < high]
        mean = sum(p for p, _ in inside) / len(inside) if inside else 0.0
        band = f"{low:.2f}-{min(high, 1.0):.2f}"
        print(f"{band:16} {len(inside):6d} {sum(r for _, r in inside):6d}  {mean:.2f}")


def _brier(links: list[tuple[float, float, bool]]) -> float:
    return sum((p - r) ** 2 for _, p, r in links) / len(links) if links else 0.0


def _context_cell(a: ArticleScore) -> str:
    parts = [f"+{t}" for t in a.context_right]
    parts += [f"!{t}" for t in a.context_wrong]
    parts += [f"?{t}" for t in a.context_missed]
    return " ".join(parts) or "-"


def _share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "n/a"


def _setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _run(database_url: str, directory: Path) -> Report:
    _setup_django(database_url)
    from django.conf import settings
    from django.core.management import call_command

    from incidents.catalog_loader import load_catalog

    call_command("migrate", "--noinput", verbosity=0)
    load_catalog(settings.CATALOG_DIR)
    return evaluate(directory)


def _postgres(url: str, statements: Iterable[str]) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        for sql in statements:
            connection.execute(sql)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", nargs="?", type=Path, default=DEV_SET)
    parser.add_argument("--postgres", help="a PostgreSQL URL whose server may hold a scratch db")
    parser.add_argument("--folds", action="store_true", help="add the leave-one-event-out score")
    args = parser.parse_args()
    if args.postgres:
        from urllib.parse import urlsplit, urlunsplit

        drop = f"DROP DATABASE IF EXISTS {SCRATCH_DB} WITH (FORCE)"
        _postgres(args.postgres, [drop, f"CREATE DATABASE {SCRATCH_DB}"])
        try:
            url = urlunsplit(urlsplit(args.postgres)._replace(path=f"/{SCRATCH_DB}"))
            report = _run(url, args.directory)
            from django.db import connections

            connections.close_all()
        finally:
            _postgres(args.postgres, [drop])
    else:
        with tempfile.TemporaryDirectory() as folder:
            report = _run(f"sqlite:///{folder}/eval.sqlite3", args.directory)
    print_report(report)
    if args.folds:
        print_folds(report)


if __name__ == "__main__":
    main()
