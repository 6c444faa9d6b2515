"""`manage.py import_urls`: pages fetched from a real server on 127.0.0.1, extracted, linked
to the real catalog; every failure with its reason and nothing written for it; duplicates by
canonical address or text."""

import datetime
import io
import tempfile
import zipfile

from django.core.management import call_command
from django.test import override_settings

from articles.importer import import_files
from articles.inputs import expand
from articles.models import Article, Citation, ImportedFile, ImportRun
from articles.web.fetch import SHARED_ROBOTS
from tests.articles.web.samples import FAILURE_PARAGRAPHS, FURNITURE, news_page
from tests.gcat import GcatTestCase
from tests.web_server import LocalSite


def import_urls(*args: str) -> tuple[str, int]:
    """The command's output and exit status."""
    out = io.StringIO()
    try:
        call_command("import_urls", *args, stdout=out, stderr=io.StringIO())
    except SystemExit as exit:
        return out.getvalue(), int(exit.code or 0)
    return out.getvalue(), 0


@override_settings(
    IMPORT_ALLOW_PRIVATE_ADDRESSES=True, IMPORT_HOST_INTERVAL=0, IMPORT_RETRY_BACKOFF=0
)
class ImportUrlsTests(GcatTestCase):
    site: LocalSite

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.site = LocalSite().start()
        cls.addClassCleanup(cls.site.stop)

    def setUp(self):
        super().setUp()
        SHARED_ROBOTS.clear()  # each test's robots.txt is read anew (the server is the class's)

    def test_a_news_page_becomes_a_linked_article_with_its_metadata(self):
        address = self.site.page("/news/progress-lost?utm_source=x", news_page(), gzip=True)
        output, status = import_urls(address)
        self.assertEqual(status, 0, output)
        self.assertIn(f"Created           {address}", output)
        article = Article.objects.get()
        self.assertEqual(
            (article.title, article.publisher, article.author, article.published_on),
            (
                "Cargo ship lost after third stage fault",
                "Orbit Courier",
                "Mara Quill",
                datetime.date(2016, 12, 1),
            ),
        )
        self.assertEqual(article.url, "https://orbit-courier.example/news/progress-lost")
        self.assertEqual(article.body, "\n\n".join(FAILURE_PARAGRAPHS))
        for furniture in FURNITURE:
            self.assertNotIn(furniture, article.body)
        cited = Citation.objects.get(article=article, supports=Citation.Supports.INCIDENT)
        self.assertEqual(cited.incident.mission.name, "Progress MS-04")
        self.assertEqual(article.import_run.source, ImportRun.Source.COMMAND)

    def test_the_charset_in_the_header_wins_over_the_meta_tag(self):
        page = news_page(
            paragraphs=("Le lanceur a quitté Kourou à l’heure prévue et tout s’est bien passé.",),
            charset="utf-8",
            canonical=None,
        )
        address = self.site.page(
            "/fr", page.encode("cp1252"), content_type="text/html; charset=windows-1252"
        )
        output, status = import_urls(address)
        self.assertEqual(status, 0, output)
        self.assertIn("Le lanceur a quitté Kourou à l’heure prévue", Article.objects.get().body)

    def test_a_page_without_a_canonical_link_keeps_the_address_it_came_from(self):
        address = self.site.page("/plain", news_page(canonical=None))
        import_urls(address)
        self.assertEqual(Article.objects.get().url, address)

    def test_every_failure_says_why_and_writes_no_article(self):
        self.site.page("/robots.txt", "User-agent: *\nDisallow: /members/\n")
        cases = {
            self.site.url("/gone"): "not found (HTTP 404)",
            self.site.page("/members/a", news_page()): "forbidden by the site's robots.txt",
            self.site.page(
                "/report.pdf", b"%PDF-1.4 ...", content_type="application/pdf"
            ): "not an HTML page (the server sent application/pdf)",
            self.site.page("/down", news_page(), statuses=[503]): (
                "server error after 3 tries (HTTP 503)"
            ),
            "http://no-such-host.invalid/a": "no such host (no-such-host.invalid)",
            self.site.page("/empty", "<html><body><nav>Home</nav></body></html>"): (
                "no article text is left"
            ),
        }
        output, status = import_urls(*cases)
        self.assertEqual(status, 1)
        for address, reason in cases.items():
            self.assertIn(f"Failed            {address}: {reason}", output)
        self.assertFalse(Article.objects.exists())
        self.assertEqual(ImportedFile.objects.filter(outcome="failed").count(), len(cases))

    @override_settings(IMPORT_ALLOW_PRIVATE_ADDRESSES=False)
    def test_a_private_address_is_refused_unless_the_setting_allows_it(self):
        address = self.site.page("/a", news_page())
        output, status = import_urls(address)
        self.assertEqual(status, 1)
        self.assertIn("is 127.0.0.1, a private or reserved address", output)
        self.assertIn("IMPORT_ALLOW_PRIVATE_ADDRESSES=1", output)
        self.assertEqual(self.site.hits("/a"), 0)

    def test_the_same_canonical_address_twice_is_already_imported(self):
        first = self.site.page("/a?ref=home", news_page())
        second = self.site.page("/a?ref=feed", news_page().replace("Launch schedule", "Launches"))
        output, _ = import_urls(first, second)
        self.assertIn(f"Already imported  {second}: already imported from the same address", output)
        self.assertEqual(Article.objects.count(), 1)

    def test_the_same_text_at_another_address_is_already_imported(self):
        first = self.site.page("/one", news_page(canonical=None))
        second = self.site.page("/two", news_page(canonical=None, site="Other Courier"))
        output, _ = import_urls(first, second)
        self.assertIn("the same text came from another address", output)
        self.assertEqual(Article.objects.count(), 1)

    def test_addresses_come_from_a_file_one_a_line(self):
        paths = ["/f1", "/f2"]
        texts = ["The first story is about a quiet launch day.", "The second is another."]
        for path, text in zip(paths, texts, strict=True):
            self.site.page(path, news_page(paragraphs=(text,), canonical=None))
        listing = io.StringIO()
        listing.write("# two stories\n\n" + "\n".join(self.site.url(p) for p in paths) + "\n")
        with tempfile.NamedTemporaryFile("w", suffix=".txt") as handle:
            handle.write(listing.getvalue())
            handle.flush()
            output, status = import_urls("--from-file", handle.name)
        self.assertEqual(status, 0, output)
        self.assertIn("2 created, 0 already imported, 0 failed.", output)

    def test_a_dry_run_fetches_but_writes_nothing(self):
        address = self.site.page("/dry", news_page())
        output, _ = import_urls("--dry-run", address)
        self.assertIn("Dry run, nothing written: would have 1 created", output)
        self.assertFalse(Article.objects.exists())

    def test_an_html_file_in_an_uploaded_zip_is_read_by_the_same_extractor(self):
        archive = io.BytesIO()
        with zipfile.ZipFile(archive, "w") as zipped:
            zipped.writestr("saved/progress.html", news_page())
        _, (result,) = import_files(
            expand("pages.zip", archive.getvalue()), source=ImportRun.Source.COMMAND
        )
        self.assertEqual(result.outcome, "created", result.reason)
        article = result.article
        self.assertEqual(
            (article.title, article.author, article.body),
            (
                "Cargo ship lost after third stage fault",
                "Mara Quill",
                "\n\n".join(FAILURE_PARAGRAPHS),
            ),
        )
        self.assertEqual(article.url, "https://orbit-courier.example/news/progress-lost")
