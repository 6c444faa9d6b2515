"""The admin's web imports: addresses pasted by an editor and imported by the worker with the
uploads' progress page; “Fetch again”; feeds kept in the admin."""

from django.contrib.auth.models import Group, User
from django.test import override_settings
from django.urls import reverse

from articles.models import Article, Citation, Feed, ImportedFile, ImportRun
from articles.web.fetch import SHARED_ROBOTS
from tests.articles.web.samples import FAILURE_PARAGRAPHS, news_page
from tests.gcat import GcatTestCase
from tests.web_server import LocalSite
from tests.worker import run_queued_tasks

IMPORT_WEB = reverse("admin:articles_article_import_web")
CHANGELIST = reverse("admin:articles_article_changelist")


def other_story(n: int) -> str:
    return news_page(
        headline=f"Quiet day {n}",
        paragraphs=(f"Nothing went wrong on quiet day number {n} at the spaceport.",),
        canonical=None,
    )


@override_settings(
    IMPORT_ALLOW_PRIVATE_ADDRESSES=True, IMPORT_HOST_INTERVAL=0, IMPORT_RETRY_BACKOFF=0
)
class WebImportAdminTests(GcatTestCase):
    site: LocalSite

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.site = LocalSite().start()
        cls.addClassCleanup(cls.site.stop)

    @classmethod
    def setUpTestData(cls):
        cls.editor = User.objects.create_user("ed", password="pw", is_staff=True)
        cls.editor.groups.add(Group.objects.get(name="Editors"))

    def setUp(self):
        SHARED_ROBOTS.clear()  # each test's robots.txt is read anew (the server is the class's)
        self.client.force_login(self.editor)

    def test_pasted_addresses_are_imported_by_the_worker_with_a_progress_page(self):
        addresses = [
            self.site.page("/a", news_page(canonical=None)),
            self.site.page("/b", other_story(1)),
            self.site.url("/missing"),
        ]
        requests_before = len(self.site.requests)
        response = self.client.post(
            IMPORT_WEB, {"addresses": "\n".join(addresses) + "\n\n"}, follow=True
        )
        self.assertContains(response, "3 addresses queued for import")
        run = ImportRun.objects.get()
        self.assertEqual((run.source, run.status), (ImportRun.Source.WEB, "queued"))
        # nothing was fetched while the editor waited
        self.assertEqual(len(self.site.requests), requests_before)

        self.assertEqual(run_queued_tasks(), 1)
        page = self.client.get(reverse("admin:articles_article_import_progress", args=[run.pk]))
        self.assertContains(page, "<th>Address</th>", html=False)
        self.assertEqual(
            list(run.files.values_list("name", "outcome", "reason")),
            [
                (addresses[0], "created", ""),
                (addresses[1], "created", ""),
                (addresses[2], "failed", "not found (HTTP 404)"),
            ],
        )
        self.assertContains(page, "Cites: <a", count=1)
        self.assertContains(page, "Cargo ship lost after third stage fault")
        self.assertContains(page, "not found (HTTP 404)")

    def test_lines_that_are_not_addresses_are_refused_with_the_form_kept(self):
        response = self.client.post(
            IMPORT_WEB, {"addresses": "https://ok.example/a\nftp://x.example/b\nnot a link"}
        )
        self.assertContains(response, "Not http(s) addresses (2 lines): ftp://x.example/b")
        self.assertFalse(ImportRun.objects.exists())

    def test_more_than_two_hundred_addresses_are_refused(self):
        text = "\n".join(f"https://a.example/{n}" for n in range(201))
        response = self.client.post(IMPORT_WEB, {"addresses": text})
        self.assertContains(response, "201 addresses; at most 200 at a time.")

    def test_the_changelist_offers_the_web_import(self):
        self.assertContains(self.client.get(CHANGELIST), f'href="{IMPORT_WEB}"')

    def _imported(self, path: str, page: str) -> Article:
        address = self.site.page(path, page)
        self.client.post(IMPORT_WEB, {"addresses": address})
        run_queued_tasks()
        return Article.objects.get(url=address)

    def fetch_again(self, article: Article):
        return self.client.post(
            CHANGELIST,
            {"action": "fetch_pages_again", "_selected_action": [article.pk]},
            follow=True,
        )

    def test_fetch_again_replaces_a_changed_text_redoes_its_links_and_keeps_the_old(self):
        article = self._imported("/story", other_story(2))
        self.assertFalse(article.citations.exists())
        old_body = article.body
        self.site.page("/story", news_page(canonical=None))  # the page now tells the failure

        response = self.fetch_again(article)
        self.assertContains(response, "The page had changed; text and links updated")
        article.refresh_from_db()
        self.assertEqual(article.body, "\n\n".join(FAILURE_PARAGRAPHS))
        cited = article.citations.get(supports=Citation.Supports.INCIDENT)
        self.assertEqual(cited.incident.mission.name, "Progress MS-04")
        self.assertIn(old_body, article.history.values_list("body", flat=True))
        self.assertEqual(
            article.history.latest().history_change_reason, ("fetched again: the page had changed")
        )

    def test_fetch_again_of_an_unchanged_page_changes_nothing(self):
        article = self._imported("/same", other_story(3))
        versions = article.history.count()
        self.assertContains(self.fetch_again(article), "The page has not changed")
        self.assertEqual(article.history.count(), versions)

    def test_fetch_again_of_a_page_that_is_gone_says_why_and_keeps_the_article(self):
        article = self._imported("/going", news_page(canonical=None))
        citations = article.citations.count()
        self.site.pages.pop("/going")
        response = self.fetch_again(article)
        self.assertContains(response, "was not fetched again: not found (HTTP 404)")
        article.refresh_from_db()
        self.assertEqual(
            (article.body, article.citations.count()),
            (
                "\n\n".join(FAILURE_PARAGRAPHS),
                citations,
            ),
        )

    def test_a_feed_is_added_in_the_admin_and_checked_at_the_next_round(self):
        response = self.client.post(
            reverse("admin:articles_feed_add"),
            {"address": "https://news.example/feed.xml", "title": "", "active": "on"},
            follow=True,
        )
        self.assertEqual(response.status_code, 200)
        feed = Feed.objects.get()
        self.assertEqual(list(Feed.objects.due()), [feed])
        Feed.objects.update(next_check_at="2999-01-01T00:00:00Z", active=False)
        response = self.client.post(
            reverse("admin:articles_feed_changelist"),
            {"action": "check_now", "_selected_action": [feed.pk]},
            follow=True,
        )
        self.assertContains(response, "1 feed will be checked by the worker within a minute.")
        self.assertEqual(list(Feed.objects.due()), [feed])
        self.assertEqual(ImportedFile.objects.count(), 0)
