"""Turning paths, uploads and zip archives into named byte strings, refusing what is unsafe.

A file that cannot be read becomes an InputFile with an error, so it is reported in the
results like any other failure and never stops the rest of the batch.
"""

import io
import lzma
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from articles.pipeline.decode import MAX_BYTES

ARTICLE_SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm"}
ZIP_SUFFIX = ".zip"
MAX_ZIP_BYTES = 50 * 1024 * 1024  # the archive itself
MAX_ZIP_EXPANDED_BYTES = 200 * 1024 * 1024  # all its members once expanded
MAX_ZIP_MEMBERS = 2000


@dataclass(frozen=True)
class InputFile:
    name: str
    data: bytes | None = None
    error: str = ""
    address: str = ""  # where a web page was fetched from (articles.web)


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def files_from_paths(paths: Iterable[str | Path]) -> Iterator[InputFile]:
    """Each file named, and every article file below each directory named, in name order."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if child.suffix.lower() in ARTICLE_SUFFIXES | {ZIP_SUFFIX}:
                    yield from _read_path(child)
        elif path.exists():
            yield from _read_path(path)
        else:
            yield InputFile(str(path), error="no such file or directory")


def _read_path(path: Path) -> Iterator[InputFile]:
    size = path.stat().st_size
    limit = MAX_ZIP_BYTES if path.suffix.lower() == ZIP_SUFFIX else MAX_BYTES
    if size > limit:
        yield InputFile(str(path), error=_too_big(size, limit))
        return
    try:
        data = path.read_bytes()
    except OSError as error:
        yield InputFile(str(path), error=f"could not read the file ({error.strerror})")
        return
    yield from expand(str(path), data)


def files_from_uploads(uploads) -> Iterator[InputFile]:
    """Django UploadedFile objects, read within the size limits."""
    for upload in uploads:
        limit = MAX_ZIP_BYTES if upload.name.lower().endswith(ZIP_SUFFIX) else MAX_BYTES
        if upload.size > limit:
            yield InputFile(upload.name, error=_too_big(upload.size, limit))
            continue
        yield from expand(upload.name, upload.read())


def _too_big(size: int, limit: int) -> str:
    if _megabytes(size) == _megabytes(limit):  # "5.0 MB; the limit is 5.0 MB" says nothing
        return f"the file is {size:,} bytes; the limit is {limit:,} bytes ({_megabytes(limit)})"
    return f"the file is {_megabytes(size)}; the limit is {_megabytes(limit)}"


def expand(name: str, data: bytes) -> Iterator[InputFile]:
    """An article file as it is, a zip archive as its members, anything else refused."""
    suffix = PurePosixPath(name).suffix.lower()
    if suffix == ZIP_SUFFIX:
        yield from _zip_members(name, data)
    elif suffix in ARTICLE_SUFFIXES:
        yield InputFile(name, data)
    else:
        allowed = ", ".join(sorted(ARTICLE_SUFFIXES | {ZIP_SUFFIX}))
        yield InputFile(name, error=f"unsupported file type “{suffix or 'none'}”; use {allowed}")


def _zip_members(name: str, data: bytes) -> Iterator[InputFile]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [m for m in archive.infolist() if not m.is_dir()]
    except (zipfile.BadZipFile, OSError, ValueError):
        yield InputFile(name, error="the zip archive is damaged or not a zip archive")
        return
    problem = _unsafe_zip(members)
    if problem:
        yield InputFile(name, error=problem)
        return
    for member in members:
        member_name = f"{name}/{member.filename}"
        if PurePosixPath(member.filename).suffix.lower() not in ARTICLE_SUFFIXES:
            yield InputFile(member_name, error="unsupported file type inside the archive")
            continue
        if member.file_size > MAX_BYTES:
            yield InputFile(member_name, error=_too_big(member.file_size, MAX_BYTES))
            continue
        try:
            yield InputFile(member_name, _read_member(archive, member))
        except _TooBig as error:
            yield InputFile(member_name, error=str(error))
        except _DAMAGED_MEMBER:
            yield InputFile(member_name, error="could not be extracted: its data is damaged")
        except NotImplementedError:
            yield InputFile(
                member_name, error="could not be extracted: compressed in a way we cannot read"
            )


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
