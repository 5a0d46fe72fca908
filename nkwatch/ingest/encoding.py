"""Bytes to text: UTF-8 first, then charset-normalizer, leaning to the encodings our sources use.

charset-normalizer alone can call a short Latin-1 text Baltic (cp1257); when an encoding we
expect (Korean CP949/EUC-KR, Western cp1252/Latin-1) fits about as well as its first choice, we
take ours.
"""

from __future__ import annotations

import codecs

import charset_normalizer

from nkwatch.errors import InputError

EXPECTED = ("cp949", "euc_kr", "cp1252", "latin_1")
SLACK = 0.1  # how much more "chaos" an expected encoding may show than the best guess


def decode(data: bytes, name: str) -> str:
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    if b"\x00" in data and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InputError(name, "binary data, not text")  # NUL is valid UTF-8, but never text
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    results = list(charset_normalizer.from_bytes(data))
    if not results:
        raise InputError(name, "not UTF-8 and no known text encoding fits (binary file?)")
    best = results[0]
    for encoding in EXPECTED:
        for match in results:
            if encoding in match.could_be_from_charset and match.chaos <= best.chaos + SLACK:
                try:
                    return data.decode(encoding)
                except UnicodeDecodeError:
                    break
    return str(best)
