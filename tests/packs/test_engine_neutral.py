"""The engine holds no DPRK names: every string and number in the code of the extractor, the
resolver, ingest and the pack schema is checked (comments and docstrings may give examples).
What names a country lives in its pack (nkwatch/packs/<pack>/)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import nkwatch

ROOT = Path(nkwatch.__file__).parent
ENGINE = [*sorted((ROOT / "extract").glob("*.py")), *sorted((ROOT / "resolve").glob("*.py")),
          *sorted((ROOT / "ingest").glob("*.py")), *sorted((ROOT / "packs").glob("*.py"))]
NAMES = re.compile(r"\b(?:kim jong|kim|kcna|kns|ryohae|korea|korean|dprk|pyongyang|phyongan|"
                   r"wpk|politburo|kun|guyok|rodong|yonhap)\b", re.I)
# The romanizer (resolve/hangul.py, romanize.py) is Korean orthography, not place names: its
# style labels name the way DPRK English text romanizes ("kcna"). docs/rules.md says more.
ALLOWED = {("hangul.py", "kcna"), ("romanize.py", "kcna")}


def _code_constants(path: Path) -> list[tuple[int, object]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                docstrings.add(id(body[0].value))
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and id(node) not in docstrings]


def test_engine_code_names_nothing_of_the_dprk():
    found = []
    for path in ENGINE:
        for line, value in _code_constants(path):
            if isinstance(value, str):
                for m in NAMES.finditer(value):
                    if (path.name, m.group(0).lower()) not in ALLOWED:
                        found.append(f"{path.relative_to(ROOT)}:{line}: {m.group(0)!r}")
            elif isinstance(value, float) and value in (37.5, 43.1, 124.0, 131.0):
                found.append(f"{path.relative_to(ROOT)}:{line}: {value} (a coordinate bound)")
    assert found == []


def test_no_publishers_file_outside_the_packs():
    assert not (ROOT / "ingest" / "publishers.yaml").exists()
    assert (ROOT / "packs" / "dprk" / "publishers.yaml").is_file()
