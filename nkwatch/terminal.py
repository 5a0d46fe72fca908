"""Text from documents and users, made safe to print: it is data, never markup or control
sequences. The CLI and the ingest loop print through these."""

from __future__ import annotations

import json
import re
from typing import Any

# C0 and C1 controls (ESC, CSI, OSC ...), DEL, and the bidirectional overrides that can make a
# terminal line read differently from its bytes. Newlines and tabs are handled by the caller.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def literal(value: object, *, one_line: bool = True) -> str:
    """Text from a document or a user, safe for a terminal: control characters shown as \\xNN
    escapes, and (for table cells) line breaks as spaces."""
    text = ("" if value is None else str(value)).replace("\r\n", "\n")
    if one_line:
        text = text.replace("\n", " ").replace("\t", " ")
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100
                        else f"\\u{ord(m.group()):04x}", text)


def json_text(data: Any, *, indent: int | None = None) -> str:
    """JSON whose string values cannot steer a terminal: C1 controls escaped like C0 ones."""
    raw = json.dumps(data, ensure_ascii=False, indent=indent, default=str)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", raw)
