"""Reading uploads and archives: every damaged input is a clear error for its own file."""

import io
import stat
import zipfile
from pathlib import Path

import pytest

from articles.inputs import (
    MAX_BYTES,
    InputFile,
    count_files,
    expand,
    files_from_paths,
    files_from_uploads,
    within_run_limit,
)

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


def zip_with_link(link_name: str, target: str, others: dict[str, bytes]) -> bytes:
    """A zip archive holding a symbolic link (as `zip --symlinks` stores one) and files."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        link = zipfile.ZipInfo(link_name)
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(link, target)
        for name, data in others.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_a_symlink_member_is_refused_with_its_reason_and_its_neighbours_are_read():
    archive = zip_with_link("passwd.txt", "/etc/passwd", {"good.txt": GOOD})
    files = {f.name: f for f in expand("batch.zip", archive)}
    link = files["batch.zip/passwd.txt"]
    assert (link.data, link.error) == (
        None,
        "a symbolic link inside the archive; links are refused",
    )
    assert files["batch.zip/good.txt"].data == GOOD


def test_an_empty_zip_says_it_holds_no_article_files():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("folder/", b"")
    (only,) = expand("empty.zip", buffer.getvalue())
    assert (only.name, only.error) == ("empty.zip", "the archive holds no article files")


def test_a_link_leading_out_of_a_folder_is_refused_and_one_inside_it_is_read(tmp_path):
    outside = tmp_path / "secret.txt"
    outside.write_bytes(b"not for import")
    folder = tmp_path / "articles"
    (folder / "sub").mkdir(parents=True)
    (folder / "good.txt").write_bytes(GOOD)
    (folder / "sub" / "out.txt").symlink_to(outside)
    (folder / "inside.txt").symlink_to(folder / "good.txt")
    files = {Path(f.name).name: f for f in files_from_paths([folder])}
    assert files["out.txt"].data is None
    assert files["out.txt"].error == "a link that leads out of the folder; refused"
    assert files["inside.txt"].data == files["good.txt"].data == GOOD
    assert count_files([folder]) == len(files) == 3


def test_count_files_counts_what_files_from_paths_gives(tmp_path):
    (tmp_path / "a.txt").write_bytes(GOOD)
    (tmp_path / "b.zip").write_bytes(zip_with_link("l.txt", "/x", {"m.txt": GOOD, "n.md": GOOD}))
    (tmp_path / "c.zip").write_bytes(b"PK\x03\x04 not a zip")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    given = list(files_from_paths([tmp_path, tmp_path / "missing.txt"]))
    assert count_files([tmp_path, tmp_path / "missing.txt"]) == len(given) == 6


def test_files_past_the_run_limit_are_refused_each_with_the_reason():
    files = [InputFile(f"{n}.txt", GOOD) for n in range(4)]
    kept = list(within_run_limit(files, limit=2))
    assert [f.data for f in kept] == [GOOD, GOOD, None, None]
    assert kept[3].error == "past the limit of 2 files per import; import it in another run"


class ZipUpload(io.BytesIO):
    """An uploaded zip as Django hands it over (a file with a name and a size), which
    remembers the most it handed over in one read."""

    def __init__(self, name: str, data: bytes):
        super().__init__(data)
        self.name, self.size = name, len(data)
        self.largest_read = 0

    def read(self, size=-1):
        data = super().read(size)
        self.largest_read = max(self.largest_read, len(data))
        return data


def test_a_zip_upload_is_read_a_member_at_a_time_never_whole():
    member_size = 200_000
    members = {f"{n}.txt": bytes([65 + n]) * member_size for n in range(4)}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    upload = ZipUpload("batch.zip", buffer.getvalue())
    files = list(files_from_uploads([upload]))
    assert {f.name: f.data for f in files} == {f"batch.zip/{n}": d for n, d in members.items()}
    assert member_size <= upload.largest_read < 2 * member_size < upload.size


@pytest.mark.django_db
def test_a_utf16_file_without_a_byte_order_mark_imports():
    from articles.importer import import_files
    from articles.models import ImportRun

    data = "Rocket lost\n\nThe Zephyr rocket failed on Thursday.\n".encode("utf-16-le")
    _, (result,) = import_files([InputFile("wide.txt", data)], source=ImportRun.Source.COMMAND)
    assert result.outcome == "created", result.reason
    assert result.article.title == "Rocket lost"
