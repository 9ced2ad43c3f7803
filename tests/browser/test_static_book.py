"""Every page of the built book, in Chromium, served from loopback with every other host blocked.

One test per page (_build/html, or $W2V_BOOK_HTML). Each asserts: no request
left the server, no page errors, no console errors, no failed local request;
MathJax ran and left no raw TeX ($$, \\[, \\( ...) and no error in the text;
every image loaded; every slider, moved with the keyboard, changes the figure
it belongs to, and its readout shows a value rather than a bare frame index;
notebook pages offer the .ipynb download and the Binder and Colab buttons.
The time from each key press to the new frame being visible is recorded.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from browserkit import ROOT, built_pages, open_page, record, redirect_target, settle

BOOK = Path(os.environ.get("W2V_BOOK_HTML", ROOT / "_build" / "html"))
PRESSES_PER_SLIDER = 3

# Text outside code and outside typeset math that still looks like TeX.
RAW_TEX_JS = r"""
() => {
  const skip = 'pre, code, script, style, textarea, mjx-container, .highlight';
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const found = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!el || el.closest(skip)) continue;
    const text = n.textContent;
    // Display or inline delimiters, or any TeX command such as \eta or \mathbf.
    const tex = /\$\$|\\\[|\\\]|\\\(|\\\)|\\[a-zA-Z]{2,}/;
    if (tex.test(text)) found.push(text.trim().slice(0, 100));
  }
  const errors = [...document.querySelectorAll('mjx-merror')]
    .map((e) => 'MathJax error: ' + (e.getAttribute('data-mjx-error') || e.textContent));
  return found.concat(errors);
}
"""


# A matplotlib Figure that reached the page as its text repr instead of a picture.
FIGURE_AS_TEXT_JS = r"""
() => [...document.querySelectorAll('.cell_output')]
  .map((el) => el.textContent.match(/<Figure size [^>]*>/))
  .filter(Boolean)
  .map((m) => m[0])
"""

# A script the page loads twice (an extension adding it again) is an error waiting to happen.
DUPLICATE_SCRIPTS_JS = """
() => {
  const seen = new Set(), twice = [];
  for (const s of document.querySelectorAll('script:not([type]), script[type="text/javascript"]')) {
    const key = s.src ? 'src ' + s.src.split('?')[0] : 'inline ' + s.textContent.trim();
    if (seen.has(key)) twice.push(key.slice(0, 100));
    seen.add(key);
  }
  return twice;
}
"""

IMAGES_JS = """
async () => {
  const imgs = [...document.querySelectorAll('img')];
  await Promise.all(imgs.map((img) => img.complete ? null :
    new Promise((r) => { img.addEventListener('load', r); img.addEventListener('error', r); })));
  return imgs.filter((img) => !(img.naturalWidth > 0))
    .map((img) => (img.getAttribute('src') || '(no src)').slice(0, 100));
}
"""


PAGES = built_pages(BOOK)


def test_book_is_built():
    assert PAGES, f"no built book in {BOOK}: run `make book` first (`make test` builds it)"


@pytest.fixture(scope="module")
def base(serve):
    return serve(BOOK)


@pytest.mark.parametrize("page_path", PAGES)
def test_page(browser, base, page_path):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page, log = open_page(context, base)
    problems: list[str] = []
    latencies: list[float] = []
    sliders = 0
    try:
        redirect = redirect_target(BOOK, page_path)
        target = redirect or page_path
        page.goto(base + page_path, wait_until="load")
        if redirect:
            page.wait_for_url(base + target)
            page.wait_for_load_state("load")

        problems += settle(page)
        # Widget labels are typeset just after the widgets render: give them up to 5 s.
        for _ in range(50):
            raw_tex = page.evaluate(RAW_TEX_JS)
            if not raw_tex:
                break
            page.wait_for_timeout(100)
        problems += [f"raw TeX or a MathJax error: {t!r}" for t in raw_tex]

        problems += [f"image did not load: {src}" for src in page.evaluate(IMAGES_JS)]
        problems += [f"a figure shows as text, not drawn: {t}" for t in page.evaluate(FIGURE_AS_TEXT_JS)]
        problems += [f"script loaded twice: {what}" for what in page.evaluate(DUPLICATE_SCRIPTS_JS)]

        handles = page.locator(".widget-slider .noUi-handle")
        sliders = handles.count()
        for i in range(sliders):
            handle = handles.nth(i)
            region = handle.locator("xpath=ancestor::div[contains(@class, 'widget-subarea')][1]")
            readout = handle.locator("xpath=ancestor::div[contains(@class, 'widget-slider')][1]")
            readout = readout.locator(".widget-readout")
            handle.scroll_into_view_if_needed()
            handle.focus()
            for _ in range(PRESSES_PER_SLIDER):
                at_end = handle.get_attribute("aria-valuenow") == handle.get_attribute("aria-valuemax")
                key = "ArrowLeft" if at_end else "ArrowRight"
                before_readout = readout.inner_text() if readout.count() else ""
                region.evaluate("(el) => window.__w2v.arm(el, 5000)")
                page.keyboard.press(key)
                moved = page.evaluate("() => window.__w2v.pending")
                after_readout = readout.inner_text() if readout.count() else ""
                name = f"slider {i + 1} ({after_readout or 'no readout'})"
                if not moved["changed"]:
                    problems.append(f"{name}: {key} did not change the figure within 5 s")
                    break
                if moved["ms"] is not None:
                    latencies.append(round(moved["ms"], 1))
                if after_readout == before_readout:
                    problems.append(f"{name}: {key} did not change the readout")
                if re.fullmatch(r"\s*-?\d+\s*", after_readout):
                    problems.append(f"{name}: the readout shows a bare frame index, not a value")

        source_ipynb = BOOK / "_sources" / Path(target).with_suffix(".ipynb")
        if source_ipynb.exists():
            links = page.evaluate("() => [...document.querySelectorAll('a[href]')].map((a) => a.href)")
            for what, pattern in [
                ("Binder launch button", r"^https://mybinder\.org/v2/gh/.+\.ipynb$"),
                ("Colab launch button", r"^https://colab\.research\.google\.com/github/.+\.ipynb$"),
                (".ipynb download", r"_sources/.+\.ipynb$"),
            ]:
                if not any(re.search(pattern, href) for href in links):
                    problems.append(f"no {what} on a notebook page")
    finally:
        context.close()

    record(
        "page",
        page=page_path,
        external=log.external,
        console_errors=log.console_errors,
        console_warnings=log.console_warnings,
        page_errors=log.page_errors,
        sliders=sliders,
        latencies_ms=latencies,
    )
    problems += [f"request to another host (blocked): {url}" for url in log.external]
    problems += [f"page error: {err}" for err in log.page_errors]
    problems += [f"console error: {err}" for err in log.console_errors]
    problems += [f"failed local request: {what}" for what in log.failed_local]
    assert not problems, f"{page_path}:\n  " + "\n  ".join(problems)
