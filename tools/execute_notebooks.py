"""Re-execute notebooks in place so their committed outputs are what the code produces.

Usage: python tools/execute_notebooks.py book/*.ipynb

Widget state is stored in the notebook (so the sliders show on GitHub, in
JupyterLab and in the book), and no timing metadata is recorded, so running
twice gives the same file apart from widget model ids.
"""

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient


def execute(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        record_timing=False,
        store_widget_state=True,
    )
    client.execute()
    nbformat.write(nb, path)
    print(f"executed {path}")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: python tools/execute_notebooks.py NOTEBOOK.ipynb [...]")
    for arg in sys.argv[1:]:
        execute(Path(arg))
