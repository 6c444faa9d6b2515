"""Turn the raw bytes of an uploaded article into text.

Stage one of the import pipeline: check that the bytes are a plausible text file, decode them
(UTF-8 first, then a detected legacy encoding), normalise newlines and repair mojibake such as
double-encoded UTF-8 (``Russiaâ€™s`` -> ``Russia’s``).

Plain Python, no Django imports.
"""

from __future__ import annotations

import codecs
import math
import re
from collections import Counter
from dataclasses import dataclass

import charset_normalizer
import ftfy
from ftfy.badness import is_bad

MAX_BYTES = 5 * 1024 * 1024
_MEGABYTE = 1024 * 1024

# Leading bytes of common binary formats, with the name a person would recognise.
_MAGIC_NUMBERS: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF"),
    (b"PK\x03\x04", "ZIP archive or office document"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"PK\x07\x08", "ZIP archive"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"\x1f\x8b", "gzip archive"),
    (b"\x7fELF", "ELF executable"),
)

# Byte-order marks of encodings whose text legitimately contains NUL bytes.
# UTF-32 comes first: its little-endian BOM starts with the UTF-16 one.
_WIDE_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Control characters (Unicode category Cc) other than those ordinary text files contain:
# tab, line feed, vertical tab, form feed and carriage return.
_UNEXPECTED_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
# Above this share of other control characters the "text" is really binary data.
_MAX_CONTROL_SHARE = 0.05

# UTF-16 without a byte-order mark: the share of code units with a zero high byte (spaces
# and punctuation at least), and of code units in one script block or zero.
_MIN_ASCII_SHARE = 0.1
_MIN_ONE_SCRIPT_SHARE = 0.9
_SAMPLE_BYTES = 64 * 1024  # (an even number) what the shares are counted on

# The most common legacy encoding of English-language text, tried before general detection.
_PREFERRED_LEGACY_ENCODING = "cp1252"
# Without a byte-order mark (and without NUL bytes, which are rejected) these are never right.
_BOMLESS_WIDE_ENCODINGS = ("utf_16", "utf_16_le", "utf_16_be", "utf_32", "utf_32_le", "utf_32_be")

# ftfy, restricted to encoding repairs: keep quotes, ligatures, widths, entities and
# normalisation exactly as they are.
_FTFY_CONFIG = ftfy.TextFixerConfig(
    unescape_html=False,
    remove_terminal_escapes=False,
    fix_encoding=True,
    restore_byte_a0=True,
    replace_lossy_sequences=True,
    decode_inconsistent_utf8=True,
    fix_c1_controls=True,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    fix_surrogates=True,
    remove_control_chars=False,
    normalization=None,
    explain=False,
)


class RejectedInput(Exception):
    """The bytes cannot be imported; ``reason`` says why in a sentence a person understands."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class DecodedText:
    text: str  # newlines normalised, mojibake repaired: what the parser reads
    encoding: str
    repaired_mojibake: bool
    received: str = ""  # the decoded text exactly as it arrived, nothing repaired


def decode_bytes(data: bytes) -> DecodedText:
    """Decode uploaded bytes to text, or raise ``RejectedInput``."""
    check_size(data)
    check_not_binary(data)
    received, encoding = decode_to_str(data)
    check_not_blank(received)
    check_control_characters(received)
    received = drop_nul_characters(received)
    text = normalise_newlines(received)
    repaired = repair_mojibake(text)
    return DecodedText(
        text=repaired, encoding=encoding, repaired_mojibake=repaired != text, received=received
    )


def check_size(data: bytes) -> None:
    if not data:
        raise RejectedInput("the file is empty")
    if len(data) > MAX_BYTES:
        raise RejectedInput(
            f"the file is {describe_megabytes(len(data))}; "
            f"the limit is {describe_megabytes(MAX_BYTES)}"
        )


def describe_megabytes(size: int) -> str:
    """``7.2 MB``; rounded up so that a file just over the limit never reads as the limit."""
    megabytes = math.ceil(size * 10 / _MEGABYTE) / 10
    return f"{megabytes:g} MB"


def check_not_binary(data: bytes) -> None:
    for magic, name in _MAGIC_NUMBERS:
        if data.startswith(magic):
            raise RejectedInput(f"this looks like a binary file ({name}), not text")
    if b"\x00" in data and wide_encoding(data) is None:
        raise RejectedInput("this looks like a binary file (it contains NUL bytes), not text")


def wide_encoding(data: bytes) -> str | None:
    """UTF-16 or UTF-32 named by a byte-order mark, else UTF-16 recognised without one."""
    return wide_bom_encoding(data) or bomless_utf16_encoding(data)


def bomless_utf16_encoding(data: bytes) -> str | None:
    """ "utf-16-le" or "utf-16-be" for text written so without a byte-order mark, else None.

    Text in one alphabet keeps the high byte of nearly every UTF-16 code unit to two values:
    0 (spaces, digits, punctuation, Latin letters) and its script's block (0x04 for Cyrillic,
    say). Binary data spreads it over many values, so it is still refused. (Text mixing
    many scripts, or CJK, is not recognised without its mark.)"""
    if len(data) < 2 or len(data) % 2 or b"\x00" not in data:
        return None
    sample = data[:_SAMPLE_BYTES]
    units = len(sample) // 2
    for encoding, high in (("utf-16-le", sample[1::2]), ("utf-16-be", sample[0::2])):
        counts = Counter(high)
        zeros = counts.pop(0, 0)
        script = max(counts.values(), default=0)
        if zeros >= _MIN_ASCII_SHARE * units and zeros + script >= _MIN_ONE_SCRIPT_SHARE * units:
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                continue
            if _control_share(text) <= _MAX_CONTROL_SHARE:
                return encoding
    return None


def wide_bom_encoding(data: bytes) -> str | None:
    for bom, encoding in _WIDE_BOMS:
        if data.startswith(bom):
            return encoding
    return None


def decode_to_str(data: bytes) -> tuple[str, str]:
    """Return the text and the name of the encoding it was decoded from."""
    wide = wide_encoding(data)
    if wide is not None:
        try:
            return data.decode(wide), wide
        except UnicodeDecodeError as error:
            raise undecodable() from error
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data.decode("utf-8-sig"), "utf-8-sig"
        except UnicodeDecodeError as error:
            raise undecodable() from error
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return decode_legacy(data)


def decode_legacy(data: bytes) -> tuple[str, str]:
    """Decode bytes that are not UTF-8.

    cp1252 is tried first: it is by far the most common legacy encoding of English-language
    text, and on short samples the general detector often mistakes it for a neighbour (cp1250,
    mac_latin2, even UTF-16). It is accepted only if charset-normalizer finds the result
    readable; otherwise the detector's best guess is used.
    """
    if charset_normalizer.from_bytes(data, cp_isolation=[_PREFERRED_LEGACY_ENCODING]).best():
        try:
            return data.decode(_PREFERRED_LEGACY_ENCODING), _PREFERRED_LEGACY_ENCODING
        except UnicodeDecodeError:
            pass
    best = charset_normalizer.from_bytes(data, cp_exclusion=list(_BOMLESS_WIDE_ENCODINGS)).best()
    if best is None:
        raise undecodable()
    return str(best), best.encoding


def undecodable() -> RejectedInput:
    return RejectedInput("the bytes are not valid text in any encoding we recognise")


def check_not_blank(text: str) -> None:
    if not text:
        raise RejectedInput("the file is empty")
    if not text.strip():
        raise RejectedInput("the file is empty (it contains only whitespace)")


def check_control_characters(text: str) -> None:
    if _control_share(text) > _MAX_CONTROL_SHARE:
        raise RejectedInput(
            "this looks like a binary file (it is full of control characters), not text"
        )


def _control_share(text: str) -> float:
    return len(_UNEXPECTED_CONTROL.findall(text)) / max(len(text), 1)


def drop_nul_characters(text: str) -> str:
    """U+0000 carries nothing in a text and no PostgreSQL text column can hold it; a UTF-16 or
    UTF-32 file may still contain a few (a file full of them was refused as binary)."""
    return text.replace("\x00", "")


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def repair_mojibake(text: str) -> str:
    """Undo encoding mix-ups (double-encoded UTF-8 and the like); nothing else is changed.
    ftfy reads line by line; a line it would leave alone is passed over without calling it
    (a file of millions of short lines would otherwise take minutes)."""
    if text.isascii():
        return text
    return "\n".join(_repair_line(line) for line in text.split("\n"))


_C1_OR_SURROGATE = re.compile("[\x80-\x9f\ud800-\udfff]")


def _repair_line(line: str) -> str:
    """With the fixes configured above ftfy changes only a line that its badness measure
    flags or that holds C1 controls or surrogates."""
    if line.isascii() or not (is_bad(line) or _C1_OR_SURROGATE.search(line)):
        return line
    return ftfy.fix_text(line, _FTFY_CONFIG)
