"""Write the launch-setup cell, the first code cell of every notebook in book/.

On Colab the cell installs w2vlib (with the extras that notebook needs) from
the book's repository and turns on Colab's widget manager, so the sliders
show. In a downloaded copy of the notebook, opened in a Jupyter without
w2vlib, it stops with one line giving the pip command. Anywhere else (the
book build, nbval, Binder, `make lab`) it does nothing visible.

The repository URL and branch are read from _config.yml (`repository:`), the
one place they are set, and written into the cell: a notebook opened on Colab
has no checkout to read them from. tests/test_launch.py fails when a
notebook's cell differs from what this tool writes, so the copies cannot
drift; after changing the URL, run:

    python tools/colab_cell.py          # rewrite the cell where it differs
    python tools/colab_cell.py --check  # exit 1 if any notebook is out of date

The cell is tagged remove-cell: the HTML book, where w2vlib has already run,
does not show it. W2V_INSTALL_URL overrides the install source (the tests
point it at a copy of the local checkout).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat
import yaml

ROOT = Path(__file__).resolve().parent.parent
BOOK = ROOT / "book"
CELL_ID = "launch-setup"
TAGS = ["remove-cell"]

# A notebook that trains or times the batch gradients needs the `train` extra
# (scipy, gensim and its corpus, tqdm); every notebook draws figures and sliders (`book`).
NEEDS_TRAIN = re.compile(r"\bw2vlib\.train\b|\bfrom w2vlib import corpus\b|\bgensim\b")

TEMPLATE = '''\
# Launch setup. On Colab: install w2vlib and turn on the sliders. In a copy of
# this notebook without w2vlib: say how to install it. Elsewhere: nothing.
import importlib.util
import os
import subprocess
import sys

W2V_SOURCE = os.environ.get("W2V_INSTALL_URL", "{source}")
W2V_REQUIREMENT = f"w2vlib[{extras}] @ {{W2V_SOURCE}}"

try:
    from google.colab import output as colab_output
except ImportError:
    colab_output = None

if colab_output is not None:
    if importlib.util.find_spec("w2vlib") is None:
        pip_install = [sys.executable, "-m", "pip", "install", "--quiet", W2V_REQUIREMENT]
        subprocess.run(pip_install, check=True)
        importlib.invalidate_caches()
    colab_output.enable_custom_widget_manager()
elif importlib.util.find_spec("w2vlib") is None:
    class W2vlibMissing(ModuleNotFoundError):
        def _render_traceback_(self):  # Jupyter shows this one line, not a traceback
            return [str(self)]

    raise W2vlibMissing(f'w2vlib is not installed. Install it with: pip install "{{W2V_REQUIREMENT}}"')'''


def install_source(config_path: Path = ROOT / "_config.yml") -> str:
    """The pip source of w2vlib: git+URL@branch from _config.yml's `repository:`."""
    repository = yaml.safe_load(config_path.read_text())["repository"]
    url = repository["url"].rstrip("/")
    if not re.fullmatch(r"https://[^\s\"'@]+", url):
        raise ValueError(f"_config.yml repository.url must be an https URL, got {url!r}")
    return f"git+{url}@{repository.get('branch', 'main')}"


def extras(nb) -> str:
    """The w2vlib extras a notebook needs."""
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code" and c.get("id") != CELL_ID)
    return "book,train" if NEEDS_TRAIN.search(code) else "book"


def cell_source(nb, source: str | None = None) -> str:
    """The launch-setup cell this notebook should have."""
    return TEMPLATE.format(source=source or install_source(), extras=extras(nb))


def update(nb, source: str | None = None) -> bool:
    """Make the launch-setup cell the first code cell, with the current text; True if nb changed."""
    want = cell_source(nb, source)
    code = [c for c in nb.cells if c.cell_type == "code"]
    if code and code[0].get("id") == CELL_ID:
        cell = code[0]
        if cell.source == want and cell.metadata.get("tags") == TAGS:
            return False
        cell.source = want
        cell.metadata["tags"] = list(TAGS)
        return True
    nb.cells = [c for c in nb.cells if c.get("id") != CELL_ID]
    cell = nbformat.v4.new_code_cell(want, id=CELL_ID, metadata={"tags": list(TAGS)})
    first_code = next(i for i, c in enumerate(nb.cells) if c.cell_type == "code")
    nb.cells.insert(first_code, cell)
    return True


def notebooks() -> list[Path]:
    return sorted(BOOK.glob("*.ipynb"))


def main(argv: list[str]) -> int:
    check = "--check" in argv
    stale = []
    for path in notebooks():
        nb = nbformat.read(path, as_version=4)
        if update(nb):
            stale.append(path)
            if not check:
                nbformat.write(nb, path)
                print(f"wrote the launch-setup cell of {path.relative_to(ROOT)}")
    if check and stale:
        print("launch-setup cell out of date (run python tools/colab_cell.py):")
        for path in stale:
            print(f"  {path.relative_to(ROOT)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
