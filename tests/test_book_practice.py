"""Each chapter's "Try it yourself" ships a wrong attempt whose committed output is a real diagnosis.

nbval proves the committed outputs are what the code produces; this proves
those outputs say what the chapter promises: the shipped attempt is a known
mistake, recognised as such, not a crash inside the reader's function.
"""

import json
import re
from pathlib import Path

import pytest

BOOK = Path(__file__).resolve().parent.parent / "book"
CHAPTERS = sorted(p for p in BOOK.glob("*.ipynb") if re.match(r"[a-i]\d?_", p.name))


def _cells(path):
    return json.loads(path.read_text())["cells"]


def _text(cell):
    parts = []
    for out in cell.get("outputs", []):
        parts.append("".join(out.get("text", "")))
        parts.append("".join(out.get("data", {}).get("text/plain", "")))
    return "".join(parts)


def test_every_question_has_a_chapter():
    assert [p.name.split("_")[0] for p in CHAPTERS] == [
        "a", "b1", "b2", "b3", "b4", "c", "d", "e", "f", "g", "h", "i",
    ]


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_try_it_yourself_diagnoses_the_shipped_attempt(path):
    cells = _cells(path)
    headings = [i for i, c in enumerate(cells) if c["cell_type"] == "markdown"
                and "".join(c["source"]).startswith("## Try it yourself")]
    assert len(headings) == 1, f"{path.name}: expected one 'Try it yourself' section"
    checks = [c for c in cells[headings[0]:] if c["cell_type"] == "code"
              and "".join(c["source"]).lstrip().startswith("check(")]
    assert len(checks) == 1, f"{path.name}: expected one check(...) cell after 'Try it yourself'"
    report = _text(checks[0])
    assert "Not right yet" in report
    assert "Diagnosis: this is a known mistake" in report, report
    assert "raised" not in report, report
