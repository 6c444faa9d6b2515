"""Linking real catalog launches from short articles written for these tests, through the
importer, as an editor's upload would."""

from articles.importer import import_files
from articles.inputs import InputFile
from articles.linking.article import READ_LIMIT, readable_part
from articles.models import Article, Citation, ImportRun, Mention
from incidents.models import Incident
from tests.gcat import GcatTestCase

CREDIT_AND_VEHICLE = """Japanese rocket lost on its first flight
https://news.example/2023/03/07/rocket-lost/

Image: The launch pad at dawn (Space Agency)

Japan's new H3 rocket failed on Tuesday after its second stage did not ignite, and
controllers sent the command to destroy it, JAXA said.
"""

LEAK_FIRST = (
    "Coolant streams from a docked cargo ship\nhttps://news.example/2023/02/11/ship-leak/\n\n"
    "A coolant leak began on the Progress MS-21 cargo ship docked at the space station on "
    "Saturday, Roscosmos said; the crew was safe.\n"
)

LEAK_SECOND = (
    "Engineers study the leak on a cargo ship\nhttps://other.example/2023/02/13/leak/\n\n"
    "Russian engineers are studying the coolant leak that hit Progress MS-21 this weekend. "
    "The leak emptied the ship's cooling loop.\n"
)

CURATED_EVENT = (
    "Crew ship leaks coolant\nhttps://news.example/2022/12/15/soyuz-leak/\n\n"
    "A coolant leak began on the Soyuz MS-22 spacecraft docked at the space station on "
    "December 14, and a planned spacewalk was called off.\n"
)

ORDINARY_WORD = """Satellite lost
https://news.example/2024/05/02/lost/

The Dream satellite was lost after an anomaly on Thursday, its owners said.
"""

BOOSTER_LANDING = """Falcon 9 lofts another batch of Starlink satellites
https://news.example/2020/02/17/starlink/

A Falcon 9 rocket carried 60 Starlink satellites to orbit on Monday. The first stage was
lost when it failed to land on the drone ship in the Atlantic. The satellites were
deployed as planned.
"""

ONE_OF_MANY = """Rocket failure costs a customer its satellite
https://news.example/2024/07/13/second-stage/

The second stage of a Falcon 9 rocket failed on Friday and left its payload in a low orbit,
SpaceX said. In June 2015, a Falcon 9 broke apart over Florida.
"""

# Paragraphs are one line each, as pages give them.
LIKE_ANOTHER = (
    "Cargo ship leaks coolant\nhttps://news.example/x\n\ndate 2023-02-11 "
    "The Progress MS-21 cargo ship docked at the station has lost its coolant to a leak, "
    "similar to the leak on the Soyuz MS-22 crew ship in December 2022, Roscosmos said.\n"
)

NO_DATE_TWO_PROBES = (
    "Lunar probe lost\nhttps://news.example/y\n\n"
    "Officials said the lander crashed into the Moon after an engine burn went wrong. "
    "The Luna-25 lander was to make the first landing since Luna-24.\n"
)

SOMEONE_ELSES_EXPLOSION = (
    "Atlas V launches a missile-warning satellite\nhttps://news.example/2022/08/04/sbirs/\n\n"
    "An Atlas V rocket launched the SBIRS GEO-6 satellite from Florida on Thursday morning.\n\n"
    "Hours earlier, a Starship prototype made a high-altitude hop in Texas. The flight went as "
    "planned, but the vehicle exploded shortly after touching down.\n"
)

BY_DESIGNATOR_AND_CRAFT_NAME = (
    "Satellite breaks up\nhttps://news.example/2024/10/21/breakup/\n\n"
    "Trackers counted 20 pieces of debris from 2016-053B after the satellite broke up in "
    "geostationary orbit on Saturday.\n\n"
    "The Genesis capsule crashed in the Utah desert when its parachutes failed to open. The "
    "Genesis probe had collected atoms of the solar wind for three years.\n"
)

AT_A_SITE_ON_A_DAY = (
    "Rocket explodes on its pad\nhttps://news.example/n0308/22/\n\nPosted: August 22, 2003\n\n"
    "A rocket exploded on the launch pad at Alcantara on Friday during tests before launch.\n"
)


ENGLISH_NAME_OF_A_CHINESE_ROCKET = (
    "Solid rocket lifts off from a ship\nhttps://news.example/2024/01/11/gravity/\n\n"
    "Orienspace's Gravity-1 rocket lifted off from a ship in the Yellow Sea on Thursday and "
    "placed three weather satellites in orbit.\n"
)

A_LANDER_NAMED_APART = (
    "Lander silent\nhttps://news.example/2003/12/27/mars-lander/\n\n"
    "Scientists have heard nothing from the Beagle 2 lander since it was due to touch down "
    "on Mars on Christmas Day, the mission team said on Saturday.\n"
)

RETURN_TO_FLIGHT = (
    "Cargo rocket back in business\nhttps://news.example/2016/10/18/cargo-rocket/\n\n"
    "An Antares rocket lifted off from Wallops Island on Monday and placed a Cygnus cargo "
    "ship in orbit; the flight went as planned.\n\n"
    "In October 2014, an Antares exploded seconds after liftoff. That was traced to a "
    "turbopump in one of the first-stage engines.\n"
)


def imported(*texts: str) -> list[Article]:
    files = [InputFile(f"sample-{n}.txt", text.encode()) for n, text in enumerate(texts)]
    _, results = import_files(files, source=ImportRun.Source.COMMAND)
    articles = [result.article for result in results if result.article is not None]
    assert len(articles) == len(texts), [result.reason for result in results]
    return articles


def reported(article: Article) -> Incident | None:
    citation = article.citations.filter(supports=Citation.Supports.INCIDENT).first()
    return citation.incident if citation else None


class LinkingTests(GcatTestCase):
    def test_a_vehicle_and_the_date_in_the_address_find_the_failed_launch(self):
        (article,) = imported(CREDIT_AND_VEHICLE)
        assert reported(article).mission.launch_tag == "2023-F03"
        assert article.published_on.isoformat() == "2023-03-07"
        assert article.url == "https://news.example/2023/03/07/rocket-lost/"
        assert not article.needs_review

    def test_a_photo_credit_links_nothing(self):
        credited_to_jaxa = CREDIT_AND_VEHICLE.replace("(Space Agency)", "(JAXA)")
        article, twin = imported(CREDIT_AND_VEHICLE, credited_to_jaxa)
        linked = set(article.mentions.values_list("text", flat=True))
        assert {"H3", "JAXA"} <= linked  # the names in the prose are linked
        assert "Image" not in linked and "Space Agency" not in linked
        # The same name links where the text says it ("..., JAXA said."), not in the credit.
        in_credit, in_text = twin.body.index("JAXA"), twin.body.rindex("JAXA")
        assert in_credit < in_text
        assert list(twin.mentions.filter(text="JAXA").values_list("start", flat=True)) == [in_text]

    def test_a_failure_after_a_good_launch_is_one_draft_shared_by_later_articles(self):
        first, second = imported(LEAK_FIRST, LEAK_SECOND)
        incident = reported(first)
        assert incident is not None and reported(second) == incident
        assert incident.mission.launch_tag == "2022-140"
        assert (incident.status, incident.origin) == (Incident.Status.DRAFT, "import")
        assert incident.kind == Incident.Kind.IN_FLIGHT
        assert Incident.objects.filter(mission__launch_tag="2022-140").count() == 1
        assert "created the draft incident" in first.review_reason
        assert "cites the draft incident" in second.review_reason
        assert first.needs_review and second.needs_review

    def test_an_ordinary_word_as_a_payload_name_makes_no_incident(self):
        before = Incident.objects.count()
        (article,) = imported(ORDINARY_WORD)
        assert reported(article) is None
        assert Incident.objects.count() == before
        assert not article.mentions.filter(kind=Mention.Kind.MISSION, text="Dream").exists()
        assert article.review_reason == "reports a failure, but no launch could be identified"

    def test_a_missed_booster_landing_is_routine_coverage(self):
        (article,) = imported(BOOSTER_LANDING)
        assert article.kind == Article.Kind.ROUTINE
        assert not article.citations.exists()
        assert not article.needs_review

    def test_a_past_failure_in_passing_is_context_and_the_own_event_is_not(self):
        (article,) = imported(ONE_OF_MANY)
        assert reported(article).mission.launch_tag == "2024-129"
        context = article.citations.filter(supports=Citation.Supports.CONTEXT)
        assert [c.incident.mission.launch_tag for c in context] == ["2015-F02"]

    def test_a_craft_named_as_a_comparison_is_not_the_subject(self):
        (article,) = imported(LIKE_ANOTHER)
        assert reported(article).mission.launch_tag == "2022-140"

    def test_without_a_publication_date_the_latest_of_two_named_probes_is_the_news(self):
        files = [InputFile("probe.txt", NO_DATE_TWO_PROBES.encode())]
        _, (result,) = import_files(files, source=ImportRun.Source.COMMAND)
        assert result.links[0] == "mission: Luna-25"

    def test_a_failure_sentence_that_refers_back_to_another_vehicle_is_not_about_the_launch(self):
        before = Incident.objects.count()
        (article,) = imported(SOMEONE_ELSES_EXPLOSION)
        assert reported(article) is None
        assert Incident.objects.count() == before

    def test_an_international_designator_names_the_launch(self):
        (article,) = imported(BY_DESIGNATOR_AND_CRAFT_NAME.split("\n\nThe Genesis")[0])
        assert reported(article).mission.launch_tag == "2016-053"

    def test_an_ordinary_word_before_a_craft_noun_is_a_name(self):
        text = (
            "Capsule crashes\nhttps://news.example/z\n\n"
            + BY_DESIGNATOR_AND_CRAFT_NAME.split("\n\n")[-1]
        )
        (article,) = imported(text)
        assert reported(article).mission.launch_tag == "2001-034"

    def test_a_launch_site_and_the_day_find_a_pad_explosion(self):
        (article,) = imported(AT_A_SITE_ON_A_DAY)
        assert reported(article).mission.launch_tag == "2003-E01"

    def test_an_event_of_the_curated_list_is_cited_not_drafted_again(self):
        (article,) = imported(CURATED_EVENT)
        incident = reported(article)
        assert (incident.title, incident.origin) == ("Soyuz MS-22 coolant leak", "curated")
        assert not article.needs_review

    def test_a_chinese_rocket_under_its_english_name_finds_its_launch(self):
        files = [InputFile("gravity.txt", ENGLISH_NAME_OF_A_CHINESE_ROCKET.encode())]
        _, (result,) = import_files(files, source=ImportRun.Source.COMMAND)
        assert result.links[0] == "mission: Yunyao-1 18-20"
        assert "vehicle: Gravity-1" in result.links
        assert not result.article.citations.exists()

    def test_a_lander_named_apart_from_its_launch_gets_a_draft_on_that_launch(self):
        (article,) = imported(A_LANDER_NAMED_APART)
        incident = reported(article)
        assert incident.mission.launch_tag == "2003-022"
        assert (incident.status, incident.origin) == (Incident.Status.DRAFT, "import")
        assert "created the draft incident" in article.review_reason

    def test_a_return_to_flight_cites_the_old_failure_in_passing_only(self):
        (article,) = imported(RETURN_TO_FLIGHT)
        assert article.kind == Article.Kind.ROUTINE
        assert reported(article) is None
        context = article.citations.filter(supports=Citation.Supports.CONTEXT)
        assert [c.incident.mission.launch_tag for c in context] == ["2014-F02"]

    def test_a_very_long_text_is_linked_from_its_beginning_and_kept_whole(self):
        filler = "Engineers reviewed the telemetry of the flight in detail.\n\n" * 6000
        (article,) = imported(CREDIT_AND_VEHICLE + "\n" + filler)
        assert len(article.body) > READ_LIMIT
        assert reported(article).mission.launch_tag == "2023-F03"
        assert article.body.endswith("in detail.")
        assert "the text is very long" in article.review_reason
        assert article.mentions.filter(start__gte=READ_LIMIT).count() == 0


def test_the_readable_part_ends_at_a_paragraph_break():
    paragraph = "x" * 999 + "\n"
    body = paragraph * (READ_LIMIT // 1000 + 5)
    part = readable_part(body)
    assert len(part) <= READ_LIMIT and body.startswith(part)
    assert body[len(part)] == "\n"
    assert readable_part("short text\n") == "short text\n"
