"""The admin's "Import articles" page, driven with the test client as an editor would."""

import io
import stat
import zipfile

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection, reset_queries
from django.test import TestCase
from django.urls import reverse

from articles.forms import UNSAFE_ADDRESS
from articles.importer import Overrides, import_files
from articles.inputs import MAX_ZIP_EXPANDED_BYTES, InputFile
from articles.models import Article, Citation, ImportedFile, ImportRun
from articles.pipeline.decode import MAX_BYTES
from articles.tasks import queue_files
from incidents.models import Incident, Mission
from tests.gcat import GcatTestCase
from tests.worker import run_queued_tasks

IMPORT_URL = reverse("admin:articles_article_import")
HOSTILE_ADDRESS = "https://news.example/soyuz},note={INJECTED},x={"
SAMPLE = (
    b"Rocket lost after liftoff\n\n"
    b"A Soyuz-U rocket carrying the Progress 65 cargo ship failed to reach orbit on Thursday "
    b"after its third stage shut down early, Roscosmos said.\n"
)


def files_of(response) -> list[ImportedFile]:
    """The files of the run page, in upload order."""
    return [row["file"] for row in response.context["rows"]]


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def zipped(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


class UploadsAsAnEditor:
    """An editor, logged in, who uploads on the import page and lets a worker take the queue."""

    @classmethod
    def setUpTestData(cls):
        cls.editor = User.objects.create_user("ed", password="pw", is_staff=True)
        cls.editor.groups.add(Group.objects.get(name="Editors"))

    def setUp(self):
        self.client.force_login(self.editor)

    def post(self, *files, **fields):
        """Upload as the editor does, let a worker take the queue, open the run's page."""
        queued = self.client.post(IMPORT_URL, {"files": list(files), **fields})
        assert queued.status_code == 302, queued.content[:300]
        run_queued_tasks()
        return self.client.get(queued["Location"])


class AdminImportTests(UploadsAsAnEditor, TestCase):
    """The page, its form, its limits and its reasons, which need no catalog."""

    def test_the_import_page_offers_an_upload_form(self):
        response = self.client.get(IMPORT_URL)
        assert response.status_code == 200
        assert b'type="file"' in response.content and b"multiple" in response.content

    def test_uploading_the_same_file_again_reports_it_already_imported(self):
        self.post(upload("a.txt", SAMPLE))
        response = self.post(upload("again.txt", SAMPLE))
        [result] = files_of(response)
        assert result.outcome == ImportedFile.Outcome.KNOWN
        assert Article.objects.count() == 1
        assert "Already imported" in response.content.decode()

    def test_overrides_win_over_the_text(self):
        self.post(
            upload("a.txt", SAMPLE),
            publisher="Example Wire",
            published_on="2016-12-02",
            url="https://example.org/story",
        )
        article = Article.objects.get()
        assert (article.publisher, str(article.published_on), article.url) == (
            "Example Wire",
            "2016-12-02",
            "https://example.org/story",
        )

    def test_each_bad_file_gets_its_reason_and_the_good_one_still_goes_in(self):
        bad = {
            "empty.txt": b"",
            "big.txt": b"a" * (MAX_BYTES + 1),
            "binary.txt": b"\x00\x01\x02PK\x03\x04" * 50,
            "report.pdf": b"%PDF-1.4 ...",
            "undecodable.txt": bytes(range(128, 256)) * 20,
            "broken.zip": b"PK\x03\x04 not really a zip",
            "escape.zip": zipped({"../../etc/passwd.txt": b"x"}),
        }
        response = self.post(upload("good.txt", SAMPLE), *(upload(n, d) for n, d in bad.items()))

        results = {r.name: r for r in files_of(response)}
        assert results["good.txt"].outcome == ImportedFile.Outcome.CREATED
        reasons = {name: results[name].reason for name in bad}
        assert reasons["empty.txt"] == "the file is empty"
        assert "limit is 5" in reasons["big.txt"]
        assert "binary" in reasons["binary.txt"]
        assert "unsupported file type" in reasons["report.pdf"]
        assert "not valid text" in reasons["undecodable.txt"]
        assert "damaged or not a zip" in reasons["broken.zip"]
        assert "outside the archive" in reasons["escape.zip"]
        assert all(results[n].outcome == ImportedFile.Outcome.FAILED for n in bad)
        assert Article.objects.count() == 1
        assert ImportedFile.objects.filter(outcome="failed").count() == len(bad)

    def test_a_zip_bomb_is_refused_before_expanding(self):
        bomb = zipped({f"part{i}.txt": b"0" * (MAX_BYTES - 10) for i in range(45)})
        assert MAX_BYTES * 45 > MAX_ZIP_EXPANDED_BYTES
        response = self.post(upload("bomb.zip", bomb))
        [result] = files_of(response)
        assert "expand" in result.reason
        assert Article.objects.count() == 0

    def test_a_zip_of_articles_imports_each_member(self):
        archive = zipped({"one.txt": SAMPLE, "two.md": b"# Title\n\nRoutine news about NASA.\n"})
        response = self.post(upload("batch.zip", archive))
        names = [r.name for r in files_of(response)]
        assert names == ["batch.zip/one.txt", "batch.zip/two.md"]
        assert Article.objects.count() == 2

    def test_a_symlink_member_of_a_zip_is_refused_and_never_imported(self):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            link = zipfile.ZipInfo("passwd.txt")
            link.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(link, "/etc/passwd")
            archive.writestr("one.txt", SAMPLE)
        response = self.post(upload("batch.zip", buffer.getvalue()))
        results = {r.name: r for r in files_of(response)}
        assert results["batch.zip/passwd.txt"].outcome == ImportedFile.Outcome.FAILED
        assert "symbolic link" in results["batch.zip/passwd.txt"].reason
        assert list(Article.objects.values_list("filename", flat=True)) == ["one.txt"]

    def test_an_empty_zip_says_no_article_files(self):
        response = self.post(upload("empty.zip", zipped({})))
        [result] = files_of(response)
        assert (result.outcome, result.reason) == ("failed", "the archive holds no article files")
        html = response.content.decode()
        assert "the archive holds no article files" in html
        assert "Nothing to import: no article file could be read" in html

    def test_files_past_the_per_run_limit_are_refused_with_a_clear_message(self):
        texts = {f"{n}.txt": SAMPLE + str(n).encode() for n in range(4)}
        with self.settings(IMPORT_MAX_FILES_PER_RUN=3):
            response = self.post(upload("batch.zip", zipped(texts)))
        results = [(r.name, r.outcome) for r in files_of(response)]
        assert [outcome for _, outcome in results] == ["created"] * 3 + ["failed"]
        assert "past the limit of 3 files per import" in response.content.decode()
        assert Article.objects.count() == 3

    def test_an_article_citing_no_incident_is_held_from_the_public_until_reviewed(self):
        self.post(upload("junk.txt", b"Nothing here\n\nJust a few words about nothing at all.\n"))
        article = Article.objects.get()
        assert article.needs_review and "cites no incident: held" in article.review_reason
        assert self.client.get(article.get_absolute_url()).status_code == 404
        assert article.title not in self.client.get("/articles/").content.decode()
        changelist = reverse("admin:articles_article_changelist")
        self.client.post(changelist, {"action": "confirm_links", "_selected_action": [article.pk]})
        assert self.client.get(article.get_absolute_url()).status_code == 200
        assert article.title in self.client.get("/articles/").content.decode()

    def test_no_files_is_a_form_error(self):
        response = self.client.post(IMPORT_URL, {})
        assert response.status_code == 200
        assert "Choose at least one file." in response.content.decode()

    def test_a_source_url_holding_braces_is_a_form_error_and_imports_nothing(self):
        response = self.client.post(
            IMPORT_URL, {"files": [upload("a.txt", SAMPLE)], "url": HOSTILE_ADDRESS}
        )
        assert response.status_code == 200
        assert response.context["form"].errors == {"url": [UNSAFE_ADDRESS]}
        assert ImportRun.objects.count() == 0

    def test_the_changelist_links_to_import_and_review(self):
        response = self.client.get(reverse("admin:articles_article_changelist"))
        html = response.content.decode()
        assert IMPORT_URL in html
        assert "needs_review__exact=1" in html


class AdminImportLinkingTests(UploadsAsAnEditor, GcatTestCase):
    """What the uploads link to in the real catalog."""

    def test_the_seeds_uploaded_give_the_same_result_as_the_command(self):
        seeds = sorted(settings.SEEDS_DIR.iterdir())
        response = self.post(*(upload(p.name, p.read_bytes()) for p in seeds))

        assert response.status_code == 200
        results = files_of(response)
        assert [r.outcome for r in results] == [ImportedFile.Outcome.CREATED] * 5
        progress = Incident.objects.get(mission__launch_tag="2016-F02")
        cited = Citation.objects.filter(incident=progress, supports="incident")
        assert sorted(c.article.filename[:3] for c in cited) == ["000", "001", "002", "003"]
        run = ImportRun.objects.get()
        assert (run.started_by, run.source, run.created_count) == (self.editor, "admin", 5)
        html = response.content.decode()
        assert progress.title in html
        assert reverse("admin:articles_article_change", args=[results[0].article.pk]) in html

    def test_an_article_whose_mission_has_no_incident_gets_a_draft_for_review(self):
        text = (
            b"Progress MS-26 lost\n\nThe Progress MS-26 cargo ship was lost after launch when "
            b"the rocket failed.\n"
        )
        response = self.post(upload("draft.txt", text))
        [row] = response.context["rows"]
        assert row["incident"].status == Incident.Status.DRAFT
        assert row["file"].article.needs_review
        assert "(draft)" in response.content.decode()
        assert self.client.get(row["incident"].get_absolute_url()).status_code == 404

    def test_the_review_action_confirms_links_and_clears_the_flag(self):
        self.post(upload("draft.txt", b"Mystery\n\nA rocket failed somewhere, officials said.\n"))
        article = Article.objects.get()
        assert article.needs_review
        listed = self.client.get(
            reverse("admin:articles_article_changelist") + "?needs_review__exact=1"
        )
        assert "no launch could be identified" in listed.content.decode()
        response = self.client.post(
            reverse("admin:articles_article_changelist"),
            {"action": "confirm_links", "_selected_action": [article.pk]},
            follow=True,
        )
        article.refresh_from_db()
        assert not article.needs_review and article.review_reason == ""
        assert "1 article reviewed." in response.content.decode()
        latest = article.history.latest("history_date")
        assert latest.history_user.username == "ed"
        assert latest.history_change_reason == "Reviewed with the Articles list's action"
        assert latest.prev_record.needs_review


@pytest.mark.django_db
def test_a_user_without_the_add_permission_cannot_import(client):
    viewer = User.objects.create_user("viewer", password="pw", is_staff=True)
    client.force_login(viewer)
    assert client.get(IMPORT_URL).status_code == 403


@pytest.mark.django_db
def test_anonymous_users_are_sent_to_the_login_page(client):
    response = client.get(IMPORT_URL)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


@pytest.mark.django_db
def test_the_command_exits_non_zero_when_a_file_fails(tmp_path):
    (tmp_path / "good.txt").write_bytes(SAMPLE)
    (tmp_path / "empty.txt").write_bytes(b"")
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("import_articles", str(tmp_path), stdout=out)
    assert exit_info.value.code == 1
    text = out.getvalue()
    assert "empty.txt: the file is empty" in text
    assert "1 created, 0 already imported, 1 failed." in text


@pytest.mark.django_db
def test_the_command_refuses_a_link_leading_out_of_the_folder(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_bytes(b"Secret words\n\nThese must never be imported from outside.\n")
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "good.txt").write_bytes(SAMPLE)
    (folder / "passwd.txt").symlink_to(secret)
    out = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("import_articles", str(folder), stdout=out)
    assert "passwd.txt: a link that leads out of the folder; refused" in out.getvalue()
    assert list(Article.objects.values_list("filename", flat=True)) == ["good.txt"]


@pytest.mark.django_db
def test_the_command_refuses_files_past_the_per_run_limit(tmp_path, settings):
    settings.IMPORT_MAX_FILES_PER_RUN = 1
    (tmp_path / "a.txt").write_bytes(SAMPLE)
    (tmp_path / "b.txt").write_bytes(SAMPLE + b"2")
    out = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("import_articles", str(tmp_path), stdout=out)
    assert "b.txt: past the limit of 1 files per import" in out.getvalue()
    assert Article.objects.count() == 1


def long_texts(count: int) -> list[InputFile]:
    return [
        InputFile(f"{n}.txt", (f"Report {n}\n\n" + "Words about rockets. " * 20_000).encode())
        for n in range(count)
    ]


@pytest.mark.django_db
def test_a_batch_keeps_no_texts_in_memory_not_even_in_the_debug_query_log(settings):
    settings.DEBUG = True  # Django then logs each query with its parameters
    reset_queries()
    _, results = import_files(long_texts(3), source=ImportRun.Source.COMMAND)
    assert [r.outcome for r in results] == ["created"] * 3
    assert all({"raw_text", "body"} <= r.article.get_deferred_fields() for r in results)
    text_size = len(long_texts(1)[0].data)
    assert sum(len(query["sql"]) for query in connection.queries) < text_size


@pytest.mark.django_db
def test_an_upload_queued_keeps_no_bytes_in_the_debug_query_log(settings):
    settings.DEBUG = True
    reset_queries()
    run = queue_files(long_texts(3))
    assert run.files.filter(outcome=ImportedFile.Outcome.PENDING).count() == 3
    assert sum(len(query["sql"]) for query in connection.queries) < len(long_texts(1)[0].data)


@pytest.mark.django_db
def test_the_command_refuses_a_source_url_holding_braces(tmp_path):
    (tmp_path / "good.txt").write_bytes(SAMPLE)
    with pytest.raises(CommandError, match="without spaces, quotes, braces"):
        call_command("import_articles", str(tmp_path), "--url", HOSTILE_ADDRESS)
    assert ImportRun.objects.count() == 0


@pytest.mark.django_db
def test_the_command_dry_run_writes_nothing(tmp_path):
    (tmp_path / "good.txt").write_bytes(SAMPLE)
    out = io.StringIO()
    call_command("import_articles", str(tmp_path), "--dry-run", stdout=out)
    assert "Dry run, nothing written: would have 1 created" in out.getvalue()
    assert Article.objects.count() == 0
    assert ImportRun.objects.count() == 0


class ReviewFixesTests(GcatTestCase):
    """What an outside review found, pinned."""

    def test_a_batch_holding_the_same_bytes_twice_counts_the_copy_as_known_in_a_dry_run(self):
        files = [InputFile("a.txt", SAMPLE), InputFile("sub/copy.txt", SAMPLE)]
        for dry_run in (True, False):
            _, results = import_files(files, source="command", dry_run=dry_run)
            assert [r.outcome for r in results] == ["created", "known"]
            Article.objects.all().delete()

    def test_a_renamed_mission_is_still_found_by_its_catalog_name(self):
        mission = Mission.objects.get(launch_tag="2016-F02")
        mission.name = "Progress MS-04 (65P)"
        mission.save()
        text = b"Lost\n\nThe Progress MS-04 cargo ship failed to reach orbit, Roscosmos said.\n"
        _, [result] = import_files([InputFile("a.txt", text)], source="command")
        assert result.incident.mission == mission

    def test_only_web_addresses_are_kept_as_source_urls(self):
        text = b"Lost\n\nThe Progress MS-04 cargo ship failed to reach orbit, Roscosmos said.\n"
        _, [result] = import_files(
            [InputFile("a.txt", text)],
            source="command",
            overrides=Overrides(url="javascript:alert(1)"),
        )
        assert result.article.url == ""

    def test_an_address_holding_braces_is_never_taken_as_the_articles_url(self):
        text = b"Lost\n\nThe Progress MS-04 cargo ship failed to reach orbit, Roscosmos said.\n"
        _, [result] = import_files(
            [InputFile("a.txt", text)],
            source="command",
            overrides=Overrides(url=HOSTILE_ADDRESS),
        )
        assert result.article.url == "" and result.article.import_run.url == ""
        portal = (
            "# Progress MS-04 lost\n\nThe Progress MS-04 cargo ship failed to reach orbit, "
            f"Roscosmos said.\n\n### Sources:\n\n1. [Wire]({HOSTILE_ADDRESS})\n"
        )
        _, [result] = import_files([InputFile("b.md", portal.encode())], source="command")
        assert result.outcome == ImportedFile.Outcome.CREATED
        assert result.article.url == ""

    def test_an_address_line_whose_host_cannot_be_read_still_imports(self):
        text = (
            b"Progress MS-04 lost\nhttps://[news.example/progress-lost\n\n"
            b"The Progress MS-04 cargo ship failed to reach orbit, Roscosmos said.\n"
        )
        _, [result] = import_files([InputFile("a.txt", text)], source="command")
        assert result.outcome == ImportedFile.Outcome.CREATED
        assert result.article.url == ""

    def test_a_citation_must_quote_its_passage_within_the_body(self):
        text = b"Lost\n\nThe Progress MS-04 cargo ship failed to reach orbit, Roscosmos said.\n"
        _, [result] = import_files([InputFile("a.txt", text)], source="command")
        citation = result.article.citations.get()
        citation.full_clean()
        citation.end = len(result.article.body) + 10
        with pytest.raises(ValidationError):
            citation.full_clean()
        citation.end, citation.quote = citation.start + 5, "made up"
        with pytest.raises(ValidationError):
            citation.full_clean()

    def test_unconfirmed_low_confidence_links_are_not_shown_publicly(self):
        text = b"Lost\n\nThe Progress MS-04 cargo ship failed to reach orbit, Roscosmos said.\n"
        _, [result] = import_files([InputFile("a.txt", text)], source="command")
        mention = result.article.mentions.filter(kind="agency").first()
        mention.confidence = 0.3
        mention.save()
        page = self.client.get(result.article.get_absolute_url())
        assert mention.agency not in [target for _, target in page.context["linked"]]
        mention.confirmed = True
        mention.save()
        page = self.client.get(result.article.get_absolute_url())
        assert mention.agency in [target for _, target in page.context["linked"]]

    def test_a_short_mixed_case_name_does_not_link_a_byline(self):
        text = b"Lost\n\nBy Jane Doe. The Progress MS-04 cargo ship failed to reach orbit.\n"
        _, [result] = import_files([InputFile("a.txt", text)], source="command", dry_run=True)
        assert not any(link.startswith("agency:") for link in result.links)

    def test_import_runs_cannot_be_deleted_from_the_admin(self):
        admin_user = User.objects.create_superuser("root", password="pw")
        self.client.force_login(admin_user)
        run = ImportRun.objects.create(source="command")
        url = reverse("admin:articles_importrun_delete", args=[run.pk])
        assert self.client.get(url).status_code == 403
