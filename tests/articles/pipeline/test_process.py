import datetime
import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from articles.pipeline.decode import RejectedInput
from articles.pipeline.parse import SourceLink
from articles.pipeline.process import ProcessedArticle, process_bytes

ROOT = Path(__file__).resolve().parents[3]
SEEDS = ROOT.parent / "shared" / "seeds"

PORTAL_ITEM = """
Formats: [HTML](/news/2016/12/1/probe.html)  [JSON](/news/2016/12/1/probe.json)

### [2016-12-1](/news/2016/12/1/index.md)

##### Deep space
# A probe’s main antenna fails to unfold.

The agency’s engineers say the antenna’s latch stuck — twice.


### Sources:

1. [Euronews](http://euronews.example/probe)
1. [Cover Image](http://euronews.example/probe.jpg)

### Related:

1. [Another probe loses power. ](/news/2015/1/1/power.md) _Context: Deep space_
"""


def double_encode(text: str) -> bytes:
    """UTF-8 bytes misread as cp1252 and encoded to UTF-8 again, as broken exports do."""
    return text.encode("utf-8").decode("cp1252").encode("utf-8")


def test_double_encoded_portal_item_is_repaired_before_parsing():
    data = double_encode(PORTAL_ITEM)
    assert "â€™".encode() in data
    article = process_bytes(data)
    assert article.repaired_mojibake is True
    assert article.format == "portal-markdown"
    assert article.title == "A probe’s main antenna fails to unfold."
    assert article.body == "The agency’s engineers say the antenna’s latch stuck — twice."
    assert article.published_on == datetime.date(2016, 12, 1)
    assert article.category == "Deep space"
    assert article.publisher == "Euronews"
    assert article.source_links == (SourceLink("Euronews", "http://euronews.example/probe"),)


def test_raw_text_and_hash_record_what_was_received():
    data = double_encode("Line one â\r\nLine two")
    article = process_bytes(data)
    assert article.raw_text == data.decode("utf-8")
    assert article.sha256 == hashlib.sha256(data).hexdigest()
    assert article.encoding == "utf-8"


def test_publisher_falls_back_to_the_cleaning_hint():
    data = b"The capsule splashed down.\n\n(c) 2023 Splashdown Weekly. All rights reserved.\n"
    article = process_bytes(data)
    assert article.publisher == "Splashdown Weekly"
    assert article.body == "The capsule splashed down."
    assert article.removed == ("(c) 2023 Splashdown Weekly. All rights reserved.",)


def test_extraction_repairs_are_counted():
    article = process_bytes("It carried 2. 5 tons  —   and 1, 200 kg more.".encode())
    assert article.body == "It carried 2.5 tons — and 1,200 kg more."
    assert article.repairs == 3


def test_the_same_bytes_always_give_the_same_article():
    data = double_encode(PORTAL_ITEM)
    first = process_bytes(data)
    assert isinstance(first, ProcessedArticle)
    assert first == process_bytes(data)


def test_rejected_input_is_raised():
    with pytest.raises(RejectedInput):
        process_bytes(b"%PDF-1.4 binary")


# --------------------------------------------------------------------------- the real seeds

needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed files are not available")


def processed_seeds() -> list[ProcessedArticle]:
    return [process_bytes(path.read_bytes()) for path in sorted(SEEDS.glob("*.txt"))]


@needs_seeds
def test_seed_bodies_are_free_of_boilerplate_and_mojibake():
    articles = processed_seeds()
    assert len(articles) == 5
    for article in articles:
        for unwanted in (
            "â€",
            "Dear readers",
            "newsletter",
            "affilate",
            "All rights reserved",
            "Twitter Moment",
            "Read more",
            "Context:",
            "Formats:",
        ):
            assert unwanted not in article.body
        assert article.body == article.body.strip()
        assert "  " not in article.body


@needs_seeds
def test_seed_with_extraction_damage_is_repaired():
    articles = processed_seeds()
    damaged = [article for article in articles if "2.6 tons" in article.body]
    assert len(damaged) == 1
    body = damaged[0].body
    assert "1,400 pounds" in body
    assert "2,750 pounds" in body
    assert "2. 6" not in body
    assert " — " in body
    assert damaged[0].repairs >= 3


@needs_seeds
def test_seed_publishers_are_found():
    publishers = {article.publisher for article in processed_seeds()}
    assert {"Newsmax", "The Moscow Times", "Euronews"} <= publishers


@needs_seeds
def test_seed_portal_item_is_parsed():
    portal = [a for a in processed_seeds() if a.format == "portal-markdown"]
    assert len(portal) == 1
    article = portal[0]
    assert article.repaired_mojibake is True
    assert article.published_on == datetime.date(2016, 12, 1)
    assert article.category == "Roscosmos"
    assert article.title
    assert "’" in article.body
    assert all("Cover Image" != link.label for link in article.source_links)


@needs_seeds
def test_seed_with_headline_and_category_lines_has_them_taken_out_of_the_body():
    article = next(a for a in processed_seeds() if a.publisher == "The Moscow Times")
    assert article.title
    assert article.category == "Roscosmos"
    assert not article.body.startswith("Support")
    assert not article.body.startswith(article.title)
    assert "Remind me later" not in article.body


@needs_seeds
def test_processing_the_seeds_is_deterministic():
    assert processed_seeds() == processed_seeds()


def test_the_publication_date_falls_back_to_the_header_lines_then_the_web_address():
    from_header = process_bytes(b"Rocket lost\n\nParis, 3 March 2022. - The rocket failed.\n")
    assert from_header.published_on == datetime.date(2022, 3, 3)
    from_address = process_bytes(
        b"Rocket lost\nhttps://news.example/2021/09/rocket/\n\nThe rocket failed on Monday.\n"
    )
    assert from_address.published_on is None  # a month is not a day
    assert from_address.published.first == datetime.date(2021, 9, 1)
    assert from_address.published.precision == "month"


def test_millions_of_lines_are_refused_saying_why_and_a_long_digest_is_not():
    with pytest.raises(RejectedInput, match="2,500,001 lines are more than an article has"):
        process_bytes(b"a\n" * 2_500_000)
    digest = "Rocket lost\n\nThe second stage failed after a long climb to orbit.\n\n" * 20_000
    assert "The second stage failed" in process_bytes(digest.encode()).body


def test_a_file_that_is_all_page_furniture_is_refused():
    with pytest.raises(RejectedInput, match="no article text is left"):
        process_bytes("  ©&,,,\n".encode("cp1252"))


def test_every_stage_of_the_pipeline_imports_without_django():
    script = (
        "import importlib, pkgutil, sys, articles.pipeline as p\n"
        "for module in pkgutil.iter_modules(p.__path__):\n"
        "    importlib.import_module(f'articles.pipeline.{module.name}')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'django'))\n"
    )
    found = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert found.stdout.strip() == "[]"
