"""The live "Try it yourself" blocks of the built book: the checker runs in the browser (Pyodide).

The book (_build/html, or $W2V_BOOK_HTML) is served over loopback; every
request is recorded and any to another host fails the test. One browser
context serves all pages, so after the first page the browser cache serves
Pyodide, as it would for a reader (hence no request routing, which would turn
Playwright's cache off).

- Every chapter: nothing is fetched between the loaded page and the first
  Run; Run on the shipped attempt gives exactly the notebook's committed
  report (its diagnosis), except a note on NumPy floating-point warnings,
  which WebAssembly cannot raise; no request leaves the server, no console or
  page error.
- Four chapters: a right answer typed in through ``w2vTryit.setCode`` gives
  "✓ Correct" (the answers call w2vlib's own functions, or fix the shipped
  slip as the chapter's diagnosis says).
- An endless loop is stopped after about 10 s and Python restarts on the
  next Run; a syntax error is reported with its line; flooding output is cut.
- The reader's code survives a reload; Reset brings back the shipped attempt.
- Opened from file://, the block says the book must be served, and how.
- Every chapter with a math cell (found in the notebooks): the cell is in the block's Math tab,
  not on the page; the tablist works with the keyboard; the shipped attempt's report equals the
  cell's output, before any Run and when checked in the browser, its fix collapsed and its first
  wrong line marked in the gutter; the selected result is the one checked; the preview typesets
  the formula without a Run; w2vlib's own result passes; unreadable math shows its line and
  column; the reader's math and mode survive a reload without starting Python. axe finds no
  serious or critical problem in either mode (light, dark) with the report open, and at 390 px
  nothing scrolls sideways.
- Python starts on the first focus of an editor, not on page load; a Run once it has loaded
  answers at once.

Measured and recorded for tools/browser_report.py: the first Run with an
empty cache (cold start), the first Run on later pages (from the cache),
and runs once Python is loaded (warm); for the Math mode ("tryit-math",
"tryit-focus") the first math Run, a warm math check, Python's start-up
and a Run after focusing and waiting.
"""

from __future__ import annotations

import html
import json
import os
import re
from pathlib import Path

import pytest
from browserkit import ROOT, PageLog, open_page, record, settle

BOOK = Path(os.environ.get("W2V_BOOK_HTML", ROOT / "_build" / "html"))
NOTEBOOKS = sorted(p for p in (ROOT / "book").glob("*.ipynb") if re.match(r"[a-i]\d?_", p.name))
DONE = ("done", "stopped")
COLD_TIMEOUT_MS = 120_000
# What only Run may fetch: the runtime, NumPy, the worker and w2vlib (tryit.js and .css load with the page).
PYTHON_FILES = re.compile(r"/vendor/(pyodide/|tryit/(?!tryit\.(js|css)$))")
# Whether a browser context has run Python yet: its first Run starts with an empty cache.
_STARTED_IN: set[int] = set()


def _committed(path: Path) -> tuple[str, str]:
    """The shipped attempt's check call and its committed report, from the notebook."""
    cells = json.loads(path.read_text())["cells"]
    for cell in cells:
        source = "".join(cell["source"]).strip()
        if cell["cell_type"] == "code" and re.fullmatch(r'check\(\w+, result="\w+"\)', source):
            text = "".join(
                "".join(out.get("data", {}).get("text/plain", "")) for out in cell.get("outputs", [])
            )
            return source, text
    raise AssertionError(f"{path.name}: no check(...) cell")


# NumPy's "invalid value encountered in divide" and the like come from the CPU's floating-point
# status flags, which WebAssembly does not have: Pyodide's NumPy never raises them, so the
# checker's note about them is the one part of a report the browser cannot reproduce.
FP_WARNING_NOTE = re.compile(r"\n\nNote: NumPy warned while running your function [^\n]*(\n  [^\n]*)*")


def _without_fp_warning_note(report: str) -> str:
    return FP_WARNING_NOTE.sub("", report)


def _fix(old: str, new: str):
    def fix(shipped: str) -> str:
        assert old in shipped, f"the shipped attempt no longer contains {old!r}"
        return shipped.replace(old, new)

    return fix


# Right answers: w2vlib's own function, or the shipped code with its slip fixed as the diagnosis says.
RIGHT = {
    "a_cross_entropy": lambda shipped: (
        "import w2vlib\n\n\ndef my_loss(center_vec, outside_idx, outside_vectors):\n"
        "    return w2vlib.naive_softmax_loss_and_gradient(center_vec, outside_idx, outside_vectors)[0]\n"
    ),
    "f_sigmoid": _fix("s * (1.0 + s)", "s * (1.0 - s)"),
    "h_repeated_negatives": _fix(
        "grad[negative_indices] += np.outer(sigma(scores), center_vec)",
        "np.add.at(grad, negative_indices, np.outer(sigma(scores), center_vec))",
    ),
    "i_skipgram_window": _fix("range(-window_size, window_size)", "range(-window_size, window_size + 1)"),
}

REPORT_TEXT_JS = """
(el) => [...el.querySelectorAll('[data-tryit-output] [data-tryit-text]')]
  .map((part) => part.textContent).join('\\n')
"""

# The gutter's total height, the code's height in the textarea, and the height of one line.
GUTTER_JS = """
(el) => {
  const area = el.querySelector('textarea[data-tryit-code]');
  const style = getComputedStyle(area);
  const numbers = [...area.parentElement.querySelectorAll('[data-tryit-gutter] > div')]
    .reduce((sum, n) => sum + n.getBoundingClientRect().height, 0);
  const text = area.scrollHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
  return [numbers, text, parseFloat(style.lineHeight)];
}
"""

WAIT_DONE_JS = """
([el, runs]) => el.dataset.tryitState && ['done', 'stopped'].includes(el.dataset.tryitState)
  && Number(el.dataset.tryitRuns || 0) >= runs
"""


@pytest.fixture(scope="module")
def context(browser):
    if not (BOOK / "index.html").exists():
        pytest.fail(f"the book is not built ({BOOK}); run `make book` first", pytrace=False)
    ctx = browser.new_context()
    yield ctx
    ctx.close()


@pytest.fixture(scope="module")
def base(serve):
    return serve(BOOK)


class Block:
    """One page's try-it block, driven through the stable hooks (data-tryit*, window.w2vTryit)."""

    def __init__(self, context, base: str, stem: str):
        # Not browserkit.open_page: Playwright turns the HTTP cache off for pages with a route, and
        # the cache is what a reader's later chapters start from. Requests to other hosts are
        # recorded here (and asserted to be none) instead of being aborted.
        self.base = base
        self.page = context.new_page()
        self.log = PageLog()
        self.requests: list[str] = []
        self.page.on("request", self._request)
        self.page.on("console", lambda m: m.type == "error" and self.log.console_errors.append(m.text))
        self.page.on("pageerror", lambda err: self.log.page_errors.append(str(err)))
        self.page.on("requestfailed", lambda r: self.log.failed_local.append(f"{r.failure} {r.url}"))
        self.page.on("response", self._response)
        self.page.goto(f"{base}book/{stem}.html")
        self.page.wait_for_load_state("networkidle")
        self.el = self.page.locator("[data-tryit]")
        assert self.el.count() == 1, f"{stem}: expected one try-it block"
        self.handle = self.el.element_handle()
        self.runs = 0
        self.context = context
        self.empty_cache = None

    def _request(self, request) -> None:
        self.requests.append(request.url)
        if not request.url.startswith((self.base, "data:", "blob:")):
            self.log.external.append(request.url)

    def _response(self, response) -> None:
        if response.status >= 400:
            self.log.failed_local.append(f"{response.status} {response.url}")

    def code(self) -> str:
        return self.page.evaluate("(el) => window.w2vTryit.getCode(el)", self.handle)

    def set_code(self, code: str) -> None:
        self.page.evaluate("([el, code]) => window.w2vTryit.setCode(el, code)", [self.handle, code])

    def run(self, timeout_ms: int = COLD_TIMEOUT_MS) -> str:
        if self.empty_cache is None:
            self.empty_cache = id(self.context) not in _STARTED_IN
            _STARTED_IN.add(id(self.context))
            if not self.el.get_attribute("data-tryit-worker"):
                python = [u for u in self.requests if PYTHON_FILES.search(u)]
                assert python == [], f"Python's files were fetched before the first Run: {python}"
        self.runs += 1
        self.el.locator("[data-tryit-run]").click()
        self.page.wait_for_function(WAIT_DONE_JS, arg=[self.handle, self.runs], timeout=timeout_ms)
        return self.report()

    def report(self) -> str:
        """The report's text as shown: its [data-tryit-text] parts, "How to fix it" included."""
        return self.page.evaluate(REPORT_TEXT_JS, self.handle)

    def has_math(self) -> bool:
        return self.el.locator("[data-tryit-math]").count() == 1

    def set_mode(self, mode: str) -> None:
        self.page.evaluate("([el, m]) => window.w2vTryit.setMode(el, m)", [self.handle, mode])

    def math(self) -> str:
        return self.page.evaluate("(el) => window.w2vTryit.getMath(el)", self.handle)

    def set_math(self, text: str) -> None:
        self.page.evaluate("([el, text]) => window.w2vTryit.setMath(el, text)", [self.handle, text])

    def timing(self) -> dict:
        js = "(el) => ({total: Number(el.dataset.tryitTotalMs), run: Number(el.dataset.tryitRunMs)})"
        return self.page.evaluate(js, self.handle)

    def reset(self) -> None:
        self.el.locator("[data-tryit-reset]").click()


def assert_fix_collapsed(block: Block, report: str) -> None:
    """A report with a fix ("How to fix it: …", or "Fix: …" in a math report) shows it in one closed
    <details> the reader can open."""
    fix = block.el.locator("[data-tryit-output] details.w2v-tryit-fix")
    hint = re.search(r"^\s*(How to fix it|Fix): ", report, re.M)
    if not hint:
        assert fix.count() == 0
        return
    assert fix.count() == 1
    assert fix.evaluate("(d) => d.open") is False
    assert fix.locator("summary").text_content() == "How to fix it"
    assert fix.locator("[data-tryit-text]").text_content().lstrip().startswith(hint[1] + ": ")
    assert not fix.locator("[data-tryit-text]").is_visible()


def test_every_chapter_has_a_block():
    assert len(NOTEBOOKS) == 12
    for path in NOTEBOOKS:
        assert 'data-tryit ' in (BOOK / "book" / f"{path.stem}.html").read_text(), path.stem


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_shipped_attempt_gets_its_diagnosis_in_the_browser(context, base, path):
    call, report = _committed(path)
    block = Block(context, base, path.stem)
    block.reset()  # an earlier run may have left code in localStorage
    assert block.el.get_attribute("data-tryit-call") == call
    # The line numbers match the lines as the page first shows them, long lines wrapped.
    numbers, text, line = block.page.evaluate(GUTTER_JS, block.handle)
    assert abs(numbers - text) < line / 2, (numbers, text)
    # Before any Run: the notebook's report, its "How to fix it" collapsed until the reader opens it.
    assert block.report() == report
    assert_fix_collapsed(block, report)
    before = len(block.requests)
    block.page.wait_for_timeout(300)
    quiet = block.requests[before:]
    got = block.run()
    timing = block.timing()
    assert quiet == [], f"requests before the first Run: {quiet}"
    expected = _without_fp_warning_note(report)
    assert got == expected, f"{path.stem}: the browser's report differs from the notebook's"
    assert_fix_collapsed(block, got)
    assert "Diagnosis: this is a known mistake" in got
    warm = None
    if path.stem in RIGHT:
        shipped = block.code()
        block.set_code(RIGHT[path.stem](shipped))
        got = block.run(timeout_ms=30_000)
        assert re.search(r"\n✓ Correct: all [5-7] cases agree with the derived result\.", got), got
        warm = block.timing()["run"]
        block.reset()
        assert block.code() == shipped
    assert block.log.external == []
    assert block.log.console_errors == [] and block.log.page_errors == []
    assert block.log.failed_local == []
    record("tryit", chapter=path.stem, first_run_ms=timing["total"], check_ms=timing["run"],
           warm_run_ms=warm, empty_cache=block.empty_cache)
    block.page.close()


def test_endless_loop_is_stopped_then_python_restarts(context, base):
    block = Block(context, base, "f_sigmoid")
    shipped = block.code()
    block.set_code(shipped + "\n\nwhile True:\n    pass\n")
    got = block.run(timeout_ms=30_000)
    assert block.el.get_attribute("data-tryit-state") == "stopped"
    assert got.startswith("✗ Stopped after 10 s"), got
    assert "next Run starts it again" in got
    assert "restarts on the next Run" in block.el.locator("[data-tryit-status]").text_content()
    # A syntax error, reported with its line, by a new worker.
    block.set_code(shipped.replace("return s * (1.0 + s)", "return s * (1.0 + s"))
    lineno = 1 + block.code().splitlines().index("    return s * (1.0 + s")
    got = block.run()
    assert got.startswith(f"✗ SyntaxError on line {lineno} of your code"), got
    assert "return s * (1.0 + s" in got
    # Output flooding is cut, and the report still comes.
    block.set_code(shipped + "\nfor i in range(200_000):\n    print('again', i)\n")
    got = block.run(timeout_ms=30_000)
    printed = block.el.locator("[data-tryit-printed]").text_content()
    assert "Diagnosis: this is a known mistake" in got
    assert "output cut" in printed and len(printed) < 6_000
    block.reset()
    assert block.log.external == [] and block.log.page_errors == [] and block.log.console_errors == []
    block.page.close()


def test_editor_keys_code_survives_a_reload_and_reset_restores(context, base):
    block = Block(context, base, "e_leaky_relu")
    shipped = block.code()
    area = block.el.locator("textarea[data-tryit-code]")
    area.focus()
    block.page.keyboard.press("Control+End")
    block.page.keyboard.press("Enter")
    block.page.keyboard.type("if True:")
    block.page.keyboard.press("Enter")
    block.page.keyboard.type("pass")
    block.page.keyboard.press("Tab")
    # Enter keeps the last line's indentation and adds a level after a colon; Tab inserts 4 spaces.
    assert block.code() == shipped + "\n    if True:\n        pass    "
    block.page.keyboard.press("Shift+Tab")
    assert block.code() == shipped + "\n    if True:\n    pass    "
    # Smart Home: to the first non-blank character of the line, then to the line's start.
    block.page.keyboard.press("Home")
    caret = "() => document.activeElement.selectionStart"
    end = len(block.code())
    assert block.page.evaluate(caret) == end - len("pass    ")
    block.page.keyboard.press("Home")
    assert block.page.evaluate(caret) == end - len("    pass    ")
    block.page.keyboard.press("End")
    block.page.keyboard.press("Shift+Home")
    selected = "() => document.activeElement.value.slice(document.activeElement.selectionStart, " \
        "document.activeElement.selectionEnd)"
    assert block.page.evaluate(selected) == "pass    "
    # The gutter numbers every line, each as tall as its line on screen.
    gutter = block.el.locator(".w2v-tryit-editor:has(textarea[data-tryit-code]) [data-tryit-gutter] > div")
    assert gutter.all_text_contents() == [str(i + 1) for i in range(block.code().count("\n") + 1)]
    # ... so the numbers add up to the text's height, also when a narrower window wraps long lines.
    for width in (1280, 390):
        block.page.set_viewport_size({"width": width, "height": 800})
        block.page.wait_for_timeout(200)
        numbers, text, line = block.page.evaluate(GUTTER_JS, block.handle)
        # Within half a line: one wrapped row unnumbered would be a whole line off.
        assert abs(numbers - text) < line / 2, (width, numbers, text)
        if width == 390:
            rows = round(text / line)
            assert rows > block.code().count("\n") + 1, "no line wraps at 390 px: the check checks nothing"
    block.page.keyboard.press("Escape")
    block.page.keyboard.press("Tab")
    assert block.page.evaluate("() => document.activeElement.hasAttribute('data-tryit-run')")
    mine = shipped + "\n# my change\n"
    block.set_code(mine)
    block.page.reload()
    block.page.wait_for_load_state("networkidle")
    handle = block.page.locator("[data-tryit]").element_handle()
    assert block.page.evaluate("(el) => window.w2vTryit.getCode(el)", handle) == mine
    block.page.locator("[data-tryit-reset]").click()
    block.page.reload()
    handle = block.page.locator("[data-tryit]").element_handle()
    assert block.page.evaluate("(el) => window.w2vTryit.getCode(el)", handle) == shipped
    block.page.close()


def test_from_a_file_the_block_says_how_to_serve_the_book(browser):
    page = browser.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto((BOOK / "book" / "f_sigmoid.html").as_uri())
    block = page.locator("[data-tryit]")
    assert "served over HTTP" in block.locator(".w2v-tryit-file").text_content()
    block.locator("[data-tryit-run]").click()
    text = block.locator("[data-tryit-output]").text_content()
    assert "file://" in text and "make serve" in text and "python -m http.server -d _build/html" in text
    assert errors == []
    page.close()


# --- The Math mode ------------------------------------------------------------------------------
# The chapters with a math cell (a check_math(r"""…""", result=…) code cell, see _ext/w2v_tryit.py):
# their block has a Math tab prefilled with the cell's attempt, and its report starts as the
# cell's output.
MATH_CALL = re.compile(r'check_math\(r"""\n(?P<answer>.*?)\n""", result=(?:"(?P<result>\w+)"|None)\)', re.S)


def _math_cell(path: Path) -> tuple[str, str | None, str] | None:
    """(shipped attempt, result name or None, committed output) of the notebook's math cell."""
    for cell in json.loads(path.read_text())["cells"]:
        found = MATH_CALL.fullmatch("".join(cell["source"]).strip()) if cell["cell_type"] == "code" else None
        if found:
            text = "".join(
                "".join(out.get("data", {}).get("text/plain", "")) for out in cell.get("outputs", [])
            )
            return found["answer"], found["result"], text
    return None


MATH_NOTEBOOKS = [p for p in NOTEBOOKS if _math_cell(p) is not None]
# The tests' own slip in the math: an unclosed group, which no reading can accept.
UNREADABLE = "\\frac{\\partial J}{\\partial v_c} = (\\hat{y} - "

PREVIEWED_JS = "([el, n]) => Number(el.dataset.tryitPreviews || 0) >= n"
READY_JS = "(el) => el.dataset.tryitWorker === 'ready'"
MARKED_JS = """
(el) => [...el.querySelectorAll('.w2v-tryit-editor:has([data-tryit-math]) .w2v-tryit-gutter-wrong')]
  .map((n) => Number(n.textContent))
"""


def _right_answer(stem: str, result: str | None) -> str:
    """The chapter's derived result as w2vlib states it (for result=None, one whose left side names it)."""
    from w2vlib import MATH_RESULTS

    if result is not None:
        return MATH_RESULTS[result].latex
    return next(s.latex for s in MATH_RESULTS.values() if s.chapter == stem and "=" in s.latex)


def _heading_before_math_cell(path: Path) -> str | None:
    """The heading of the markdown cell just before the math cell, if it has one."""
    cells = json.loads(path.read_text())["cells"]
    for before, cell in zip(cells, cells[1:], strict=False):
        if cell["cell_type"] == "code" and MATH_CALL.fullmatch("".join(cell["source"]).strip()):
            first = "".join(before["source"]).splitlines()[0] if before["cell_type"] == "markdown" else ""
            return first.lstrip("#").strip() if first.startswith("#") else None
    return None


def test_math_cells_are_found_in_the_notebooks_and_the_pages():
    """Each math cell is in its chapter's block, not on the page; so is the notebook's heading that
    introduces it (its text tells the reader to run the cell), which the page's contents no longer list."""
    for path in NOTEBOOKS:
        page = (BOOK / "book" / f"{path.stem}.html").read_text()
        assert ("data-tryit-math" in page) == (path in MATH_NOTEBOOKS), path.stem
        assert "check_math(" not in page, f"{path.stem}: the math cell stayed"
        heading = _heading_before_math_cell(path)
        if heading:
            assert f">{html.escape(heading)}<" not in page, f"{path.stem}: {heading!r} stayed"


@pytest.mark.parametrize("path", MATH_NOTEBOOKS, ids=lambda p: p.stem)
def test_math_mode(context, base, path):
    from w2vlib import MATH_RESULTS, check_math

    answer, result, report = _math_cell(path)
    block = Block(context, base, path.stem)
    assert block.has_math()
    block.page.wait_for_timeout(300)
    python = [u for u in block.requests if PYTHON_FILES.search(u)]
    assert python == [], f"Python's files were fetched on page load: {python}"
    # The switch is a tablist; choosing Math starts Python and shows the shipped attempt and the
    # notebook's report of it, "How to fix it" collapsed.
    math_tab = block.el.locator("[role=tablist] [role=tab][data-tryit-tab=math]")
    code_tab = block.el.locator("[role=tablist] [role=tab][data-tryit-tab=code]")
    assert math_tab.get_attribute("aria-selected") == "false" and math_tab.get_attribute("tabindex") == "-1"
    assert block.el.locator("[role=tablist]").get_attribute("aria-label")
    focused = "() => document.activeElement.dataset.tryitTab"
    code_tab.focus()
    for key, tab in (("ArrowRight", "math"), ("Home", "code"), ("End", "math"), ("ArrowLeft", "code")):
        block.page.keyboard.press(key)
        assert block.page.evaluate(focused) == tab, key
        assert block.el.get_attribute("data-tryit-mode") == tab
    math_tab.click()
    assert math_tab.get_attribute("aria-selected") == "true" and code_tab.get_attribute("tabindex") == "-1"
    panel = block.el.locator(f"#{math_tab.get_attribute('aria-controls')}")
    assert panel.get_attribute("role") == "tabpanel" and panel.is_visible()
    assert panel.locator("[data-tryit-math]").is_visible()
    assert block.el.locator("[data-tryit-code]").is_hidden()
    several = result is None or sum(s.chapter == path.stem for s in MATH_RESULTS.values()) > 1
    select = block.el.locator("[data-tryit-result]")
    assert select.count() == (1 if several else 0)
    if several:
        label = block.el.locator(f"label[for='{select.get_attribute('id')}']")
        assert label.text_content() == "Result to check"
        assert select.input_value() == (result or "")
    assert block.el.get_attribute("data-tryit-worker") in ("loading", "ready")
    if block.math() != answer:
        block.reset()  # an earlier run may have left math in localStorage
    assert block.math() == answer
    assert block.report() == report
    assert_fix_collapsed(block, report)
    # The shipped attempt, checked in the browser: the notebook's report, its slip's line marked.
    got = block.run()
    first = block.timing()
    assert got == report, f"{path.stem}: the browser's math report differs from the notebook's"
    assert_fix_collapsed(block, got)
    native = check_math(answer, result=result)
    assert not native.passed and native.first_wrong_line is not None
    assert block.page.evaluate(MARKED_JS, block.handle) == [native.first_wrong_line]
    steps = block.el.locator("[data-tryit-output] .w2v-tryit-steps > li.w2v-tryit-step-wrong")
    if native.steps:
        assert steps.get_attribute("data-line") == str(native.first_wrong_line)
    if native.to_dict()["failing"]:
        differ = block.el.locator("[data-tryit-output] .w2v-tryit-differ")
        block.page.wait_for_function("(d) => d.querySelectorAll('mjx-container').length >= 2",
                                     arg=differ.element_handle())
    # Where the selector is, the result it names is the one checked.
    if several:
        values = select.evaluate("(s) => [...s.options].map((o) => o.value)")
        other = next(v for v in values if v != (result or ""))
        select.select_option(other)
        got = block.run(timeout_ms=30_000)
        assert got == str(check_math(answer, result=other or None))
        select.select_option(result or "")
    # The preview follows the typing, typeset, before any Run.
    right = _right_answer(path.stem, result)
    runs = block.page.evaluate("(el) => el.dataset.tryitRuns", block.handle)
    previews = int(block.el.get_attribute("data-tryit-previews") or 0)
    block.set_math(right)
    block.page.wait_for_function(PREVIEWED_JS, arg=[block.handle, previews + 1], timeout=30_000)
    assert block.page.evaluate("(el) => el.dataset.tryitRuns", block.handle) == runs
    preview = block.el.locator("[data-tryit-preview]")
    assert preview.locator(".w2v-tryit-preview-line mjx-container").count() >= 1
    assert block.el.locator("[data-tryit-parse-error]").is_hidden()
    # A right answer passes.
    assert check_math(right, result=result).passed, f"w2vlib's own result {right!r} does not pass check_math"
    got = block.run(timeout_ms=30_000)
    assert block.el.locator("[data-tryit-output]").get_attribute("data-kind") == "correct", got
    warm = block.timing()["run"]
    # Math that cannot be read: its line and column under the editor, before Run, and in the report.
    block.set_math(UNREADABLE)
    block.page.wait_for_function(PREVIEWED_JS, arg=[block.handle, previews + 2], timeout=30_000)
    unreadable = check_math(UNREADABLE, result=result)
    assert unreadable.parse_error and not unreadable.passed
    shown = block.el.locator("[data-tryit-parse-error]")
    assert shown.is_visible()
    assert re.fullmatch(r"Line 1, column \d+: .+", shown.text_content()), shown.text_content()
    assert block.page.evaluate(MARKED_JS, block.handle) == [1]
    got = block.run(timeout_ms=30_000)
    assert block.el.locator("[data-tryit-output]").get_attribute("data-kind") == "parse"
    assert got == str(unreadable)
    # The reader's math and mode survive a reload, without starting Python; Reset restores the attempt.
    mine = right + "\n% my note"
    block.set_math(mine)
    requests = len(block.requests)
    block.page.reload()
    block.page.wait_for_load_state("networkidle")
    block.handle = block.page.locator("[data-tryit]").element_handle()
    assert block.el.get_attribute("data-tryit-mode") == "math" and block.math() == mine
    assert block.page.evaluate("(el) => window.w2vTryit.getCode(el)", block.handle) == block.code()
    block.page.wait_for_timeout(300)
    assert not [u for u in block.requests[requests:] if PYTHON_FILES.search(u)]
    assert block.el.get_attribute("data-tryit-worker") is None
    block.reset()
    assert block.math() == answer
    block.set_mode("code")  # the mode is remembered per chapter; the code tests start in Code
    assert block.log.external == []
    assert block.log.console_errors == [] and block.log.page_errors == []
    assert block.log.failed_local == []
    record("tryit-math", chapter=path.stem, first_run_ms=first["total"], check_ms=first["run"],
           warm_check_ms=warm, empty_cache=block.empty_cache)
    block.page.close()


def test_python_starts_on_focus_and_a_run_after_typing_answers_at_once(browser, base):
    """No request on page load; the first focus of an editor loads Python in the background, so the
    first Run after some typing finds it loaded (its time is measured, the issue's goal is ≤ 1 s)."""
    stem = (MATH_NOTEBOOKS[0] if MATH_NOTEBOOKS else NOTEBOOKS[0]).stem
    ctx = browser.new_context()
    try:
        block = Block(ctx, base, stem)
        block.page.wait_for_timeout(500)
        assert block.requests and not [u for u in block.requests if PYTHON_FILES.search(u)]
        assert block.el.get_attribute("data-tryit-worker") is None
        area = block.el.locator("textarea[data-tryit-code]")
        area.click()
        block.page.keyboard.press("Control+End")
        block.page.keyboard.type("\n# my note, typed while Python loads\n", delay=60)
        block.page.wait_for_function(READY_JS, arg=block.handle, timeout=COLD_TIMEOUT_MS)
        boot = block.page.evaluate("(el) => Number(el.dataset.tryitBootMs)", block.handle)
        assert [u for u in block.requests if PYTHON_FILES.search(u)]
        block.runs += 1
        block.el.locator("[data-tryit-run]").click()
        block.page.wait_for_function(WAIT_DONE_JS, arg=[block.handle, block.runs], timeout=30_000)
        after_focus = block.timing()
        assert "Diagnosis: this is a known mistake" in block.report()
        math_after_focus = warm_math = None
        if block.has_math():
            block.set_mode("math")
            block.set_math(block.math() + " ")
            got = block.run(timeout_ms=30_000)
            math_after_focus = block.timing()["total"]
            assert got
            block.run(timeout_ms=30_000)
            warm_math = block.timing()["run"]
            block.reset()
            block.set_mode("code")
        block.el.locator("[data-tryit-reset]").click()
        record("tryit-focus", chapter=stem, boot_ms=boot, run_after_focus_ms=after_focus["total"],
               math_run_after_focus_ms=math_after_focus,
               warm_math_check_ms=warm_math)
        assert block.log.external == [] and block.log.page_errors == [] and block.log.console_errors == []
    finally:
        ctx.close()


@pytest.mark.parametrize(("theme", "width"), [("light", 1280), ("dark", 1280), ("light", 390), ("dark", 390)])
@pytest.mark.parametrize("path", MATH_NOTEBOOKS, ids=lambda p: p.stem)
def test_math_mode_is_accessible_and_fits_a_phone(browser, base, path, theme, width):
    """axe: no serious or critical violation in either mode with the report open (its "How to fix
    it" too); at 390 px the block, its report included, does not scroll sideways."""
    from test_accessibility import AXE, AXE_RUN_JS, FAILING, SET_MODE_JS, SIDEWAYS_JS

    ctx = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=theme)
    try:
        page, log = open_page(ctx, base)
        page.add_init_script(f"({SET_MODE_JS})({theme!r})")
        page.goto(f"{base}book/{path.stem}.html", wait_until="load")
        settle(page)
        el = page.locator("[data-tryit]").element_handle()
        problems = []
        for mode in ("code", "math"):
            page.evaluate("([el, m]) => window.w2vTryit.setMode(el, m)", [el, mode])
            runs = int(page.evaluate("(el) => el.dataset.tryitRuns || 0", el))
            page.locator("[data-tryit-run]").click()
            page.wait_for_function(WAIT_DONE_JS, arg=[el, runs + 1], timeout=COLD_TIMEOUT_MS)
            page.evaluate("(el) => el.querySelectorAll('details').forEach((d) => { d.open = true; })", el)
            page.evaluate("() => window.MathJax.startup.promise")
            page.wait_for_timeout(300)
            if width == 1280:
                if not page.evaluate("() => typeof axe !== 'undefined'"):
                    page.add_script_tag(path=str(AXE))
                for v in page.evaluate(AXE_RUN_JS):
                    if v["impact"] in FAILING:
                        problems.append(f"{mode}: {v['id']} ({v['impact']}): {v['help']} "
                                        f"{[n['target'] for n in v['nodes'][:3]]}")
            else:
                found = page.evaluate(SIDEWAYS_JS)
                if found["page"] > found["width"]:
                    problems.append(f"{mode}: the page is {found['page']} px wide at {found['width']} px")
                problems += [f"{mode}: wider than the screen: {w}" for w in found["wide"]]
                inner = page.evaluate("""(el) => [...el.querySelectorAll('[data-tryit-output], textarea')]
                    .filter((e) => e.scrollWidth > e.clientWidth + 1).map((e) => e.tagName)""", el)
                problems += [f"{mode}: {tag} scrolls sideways" for tag in inner]
        page.evaluate("(el) => window.w2vTryit.setMode(el, 'code')", el)
        problems += [f"page error: {e}" for e in log.page_errors] + [f"external: {u}" for u in log.external]
        assert not problems, f"{path.stem}, {theme}, {width} px:\n  " + "\n  ".join(problems)
    finally:
        ctx.close()
