"""Turning the bytes of a report into text: BOMs, UTF-8, UTF-16 and legacy encodings."""

from __future__ import annotations

import codecs
import re
from collections import Counter

import charset_normalizer

# A valid UTF-8 multi-byte sequence (2, 3 or 4 bytes), used to tell "UTF-8 with damage"
# from "a legacy single-byte encoding", which charset-normalizer alone confuses.
UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Encodings a report from the region is likely to use; tried first so that short Cyrillic
# texts are not taken for Mac or KOI8 code pages.
_PREFERRED = ("cp1251", "cp1254", "cp1252", "iso8859_9", "koi8_r", "iso8859_5", "mac_cyrillic")


class DecodeError(ValueError):
    """The bytes are not text in any encoding we can detect."""


def decode_bytes(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Return ``(text, encoding)`` for ``data``; raise :class:`DecodeError` saying why not.

    ``declared`` is an encoding the container names (an HTML ``<meta charset>``); it is
    used when the bytes are not UTF-8.
    """
    if not data.strip():
        msg = "empty file" if not data else "file holds only whitespace"
        raise DecodeError(msg)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                msg = f"starts with a {encoding} byte-order mark but is not valid {encoding}: {exc}"
                raise DecodeError(msg) from None
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        try:
            return _check_text(data.decode(utf16), utf16), utf16
        except DecodeError:
            pass
    if b"\x00" in data:
        msg = "binary data, not text (holds NUL bytes)"
        raise DecodeError(msg)
    try:
        return _check_text(data.decode("utf-8"), "utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        if UTF8_MULTIBYTE.search(data):
            bad = data[exc.start : exc.start + 4]
            msg = (
                f"invalid UTF-8: byte 0x{bad[0]:02x} at offset {exc.start} ({exc.reason}) "
                "in a file that otherwise reads as UTF-8"
            )
            raise DecodeError(msg) from None
    if declared:
        try:
            return _check_text(data.decode(declared), declared), codecs.lookup(declared).name
        except (LookupError, UnicodeDecodeError):
            pass
    return _legacy(data)


def _utf16_without_bom(data: bytes) -> str | None:
    """Name UTF-16 LE/BE when the high bytes of the code units take few values, else None.

    Text in one script has high bytes from one or two Unicode blocks (0x00 for Latin, 0x04
    for Cyrillic); binary data has high bytes of every value.
    """
    sample = data[:4096]
    if len(sample) < 4 or b"\x00" not in sample:
        return None
    sample = sample[: len(sample) // 2 * 2]
    for encoding, high in (("utf-16-le", sample[1::2]), ("utf-16-be", sample[0::2])):
        counts = Counter(high).most_common(3)
        if b"\x00" in high and sum(n for _, n in counts) >= 0.95 * len(high):
            try:
                data.decode(encoding)
            except UnicodeDecodeError:
                continue
            return encoding
    return None


def _legacy(data: bytes) -> tuple[str, str]:
    matches = charset_normalizer.from_bytes(data[:262144], cp_isolation=list(_PREFERRED))
    best = matches.best()
    if best is None:
        best = charset_normalizer.from_bytes(data[:262144]).best()
    if best is None:
        msg = "binary data or an unknown encoding (not UTF-8, UTF-16 or a legacy code page)"
        raise DecodeError(msg)
    encoding = best.encoding
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        msg = f"bytes do not decode as the detected encoding {encoding}"
        raise DecodeError(msg) from None
    return _check_text(text, encoding), encoding


def _check_text(text: str, encoding: str) -> str:
    controls = len(_CONTROL.findall(text[:65536]))
    if controls > max(2, len(text[:65536]) // 200):
        msg = f"binary data, not text ({controls} control characters when read as {encoding})"
        raise DecodeError(msg)
    return text
