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
