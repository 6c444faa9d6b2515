"""Articles imported before titles were made properly: a text without a title line was given
its first sentence, cut short ("Today the Roscosmos cargo ship was set to be…"). Such an
article now gets the headline its address spells, else a short title from the launch it
reports, and goes to Needs review saying so; an empty publisher becomes the address's site.
A title an editor wrote is never touched: only titles equal to the old cut sentence change."""

from django.db import migrations

from articles.pipeline.text import sentence_spans
from articles.pipeline.titles import headline_from_address, publisher_from_address, short_title
from incidents.partial_dates import format_partial_date

OLD_TITLE_LENGTH = 120


def old_title(body: str) -> str:
    """The title the importer used to derive: the first sentence, cut at a word boundary."""
    spans = sentence_spans(body)
    if not spans:
        return ""
    sentence = body[spans[0][0] : spans[0][1]].strip()
    if len(sentence) <= OLD_TITLE_LENGTH:
        return sentence
    return sentence[:OLD_TITLE_LENGTH].rsplit(" ", 1)[0] + "…"


def retitle(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    Citation = apps.get_model("articles", "Citation")
    for article in Article.objects.all().iterator():
        changed = []
        if not article.publisher and publisher_from_address(article.url):
            article.publisher = publisher_from_address(article.url)[:200]
            changed.append("publisher")
        if article.title and article.title == old_title(article.body):
            title, note = _new_title(article, Citation)
            article.title = title[:300]
            reasons = [note] + ([article.review_reason] if article.review_reason else [])
            article.review_reason = "; ".join(reasons)
            article.needs_review = True
            changed += ["title", "review_reason", "needs_review"]
        if changed:
            article.save(update_fields=changed)


def _new_title(article, Citation) -> tuple[str, str]:
    headline = headline_from_address(article.url, article.body)
    if headline:
        return headline, (
            f"the text has no headline line: its title “{headline}” was read from its web "
            "address; check it"
        )
    reported = (
        Citation.objects.filter(article=article, supports="incident", incident__mission__isnull=False)
        .values_list("incident__mission__name", flat=True)
        .first()
    )
    day = article.published_on
    title = short_title(
        subject=reported or "",
        publisher=article.publisher,
        published=format_partial_date(day, "day") if day else "",
    )
    return title, f"the text has no headline: it was given the short title “{title}”; give it its own"


class Migration(migrations.Migration):
    dependencies = [("articles", "0009_fact_ranges_allow_bounds")]

    operations = [migrations.RunPython(retitle, migrations.RunPython.noop)]
