"""Reading uploads and archives: every damaged input is a clear error for its own file."""

import io
import zipfile

import pytest

from articles.inputs import MAX_BYTES, InputFile, expand, files_from_uploads

GOOD = b"Rocket lost\n\nThe Zephyr rocket failed on Thursday.\n"


def corrupt_archive(compression: int) -> bytes:
    """A zip of a good member and a member whose compressed data is damaged."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        archive.writestr("good.txt", GOOD)
        archive.writestr("bad.txt", GOOD * 50)
    data = bytearray(buffer.getvalue())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("bad.txt")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    for offset in range(start + 4, start + 40):
        data[offset] ^= 0x5A
    return bytes(data)


@pytest.mark.parametrize("compression", [zipfile.ZIP_DEFLATED, zipfile.ZIP_LZMA, zipfile.ZIP_BZIP2])
def test_a_damaged_member_fails_alone_with_a_plain_reason(compression):
    files = {f.name: f for f in expand("batch.zip", corrupt_archive(compression))}
    assert files["batch.zip/good.txt"].data == GOOD
    bad = files["batch.zip/bad.txt"]
    assert bad.data is None
    assert bad.error == "could not be extracted: its data is damaged"


class Upload:
    def __init__(self, name: str, size: int):
        self.name, self.size = name, size

    def read(self):
        raise AssertionError("a file over the limit is never read")


def test_a_file_just_over_the_limit_says_by_how_much():
    (refused,) = files_from_uploads([Upload("big.txt", MAX_BYTES + 1)])
    assert refused.error == (
        f"the file is {MAX_BYTES + 1:,} bytes; the limit is {MAX_BYTES:,} bytes (5.0 MB)"
    )
    (far,) = files_from_uploads([Upload("big.txt", MAX_BYTES * 3)])
    assert far.error == "the file is 15.0 MB; the limit is 5.0 MB"


@pytest.mark.django_db
def test_a_utf16_file_holding_nul_characters_imports_on_every_database():
    from articles.importer import import_files
    from articles.models import ImportRun

    data = "Rocket lost\n\nThe Zephyr\x00 rocket failed on Thursday.\n".encode("utf-16")
    _, (result,) = import_files([InputFile("wide.txt", data)], source=ImportRun.Source.COMMAND)
    assert result.outcome == "created", result.reason
    assert "\x00" not in result.article.body + result.article.raw_text
