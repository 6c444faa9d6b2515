"""Turning paths, uploads and zip archives into named byte strings, refusing what is unsafe.

A file that cannot be read becomes an InputFile with an error, so it is reported in the
results like any other failure and never stops the rest of the batch.
"""

import io
import lzma
import stat
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO

from django.conf import settings

from articles.pipeline.decode import MAX_BYTES

ARTICLE_SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm"}
ZIP_SUFFIX = ".zip"
MAX_ZIP_BYTES = 50 * 1024 * 1024  # the archive itself
MAX_ZIP_EXPANDED_BYTES = 200 * 1024 * 1024  # all its members once expanded
MAX_ZIP_MEMBERS = 2000
EMPTY_ARCHIVE = "the archive holds no article files"
LINK_OUT_OF_FOLDER = "a link that leads out of the folder; refused"


@dataclass(frozen=True)
class InputFile:
    name: str
    data: bytes | None = None
    error: str = ""
    address: str = ""  # where a web page was fetched from (articles.web)


def within_run_limit(files: Iterable[InputFile], limit: int | None = None) -> Iterator[InputFile]:
    """The files, the ones past the limit of files per run (settings.IMPORT_MAX_FILES_PER_RUN)
    refused, so that one upload cannot publish thousands of texts at once."""
    limit = settings.IMPORT_MAX_FILES_PER_RUN if limit is None else limit
    for count, item in enumerate(files, start=1):
        if count > limit:
            yield InputFile(
                item.name,
                error=f"past the limit of {limit:,} files per import; import it in another run",
            )
        else:
            yield item


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def files_from_paths(paths: Iterable[str | Path]) -> Iterator[InputFile]:
    """Each file named, and every article file below each directory named, in name order,
    read one at a time. A link below a directory that leads out of it is refused."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from _files_in_folder(path)
        elif path.exists():
            yield from _read_path(path)
        else:
            yield InputFile(str(path), error="no such file or directory")


def count_files(paths: Iterable[str | Path]) -> int:
    """How many results files_from_paths gives, found without reading a file (an archive's
    directory is read, not its members): for a progress bar."""
    count = 0
    for raw in paths:
        path = Path(raw)
        for child in _article_files_in(path) if path.is_dir() else [path]:
            count += _zip_member_count(child) if child.suffix.lower() == ZIP_SUFFIX else 1
    return count


def _zip_member_count(path: Path) -> int:
    try:
        with zipfile.ZipFile(path) as archive:
            members = [m for m in archive.infolist() if not m.is_dir()]
    except (zipfile.BadZipFile, OSError, ValueError):
        return 1
    return 1 if _unsafe_zip(members) or not members else len(members)


def _article_files_in(folder: Path) -> list[Path]:
    return sorted(
        p
        for p in folder.rglob("*")
        if p.suffix.lower() in ARTICLE_SUFFIXES | {ZIP_SUFFIX} and p.is_file()
    )


def _files_in_folder(folder: Path) -> Iterator[InputFile]:
    root = folder.resolve()
    for child in _article_files_in(folder):
        if not child.resolve().is_relative_to(root):
            yield InputFile(str(child), error=LINK_OUT_OF_FOLDER)
            continue
        yield from _read_path(child)


def _read_path(path: Path) -> Iterator[InputFile]:
    size = path.stat().st_size
    is_zip = path.suffix.lower() == ZIP_SUFFIX
    limit = MAX_ZIP_BYTES if is_zip else MAX_BYTES
    if size > limit:
        yield InputFile(str(path), error=_too_big(size, limit))
        return
    try:
        if is_zip:
            with path.open("rb") as handle:
                yield from _zip_members(str(path), handle)
            return
        data = path.read_bytes()
    except OSError as error:
        yield InputFile(str(path), error=f"could not read the file ({error.strerror})")
        return
    yield from expand(str(path), data)


def files_from_uploads(uploads) -> Iterator[InputFile]:
    """Django UploadedFile objects, read within the size limits: a zip archive is read from
    its upload (a temporary file past FILE_UPLOAD_MAX_MEMORY_SIZE) one member at a time."""
    for upload in uploads:
        is_zip = upload.name.lower().endswith(ZIP_SUFFIX)
        limit = MAX_ZIP_BYTES if is_zip else MAX_BYTES
        if upload.size > limit:
            yield InputFile(upload.name, error=_too_big(upload.size, limit))
        elif is_zip:
            upload.seek(0)
            yield from _zip_members(upload.name, upload)
        else:
            yield from expand(upload.name, upload.read())


def _too_big(size: int, limit: int) -> str:
    if _megabytes(size) == _megabytes(limit):  # "5.0 MB; the limit is 5.0 MB" says nothing
        return f"the file is {size:,} bytes; the limit is {limit:,} bytes ({_megabytes(limit)})"
    return f"the file is {_megabytes(size)}; the limit is {_megabytes(limit)}"


def expand(name: str, data: bytes) -> Iterator[InputFile]:
    """An article file as it is, a zip archive as its members, anything else refused."""
    suffix = PurePosixPath(name).suffix.lower()
    if suffix == ZIP_SUFFIX:
        yield from _zip_members(name, io.BytesIO(data))
    elif suffix in ARTICLE_SUFFIXES:
        yield InputFile(name, data)
    else:
        allowed = ", ".join(sorted(ARTICLE_SUFFIXES | {ZIP_SUFFIX}))
        yield InputFile(name, error=f"unsupported file type “{suffix or 'none'}”; use {allowed}")


def _zip_members(name: str, handle: IO[bytes]) -> Iterator[InputFile]:
    """Each member of the archive in `handle`, read (and decompressed) only when it is its
    turn: one member's bytes in memory at a time."""
    try:
        archive = zipfile.ZipFile(handle)
        members = [m for m in archive.infolist() if not m.is_dir()]
    except (zipfile.BadZipFile, OSError, ValueError):
        yield InputFile(name, error="the zip archive is damaged or not a zip archive")
        return
    problem = _unsafe_zip(members)
    if problem:
        yield InputFile(name, error=problem)
        return
    if not members:
        yield InputFile(name, error=EMPTY_ARCHIVE)
        return
    for member in members:
        yield _member(archive, member, f"{name}/{member.filename}")


def _member(archive: zipfile.ZipFile, member: zipfile.ZipInfo, name: str) -> InputFile:
    if _is_link(member):
        return InputFile(name, error="a symbolic link inside the archive; links are refused")
    if PurePosixPath(member.filename).suffix.lower() not in ARTICLE_SUFFIXES:
        return InputFile(name, error="unsupported file type inside the archive")
    if member.file_size > MAX_BYTES:
        return InputFile(name, error=_too_big(member.file_size, MAX_BYTES))
    try:
        return InputFile(name, _read_member(archive, member))
    except _TooBig as error:
        return InputFile(name, error=str(error))
    except _DAMAGED_MEMBER:
        return InputFile(name, error="could not be extracted: its data is damaged")
    except NotImplementedError:
        return InputFile(name, error="could not be extracted: compressed in a way we cannot read")


def _is_link(member: zipfile.ZipInfo) -> bool:
    """A member stored as a symbolic link (its Unix mode, in the high bits of the external
    attributes): its data is the path it points to, which is never to be read as a text."""
    return stat.S_ISLNK(member.external_attr >> 16)


class _TooBig(ValueError):
    """A member that expands past the limit its header claimed to keep."""


# What a damaged member raises as it is read: a bad CRC, broken deflate, LZMA or bzip2 data,
# a stream cut short, an encrypted member.
_DAMAGED_MEMBER = (zipfile.BadZipFile, zlib.error, lzma.LZMAError, EOFError, OSError, RuntimeError)


def _read_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> bytes:
    """Read at most the declared size (plus one byte to catch a lying header)."""
    with archive.open(member) as handle:
        data = handle.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise _TooBig(f"it expands past the {_megabytes(MAX_BYTES)} limit")
    return data


def _unsafe_zip(members: list[zipfile.ZipInfo]) -> str:
    if len(members) > MAX_ZIP_MEMBERS:
        return f"the archive holds {len(members)} files; the limit is {MAX_ZIP_MEMBERS}"
    for member in members:
        path = PurePosixPath(member.filename.replace("\\", "/"))
        if path.is_absolute() or ".." in path.parts or ":" in (path.parts or ("",))[0]:
            return f"the archive holds a path outside the archive ({member.filename!r}); refused"
    expanded = sum(m.file_size for m in members)
    if expanded > MAX_ZIP_EXPANDED_BYTES:
        return (
            f"the archive would expand to {_megabytes(expanded)}; "
            f"the limit is {_megabytes(MAX_ZIP_EXPANDED_BYTES)}"
        )
    return ""
