"""Make each chapter's "Try it yourself" live in the static book: Python runs in the reader's browser.

A local Sphinx extension (``sphinx.local_extensions`` in ``_config.yml``). The
notebooks are unchanged, so in Jupyter, Binder and Colab the cells stay
ordinary cells. In the HTML build, a code cell whose whole source is
``check(my_fn, result="...")``, right after a code cell that defines
``my_fn``, is recognised as a try-it pair and the two cells become one block:

- an editor (a textarea with line numbers) holding the shipped attempt, the
  ``check(...)`` call it runs, Run and Reset buttons, and a report area that
  starts with the notebook's own output (the diagnosis of the shipped attempt,
  its "How to fix it" collapsed until the reader opens it);
- where the chapter also has a math cell, a code cell whose whole source is a
  ``check_math`` call on a raw triple-quoted LaTeX string with
  ``result="name"`` (or ``result=None``, see MATH_CALL), that cell
  leaves the page and the block gets a Code / Math tablist: the Math tab holds
  the shipped LaTeX attempt, a selector of the chapter's results where it has
  several (or where the left side chooses), and a preview of the formula as
  w2vlib.mathcheck reads it (computed here for the shipped attempt, in the
  browser while the reader types); its report starts with the cell's output;
- ``vendor/tryit/tryit.js`` (loaded only on pages with a block) runs the
  reader's code or math and the check in a module Web Worker with Pyodide,
  NumPy and Lark from ``vendor/pyodide/`` (installed and hash-checked by
  ``assets/fetch.py``), fetching nothing before the reader clicks into an
  editor, switches the mode or presses Run;
- w2vlib (with its subpackages and the grammar) is zipped from the checkout
  into ``vendor/tryit/w2vlib.zip`` at every build, so the page checks against
  the book's own code.

The stable hooks for tests: the block has ``data-tryit``, its Run button
``data-tryit-run`` (it runs the current mode), its report area
``data-tryit-output`` (the report's text is in its ``[data-tryit-text]``
parts, in order), the math editor ``data-tryit-math``, the preview
``data-tryit-preview``; ``window.w2vTryit.getCode(el)``, ``setCode(el, code)``,
``getMath(el)``, ``setMath(el, text)`` and ``setMode(el, "math" | "code")``.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import zipfile
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

ROOT = Path(__file__).resolve().parent.parent
ASSETS = ROOT / "assets" / "tryit"
OWN_FILES = ("tryit.js", "tryit-worker.mjs", "tryit.css")
CHECK_CALL = re.compile(r'check\((?P<fn>[A-Za-z_]\w*), result="(?P<result>\w+)"\)')
# The chapter's math cell (see the module doc); the answer is the text between the triple quotes.
MATH_CALL = re.compile(r'check_math\(r"""\n(?P<answer>.*?)\n""", result=(?:"(?P<result>\w+)"|None)\)', re.S)
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


def _math_cell(source: str | None) -> tuple[str, str | None] | None:
    """(shipped attempt, result name or None) of a chapter's math cell, or None for another cell."""
    found = MATH_CALL.fullmatch((source or "").strip())
    return (found["answer"], found["result"]) if found else None


def _editor(ids: dict, name: str, text: str, label: str, describedby: str, hook: str) -> str:
    """A labelled textarea with a line-number gutter (tryit.js numbers it; aria-hidden, the text has them)."""
    esc = html.escape
    return f"""<label class="w2v-tryit-label" for="{ids[name]}">{label}</label>
  <div class="w2v-tryit-editor"><div class="w2v-tryit-gutter" aria-hidden="true" data-tryit-gutter></div>
  <textarea class="w2v-tryit-code" id="{ids[name]}" aria-describedby="{describedby}" {hook}
    spellcheck="false" autocapitalize="off" autocomplete="off" autocorrect="off"
    rows="{text.count(chr(10)) + 2}">{esc(text)}</textarea></div>"""


def _math_panel(ids: dict, math: dict) -> str:
    """The Math tab: the result selector where a chapter has several, the LaTeX editor, the preview."""
    esc = html.escape
    select = ""
    if math["choices"]:
        options = "".join(
            f'<option value="{esc(value)}"{" selected" if value == (math["result"] or "") else ""}>'
            f"{esc(text)}</option>" for value, text in math["choices"])
        select = f"""<label class="w2v-tryit-label" for="{ids['result']}">Result to check</label>
  <select class="w2v-tryit-select" id="{ids['result']}" data-tryit-result>{options}</select>"""
    lines = "".join(
        f'<div class="w2v-tryit-preview-line"><span class="w2v-tryit-preview-num">{line["line"]}</span>'
        f'<span class="w2v-tryit-preview-math">\\({esc(line["latex"])}\\)</span></div>'
        for line in math["preview"]["lines"])
    return f"""<div class="w2v-tryit-panel" role="tabpanel" id="{ids['mathpanel']}"
    aria-labelledby="{ids['mathtab']}" data-tryit-panel="math" hidden>
  <p class="w2v-tryit-help" id="{ids['mathhelp']}">Type or paste your derivation in LaTeX, one step
    per line (<code>=</code> chains, <code>\\\\</code> and <code>&amp;</code> are fine). The preview
    below shows how it was read, with every product and grouping written out; Run checks each step.</p>
  {select}
  {_editor(ids, "math", math["answer"], "Your derivation (LaTeX)", f"{ids['mathhelp']} {ids['parse']}",
           "data-tryit-math")}
  <p class="w2v-tryit-parse" id="{ids['parse']}" data-tryit-parse-error aria-live="polite" hidden></p>
  <p class="w2v-tryit-label" id="{ids['previewlabel']}">How it was read:</p>
  <div class="w2v-tryit-preview mathjax_process" data-tryit-preview role="region"
    aria-labelledby="{ids['previewlabel']}" data-tryit-preview-of="{esc(math['answer'])}">{lines}</div>
</div>"""


def _block_html(key: str, attempt: str, call: str, report: str, n: int, math: dict | None = None) -> str:
    names = ("title", "code", "help", "call", "report", "status", "math", "mathhelp", "result", "codetab",
             "mathtab", "codepanel", "mathpanel", "previewlabel", "tabs", "parse")
    ids = {name: f"tryit-{n}-{name}" for name in names}
    esc = html.escape
    code_editor = _editor(ids, "code", attempt, "Your code", ids["help"], "data-tryit-code")
    code_panel = f"""{code_editor}
  <div class="w2v-tryit-calls" id="{ids['call']}">then the check runs:
    <code class="w2v-tryit-call">{esc(call)}</code></div>"""
    tabs = extra = ""
    if math is not None:
        tabs = f"""<div class="w2v-tryit-tabs" role="tablist" aria-label="Check your code or your math"
    id="{ids['tabs']}">
    <button type="button" role="tab" id="{ids['codetab']}" aria-controls="{ids['codepanel']}"
      aria-selected="true" data-tryit-tab="code">Code</button>
    <button type="button" role="tab" id="{ids['mathtab']}" aria-controls="{ids['mathpanel']}"
      aria-selected="false" tabindex="-1" data-tryit-tab="math">Math</button>
  </div>"""
        code_panel = f"""<div class="w2v-tryit-panel" role="tabpanel" id="{ids['codepanel']}"
    aria-labelledby="{ids['codetab']}" data-tryit-panel="code">
  {code_panel}
</div>
{_math_panel(ids, math)}"""
        extra = f"""<template data-tryit-math-shipped>{esc(math['answer'])}</template>
  <template data-tryit-math-report>{esc(math['report'])}</template>
  <script type="application/json" data-tryit-math-data>{_json_for_script(math['data'])}</script>"""
    help_text = ("Edit the function (or, under <strong>Math</strong>, your derivation), then press "
                 "<strong>Run</strong>" if math is not None else
                 "Edit the function, then press <strong>Run</strong>")
    return f"""
<section class="w2v-tryit" data-tryit data-tryit-key="{esc(key)}" data-tryit-call="{esc(call)}"
  data-tryit-mode="code" aria-labelledby="{ids['title']}">
  <div class="w2v-tryit-head">
    <h3 class="w2v-tryit-title" id="{ids['title']}">Run it here</h3>
    <p class="w2v-tryit-help" id="{ids['help']}">{help_text}:
    the check runs in your browser with Python and NumPy (about 17 MB, loaded when you first click
    into an editor, then cached), no server involved. <kbd>Tab</kbd> indents,
    <kbd>Shift</kbd>+<kbd>Tab</kbd> dedents, <kbd>Home</kbd> goes to the first character of the line
    (press it again for the line's start), <kbd>Esc</kbd> then <kbd>Tab</kbd> leaves the editor,
    <kbd>Ctrl</kbd>+<kbd>Enter</kbd> runs.</p>
  </div>
  {tabs}
  {code_panel}
  <div class="w2v-tryit-bar">
    <button type="button" class="w2v-tryit-button w2v-tryit-primary" data-tryit-run
      aria-describedby="{ids['call']}">Run</button>
    <button type="button" class="w2v-tryit-button" data-tryit-reset>Reset</button>
    <span class="w2v-tryit-status" id="{ids['status']}" role="status" data-tryit-status></span>
  </div>
  <p class="w2v-tryit-label" id="{ids['report']}" data-tryit-caption>Report of the shipped attempt
    (the notebook's output):</p>
  <div class="w2v-tryit-output" data-tryit-output aria-live="polite" tabindex="0" role="region"
    aria-labelledby="{ids['report']}"><pre data-tryit-text>{esc(report)}</pre></div>
  <pre class="w2v-tryit-printed" data-tryit-printed hidden></pre>
  <template data-tryit-shipped>{esc(attempt)}</template>
  {extra}
</section>
"""


def _json_for_script(data) -> str:
    # Inside <script>, "</" would end the element: escaped, the JSON reads the same.
    return json.dumps(data, ensure_ascii=False).replace("</", "<\\/")


def _code_cells(doctree: nodes.document) -> list[nodes.Element]:
    return [c for c in doctree.findall(nodes.container) if c.get("nb_element") == "cell_code"]


def _take_math_cell(app: Sphinx, doctree: nodes.document) -> None:
    """Take the chapter's math cell out of the page; keep what the Math tab needs on the doctree.

    Runs when the page is read, before Sphinx collects its table of contents: where the cell
    follows a heading and paragraphs of its own (the notebook's "Check your math", which tell the
    reader to edit the text between the triple quotes and run the cell), they go too, so the
    page's contents do not list them; in the page the Math tab and its own help take their place.
    What follows the cell in that section stays.
    """
    if app.builder.format != "html":
        return
    found = [c for c in _code_cells(doctree) if _math_cell(_source(c)) is not None]
    if not found:
        return
    if len(found) > 1:
        raise ExtensionError(f"{app.env.docname}: {len(found)} check_math cells; the page has one Math tab")
    cell = found[0]
    answer, result = _math_cell(_source(cell))
    doctree["w2v_tryit_math"] = json.dumps({"answer": answer, "result": result, "report": _output(cell)})
    section = cell.parent
    intro = section.children[:section.index(cell)]
    prose = (nodes.title, nodes.paragraph, nodes.target)
    if isinstance(section, nodes.section) and all(isinstance(part, prose) for part in intro):
        # What follows the cell in that section (a quiz, say) stays, in the section around it.
        rest = section.children[section.index(cell) + 1:]
        parent, at = section.parent, section.parent.index(section)
        parent.remove(section)
        for k, part in enumerate(rest):
            parent.insert(at + k, part)
    else:
        section.remove(cell)


def _math_for(docname: str, taken: dict) -> dict:
    """What the Math tab needs from a chapter's math cell, read and checked at build time."""
    from w2vlib import MATH_RESULTS, check_math, mathcheck

    answer, result = taken["answer"], taken["result"]
    chapter = Path(docname).name
    mine = [spec for spec in MATH_RESULTS.values() if spec.chapter == chapter]
    choices = []
    if result is None or len(mine) > 1:
        choices = [("", "The one the left side of your equation names")]
        choices += [(spec.name, f"{spec.question} {spec.title}") for spec in mine]
    return {"answer": answer, "result": result, "choices": choices, "report": taken["report"],
            "data": check_math(answer, result=result).to_dict(), "preview": mathcheck.preview(answer, result)}


def _transform(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if app.builder.format != "html":
        return
    cells = _code_cells(doctree)
    taken = doctree.get("w2v_tryit_math")
    math = _math_for(docname, json.loads(taken)) if taken else None
    n = 0
    for attempt_cell, check_cell in zip(cells, cells[1:], strict=False):
        call = (_source(check_cell) or "").strip()
        attempt = _source(attempt_cell)
        found = CHECK_CALL.fullmatch(call)
        if not found or attempt is None or not re.search(rf"^def {found['fn']}\(", attempt, re.M):
            continue
        n += 1
        html_text = _block_html(docname, attempt, call, _output(check_cell), n, math if n == 1 else None)
        check_cell.replace_self(nodes.raw("", html_text, format="html"))
        attempt_cell.parent.remove(attempt_cell)
    if math is not None and n == 0:
        raise ExtensionError(f"{docname}: a check_math cell but no try-it block to put it in")


def _page_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if "data-tryit " in context.get("body", ""):
        # Paths are relative to _static/, like html_css_files in _config.yml.
        app.add_css_file("../vendor/tryit/tryit.css")
        app.add_js_file("../vendor/tryit/tryit.js", defer="defer")


def w2vlib_zip(dest: Path) -> None:
    """w2vlib from the checkout and the runner (tryit_runner.py), as a zip the worker unpacks.

    Every module and subpackage (``w2vlib.mathcheck`` with its Lark grammar,
    ``*.lark``) but ``w2vlib.figures``, which needs matplotlib, which the
    worker does not have. ``import w2vlib``, ``w2vlib.checker`` and
    ``w2vlib.mathcheck`` need NumPy and Lark alone (the trainer and the corpus
    import scipy and gensim inside functions).
    """
    dest.parent.mkdir(parents=True, exist_ok=True)
    package = ROOT / "w2vlib"
    files = sorted(p for pattern in ("*.py", "*.lark") for p in package.rglob(pattern)
                   if "__pycache__" not in p.parts and p.relative_to(package).parts[0] != "figures")
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in files:
            info = zipfile.ZipInfo(f"w2vlib/{path.relative_to(package).as_posix()}", ZIP_DATE)
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
    # Before the table-of-contents collector (priority 500) sees the page.
    app.connect("doctree-read", _take_math_cell, priority=400)
    app.connect("doctree-resolved", _transform)
    app.connect("html-page-context", _page_assets)
    app.connect("build-finished", _install)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
