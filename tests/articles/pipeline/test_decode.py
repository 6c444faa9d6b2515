import codecs

import pytest

from articles.pipeline.decode import MAX_BYTES, DecodedText, RejectedInput, decode_bytes


def rejection_reason(data: bytes) -> str:
    with pytest.raises(RejectedInput) as excinfo:
        decode_bytes(data)
    return excinfo.value.reason


def test_plain_utf8_decodes_unchanged():
    decoded = decode_bytes("The probe’s orbit — 400 km.".encode())
    assert isinstance(decoded, DecodedText)
    assert decoded.text == "The probe’s orbit — 400 km."
    assert decoded.encoding == "utf-8"
    assert decoded.repaired_mojibake is False


def test_utf8_with_bom_decodes_without_the_bom():
    decoded = decode_bytes(codecs.BOM_UTF8 + "Launch café".encode())
    assert decoded.text == "Launch café"
    assert decoded.encoding == "utf-8-sig"


def test_double_encoded_utf8_is_repaired():
    mojibake = "The agencyâ€™s capsule â€” lost".encode()
    decoded = decode_bytes(mojibake)
    assert decoded.text == "The agency’s capsule — lost"
    assert decoded.repaired_mojibake is True


def test_text_as_received_is_kept_beside_the_repaired_text():
    decoded = decode_bytes("Agencyâ€™s\r\nlaunch".encode())
    assert decoded.text == "Agency’s\nlaunch"
    assert decoded.received == "Agencyâ€™s\r\nlaunch"


def test_mojibake_repair_keeps_curly_quotes_ligatures_and_entities():
    text = "“Quoted” ‘words’, the ﬁrst stage, ＡＢＣ and &amp; stay."
    decoded = decode_bytes(text.encode())
    assert decoded.text == text
    assert decoded.repaired_mojibake is False


def test_cp1252_input_decodes():
    data = "The crew’s café was “closed” – said the agency.".encode("cp1252")
    decoded = decode_bytes(data)
    assert decoded.text == "The crew’s café was “closed” – said the agency."
    assert decoded.encoding == "cp1252"


def test_short_cp1252_word_is_not_mistaken_for_another_encoding():
    assert decode_bytes("Füße".encode("cp1252")).text == "Füße"


def test_utf16_with_bom_decodes():
    data = "Telemetry stopped at 382 s.\r\nThe crew is safe.".encode("utf-16")
    decoded = decode_bytes(data)
    assert decoded.text == "Telemetry stopped at 382 s.\nThe crew is safe."
    assert decoded.encoding == "utf-16"


def test_big_endian_utf16_with_bom_decodes():
    data = codecs.BOM_UTF16_BE + "Orbit reached".encode("utf-16-be")
    assert decode_bytes(data).text == "Orbit reached"


def test_windows_and_old_mac_newlines_become_line_feeds():
    assert decode_bytes(b"one\r\ntwo\rthree\n").text == "one\ntwo\nthree\n"


def test_empty_file_is_rejected():
    assert rejection_reason(b"") == "the file is empty"


def test_whitespace_only_file_is_rejected():
    assert "empty" in rejection_reason(b"  \r\n\t \n ")


def test_bom_only_file_is_rejected_as_empty():
    assert rejection_reason(codecs.BOM_UTF8) == "the file is empty"


def test_oversized_file_is_rejected_with_its_size():
    data = b"a" * (MAX_BYTES + 1)
    assert rejection_reason(data) == "the file is 5.1 MB; the limit is 5 MB"


def test_larger_file_reports_its_size_in_megabytes():
    data = b"word " * (int(7.2 * 1024 * 1024) // 5)
    assert rejection_reason(data) == "the file is 7.2 MB; the limit is 5 MB"


def test_file_at_the_size_limit_is_accepted():
    assert len(decode_bytes(b"a" * MAX_BYTES).text) == MAX_BYTES


def test_nul_bytes_mean_binary():
    reason = rejection_reason(b"some text\x00\x00\x01 more text")
    assert reason == "this looks like a binary file (it contains NUL bytes), not text"


def test_pdf_header_is_rejected_as_binary():
    reason = rejection_reason(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    assert reason == "this looks like a binary file (PDF), not text"


def test_zip_header_is_rejected_as_binary():
    reason = rejection_reason(b"PK\x03\x04\x14\x00\x06\x00word/document.xml")
    assert reason.startswith("this looks like a binary file (ZIP")


@pytest.mark.parametrize(
    ("header", "name"),
    [
        (b"\x89PNG\r\n\x1a\n", "PNG image"),
        (b"\xff\xd8\xff\xe0", "JPEG image"),
        (b"GIF89a", "GIF image"),
        (b"\x1f\x8b\x08", "gzip archive"),
        (b"\x7fELF\x02\x01", "ELF executable"),
    ],
)
def test_other_binary_formats_are_named(header, name):
    assert (
        rejection_reason(header + b"rest of file")
        == f"this looks like a binary file ({name}), not text"
    )


def test_many_control_characters_mean_binary():
    reason = rejection_reason(b"ab\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f text")
    assert reason == "this looks like a binary file (it is full of control characters), not text"


def test_undecodable_bytes_are_rejected():
    data = b"Report: " + bytes(range(0x80, 0x100)) * 2
    assert rejection_reason(data) == "the bytes are not valid text in any encoding we recognise"


def test_rejected_input_carries_its_reason():
    error = RejectedInput("the file is empty")
    assert error.reason == "the file is empty"
    assert str(error) == "the file is empty"


def test_decoding_is_deterministic():
    data = "Cargo â€” 2. 6 tons".encode()
    assert decode_bytes(data) == decode_bytes(data)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32"])
def test_nul_characters_in_wide_text_are_dropped(encoding):
    text = "The rocket was lost on launch.\x00 " + "Engineers study the telemetry. " * 10
    decoded = decode_bytes(text.encode(encoding))
    assert decoded.text == text.replace("\x00", "")
    assert "\x00" not in decoded.received


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize(
    "text",
    [
        "Rocket lost\r\n\r\nThe Zephyr rocket failed on Thursday, its maker said.",
        "Ракета потеряна\n\nРакета «Союз» упала через 382 секунды после старта.",
        "Fusée perdue : l’étage supérieur s’est éteint trop tôt — 2 tonnes perdues.",
    ],
)
def test_utf16_without_a_byte_order_mark_is_recognised(encoding, text):
    decoded = decode_bytes(text.encode(encoding))
    assert decoded.encoding == encoding
    assert decoded.text == text.replace("\r\n", "\n")


@pytest.mark.parametrize(
    "data",
    [
        b"\x00\x01\x02PK\x03\x04" * 50,
        bytes(range(256)) * 8,
        b"\x00\x00\x00\x01" * 300,
        b"A\x00\x01\x00" * 300,  # "A" and U+0001 by turns: even code units, all controls
    ],
)
def test_binary_data_with_nul_bytes_is_still_refused(data):
    assert "binary file" in rejection_reason(data)
