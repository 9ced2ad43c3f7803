"""Make each chapter's "Try it yourself" live in the static book: Python runs in the reader's browser.

A local Sphinx extension (``sphinx.local_extensions`` in ``_config.yml``). The
notebooks are unchanged, so in Jupyter, Binder and Colab the two cells stay
ordinary cells. In the HTML build, a code cell whose whole source is
``check(my_fn, result="...")``, right after a code cell that defines
``my_fn``, is recognised as a try-it pair and the two cells become one block:

- an editor (a textarea) holding the shipped attempt, the ``check(...)`` call
  it runs, Run and Reset buttons, and a report area that starts with the
  notebook's own output (the diagnosis of the shipped attempt);
- ``vendor/tryit/tryit.js`` (loaded only on pages with a block) runs the
  reader's code and the check in a module Web Worker with Pyodide and NumPy
  from ``vendor/pyodide/`` (installed and hash-checked by ``assets/fetch.py``),
  fetching nothing before the first Run;
- w2vlib is zipped from the checkout into ``vendor/tryit/w2vlib.zip`` at every
  build, so the page checks against the book's own code.

The stable hooks for tests: the block has ``data-tryit``, its Run button
``data-tryit-run``, its report area ``data-tryit-output``;
``window.w2vTryit.getCode(el)`` and ``window.w2vTryit.setCode(el, code)``.
"""

from __future__ import annotations

import html
import re
import shutil
import zipfile
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx

ROOT = Path(__file__).resolve().parent.parent
ASSETS = ROOT / "assets" / "tryit"
OWN_FILES = ("tryit.js", "tryit-worker.mjs", "tryit.css")
CHECK_CALL = re.compile(r'check\((?P<fn>[A-Za-z_]\w*), result="(?P<result>\w+)"\)')
# Zip entries get a fixed date, so the same code gives the same file (and the browser cache stays valid).
ZIP_DATE = (2024, 1, 1, 0, 0, 0)


def _source(cell: nodes.Element) -> str | None:
    for part in cell.children:
        if isinstance(part, nodes.container) and part.get("nb_element") == "cell_code_source":
            block = next(iter(part.findall(nodes.literal_block)), None)
            return block.astext() if block is not None else None
    return None


def _output(cell: nodes.Element) -> str:
    for part in cell.children:
        if isinstance(part, nodes.container) and part.get("nb_element") == "cell_code_output":
            return "\n".join(b.astext() for b in part.findall(nodes.literal_block))
    return ""


def _block_html(key: str, attempt: str, call: str, report: str, n: int) -> str:
    ids = {name: f"tryit-{n}-{name}" for name in ("title", "code", "help", "call", "report", "status")}
    esc = html.escape
    return f"""
<section class="w2v-tryit" data-tryit data-tryit-key="{esc(key)}" data-tryit-call="{esc(call)}"
  aria-labelledby="{ids['title']}">
  <div class="w2v-tryit-head">
    <h3 class="w2v-tryit-title" id="{ids['title']}">Run it here</h3>
    <p class="w2v-tryit-help" id="{ids['help']}">Edit the function, then press <strong>Run</strong>:
    the check runs in your browser with Python and NumPy (about 17 MB on the first Run, then cached),
    no server involved. <kbd>Tab</kbd> indents, <kbd>Shift</kbd>+<kbd>Tab</kbd> dedents,
    <kbd>Esc</kbd> then <kbd>Tab</kbd> leaves the editor, <kbd>Ctrl</kbd>+<kbd>Enter</kbd> runs.</p>
  </div>
  <label class="w2v-tryit-label" for="{ids['code']}">Your code</label>
  <textarea class="w2v-tryit-code" id="{ids['code']}" aria-describedby="{ids['help']}"
    spellcheck="false" autocapitalize="off" autocomplete="off" autocorrect="off" wrap="off"
    rows="{attempt.count(chr(10)) + 2}">{esc(attempt)}</textarea>
  <div class="w2v-tryit-calls" id="{ids['call']}">then the check runs:
    <code class="w2v-tryit-call">{esc(call)}</code></div>
  <div class="w2v-tryit-bar">
    <button type="button" class="w2v-tryit-button w2v-tryit-primary" data-tryit-run
      aria-describedby="{ids['call']}">Run</button>
    <button type="button" class="w2v-tryit-button" data-tryit-reset>Reset</button>
    <span class="w2v-tryit-status" id="{ids['status']}" role="status" data-tryit-status></span>
  </div>
  <p class="w2v-tryit-label" id="{ids['report']}" data-tryit-caption>Report of the shipped attempt
    (the notebook's output):</p>
  <pre class="w2v-tryit-output" data-tryit-output aria-live="polite" tabindex="0">{esc(report)}</pre>
  <pre class="w2v-tryit-printed" data-tryit-printed hidden></pre>
  <template data-tryit-shipped>{esc(attempt)}</template>
</section>
"""


def _transform(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if app.builder.format != "html":
        return
    cells = [c for c in doctree.findall(nodes.container) if c.get("nb_element") == "cell_code"]
    n = 0
    for attempt_cell, check_cell in zip(cells, cells[1:], strict=False):
        call = (_source(check_cell) or "").strip()
        attempt = _source(attempt_cell)
        found = CHECK_CALL.fullmatch(call)
        if not found or attempt is None or not re.search(rf"^def {found['fn']}\(", attempt, re.M):
            continue
        n += 1
        block = nodes.raw("", _block_html(docname, attempt, call, _output(check_cell), n), format="html")
        check_cell.replace_self(block)
        attempt_cell.parent.remove(attempt_cell)


def _page_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if "data-tryit " in context.get("body", ""):
        # Paths are relative to _static/, like html_css_files in _config.yml.
        app.add_css_file("../vendor/tryit/tryit.css")
        app.add_js_file("../vendor/tryit/tryit.js", defer="defer")


def w2vlib_zip(dest: Path) -> None:
    """w2vlib's modules from the checkout and the runner (tryit_runner.py), as a zip the worker unpacks.

    The top-level modules only: ``w2vlib.figures`` needs matplotlib, which the
    worker does not have. ``import w2vlib`` and ``w2vlib.checker`` need NumPy
    alone (the trainer and the corpus import scipy and gensim inside functions).
    """
    dest.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted((ROOT / "w2vlib").glob("*.py")):
            info = zipfile.ZipInfo(f"w2vlib/{path.name}", ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes())
        info = zipfile.ZipInfo("tryit_runner.py", ZIP_DATE)
        info.compress_type = zipfile.ZIP_DEFLATED
        archive.writestr(info, (ASSETS / "tryit_runner.py").read_bytes())


def _install(app: Sphinx, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir) / "vendor" / "tryit"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    for name in OWN_FILES:
        shutil.copyfile(ASSETS / name, out / name)
    w2vlib_zip(out / "w2vlib.zip")


def setup(app: Sphinx) -> dict:
    app.connect("doctree-resolved", _transform)
    app.connect("html-page-context", _page_assets)
    app.connect("build-finished", _install)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
