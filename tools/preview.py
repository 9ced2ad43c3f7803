"""Build a small preview of some pages, for checking chapters while writing them.

Usage: python tools/preview.py OUTDIR book/x.ipynb [book/y.ipynb ...]

Writes a table of contents with the introduction, the notation page and the
given pages, and builds them (executing the notebooks) into OUTDIR/_build/html,
leaving the main _build alone. Warnings are printed, not fatal.
"""

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    out = Path(sys.argv[1]).resolve()
    pages = [str(Path(p).with_suffix("")) for p in sys.argv[2:]]
    subprocess.run([sys.executable, str(ROOT / "assets" / "fetch.py")], check=True)
    toc = "format: jb-book\nroot: book/intro\nchapters:\n  - file: book/notation\n"
    toc += "".join(f"  - file: {p}\n" for p in pages)
    with tempfile.NamedTemporaryFile("w", suffix="_toc.yml", delete=False) as f:
        f.write(toc)
    jb = Path(sys.executable).parent / "jupyter-book"
    subprocess.run(
        [str(jb), "build", str(ROOT), "--toc", f.name, "--path-output", str(out), "--keep-going"],
        check=False,
    )
    print(f"preview: {out}/_build/html/index.html")


if __name__ == "__main__":
    main()
