"""What the importer makes of a plain text's title, publisher and inline markup, through the
real importer (the import_articles command) with sample files written for these tests."""

import io
import pathlib
import tempfile

from django.core.management import call_command

from articles.models import Article, Citation
from tests.gcat import GcatTestCase

REPORT = (
    "A Soyuz-U rocket carrying the <i>Progress MS-04</i> cargo ship failed to reach orbit on "
    "Thursday after its <b>third stage</b> shut down early, Roscosmos said."
)


class ImportTests(GcatTestCase):
    def import_text(self, name: str, text: str) -> Article:
        folder = pathlib.Path(self.enterContext(tempfile.TemporaryDirectory()))
        (folder / name).write_text(text, encoding="utf-8")
        call_command("import_articles", str(folder), stdout=io.StringIO())
        return Article.objects.get(filename=name)


class InlineMarkupTests(ImportTests):
    def test_inline_tags_of_a_plain_text_leave_its_title_body_and_quotes(self):
        text = f"<I>Progress</I> cargo ship lost<br>\n\n{REPORT}\n"
        article = self.import_text("markup.txt", text)
        self.assertEqual(article.title, "Progress cargo ship lost")
        self.assertNotIn("<", article.body)
        self.assertIn("carrying the Progress MS-04 cargo ship", article.body)
        quotes = list(Citation.objects.filter(article=article).values_list("quote", flat=True))
        self.assertTrue(quotes)
        self.assertFalse([quote for quote in quotes if "<" in quote])
        self.assertEqual(article.raw_text, text)  # the text as received is kept as it was

    def test_a_less_than_sign_that_opens_no_tag_stays(self):
        text = f"Cargo ship lost\n\n{REPORT} The debris fell <5 km from the road, a < b.\n"
        article = self.import_text("signs.txt", text)
        self.assertIn("fell <5 km from the road, a < b.", article.body)


class TitleTests(ImportTests):
    def test_a_text_without_a_title_line_takes_the_headline_its_address_spells(self):
        text = (
            "https://www.cbc.ca/news/science/russian-cargo-ship-lost-after-soyuz-launch-1.3876001"
            f"\n\n{REPORT}\n"
        )
        article = self.import_text("headless.txt", text)
        self.assertEqual(article.title, "Russian cargo ship lost after Soyuz launch")
        self.assertEqual(article.publisher, "cbc.ca")
        self.assertTrue(article.needs_review)
        self.assertIn("was read from its web address", article.review_reason)

    def test_a_text_with_neither_gets_a_short_title_from_its_launch_flagged_for_an_editor(self):
        article = self.import_text("bare.txt", f"date 2016-12-01\n\n{REPORT}\n")
        self.assertEqual(article.title, "Progress MS-04 (1 December 2016)")
        self.assertEqual(article.publisher, "")
        self.assertTrue(article.needs_review)
        self.assertIn(
            "given the short title “Progress MS-04 (1 December 2016)”", article.review_reason
        )

    def test_a_title_line_is_kept_and_asks_nothing_of_an_editor_about_it(self):
        article = self.import_text("titled.txt", f"Cargo ship lost\n\n{REPORT}\n")
        self.assertEqual(article.title, "Cargo ship lost")
        self.assertNotIn("title", article.review_reason)

    def test_the_site_names_the_publisher_when_the_text_does_not(self):
        text = f"Cargo ship lost\nhttps://spacenews.com/2016/12/01/cargo-ship-lost/\n\n{REPORT}\n"
        article = self.import_text("site.txt", text)
        self.assertEqual(article.publisher, "spacenews.com")
        page = self.client.get(article.get_absolute_url()).content.decode()
        self.assertIn('<p class="meta">spacenews.com', page)
