"""axe-core on every page of the built book, in light and in dark mode, and at a phone's width.

axe-core is pinned in assets/package-lock.json and installed, hash-checked,
by assets/fetch.py into _build/test-assets/ (outside the served site): the
test injects it into each page after the widgets have rendered, the math is
typeset and every collapsed block (code, solutions, self-check answers) is
opened. Any violation of impact "serious" or "critical" fails the test;
every violation, of any impact, is recorded per rule for
tools/browser_report.py. At 390 px wide, nothing but a display equation's
own box may scroll sideways.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from browserkit import ROOT, built_pages, open_page, record, redirect_target, settle

BOOK = Path(os.environ.get("W2V_BOOK_HTML", ROOT / "_build" / "html"))
AXE = ROOT / "_build" / "test-assets" / "axe-core" / "axe.min.js"
FAILING = ("serious", "critical")
PAGES = [p for p in built_pages(BOOK) if not redirect_target(BOOK, p)]

# the pydata theme reads the reader's choice from localStorage before it paints
SET_MODE_JS = "(mode) => { localStorage.setItem('mode', mode); localStorage.setItem('theme', mode); }"

# Collapsed content is not checked by axe: open every <details> (the "Show code
# cell source" toggles, the self-check answers) and every dropdown (the
# exercises' solutions), so their text is checked too.
# They fade in when opened: axe must see them after the animation, not midway.
OPEN_ALL_JS = """
async () => {
  document.querySelectorAll('details').forEach((d) => { d.open = true; });
  document.querySelectorAll('.toggle-hidden').forEach((el) => el.classList.remove('toggle-hidden'));
  await new Promise((r) => requestAnimationFrame(r));
  const finite = document.getAnimations()
    .filter((a) => a.effect && a.effect.getComputedTiming().endTime !== Infinity);
  await Promise.all(finite.map((a) => a.finished.catch(() => null)));
  return document.querySelectorAll('details, .admonition.toggle').length;
}
"""

AXE_RUN_JS = """
async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map((n) => ({
      target: n.target.join(' '), summary: (n.failureSummary || '').slice(0, 300),
    })),
  }));
}
"""

# What scrolls sideways at a phone's width: the page itself, and any element
# that runs past the right edge without a box of its own that scrolls (code,
# tables, the equations) around it. MathJax's visually hidden copy of the math
# for screen readers is clipped on purpose.
SIDEWAYS_JS = """
() => {
  const width = document.documentElement.clientWidth;
  const page = document.scrollingElement.scrollWidth;
  const scrolls = (el) => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX)
    && el.getBoundingClientRect().right <= width + 1;
  const inScroller = (el) => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      if (scrolls(a)) return true;
    }
    return false;
  };
  const wide = [...document.querySelectorAll('.bd-article *')]
    .filter((el) => !el.closest('mjx-assistive-mml'))
    .filter((el) => el.getClientRects().length && el.getBoundingClientRect().right > width + 1)
    .filter((el) => !inScroller(el))
    .slice(0, 5)
    .map((el) => el.tagName.toLowerCase() + ': ' + (el.textContent || '').trim().slice(0, 60));
  const clipped = [...document.querySelectorAll('mjx-container')]
    .filter((m) => m.getClientRects().length && m.getBoundingClientRect().right > width + 1 && !inScroller(m))
    .length;
  return {width, page, wide, clipped};
}
"""


def test_axe_is_installed():
    assert AXE.exists(), f"{AXE} is missing: run `python assets/fetch.py` (make book does)"
    assert not (BOOK / "vendor" / "axe-core").exists(), "axe-core must not be served with the book"


@pytest.fixture(scope="module")
def base(serve):
    return serve(BOOK)


def _open(browser, base, page_path, *, mode, width):
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=mode)
    page, log = open_page(context, base)
    page.add_init_script(f"({SET_MODE_JS})({mode!r})")
    page.goto(base + page_path, wait_until="load")
    problems = settle(page)
    return context, page, log, problems


@pytest.mark.parametrize("mode", ["light", "dark"])
@pytest.mark.parametrize("page_path", PAGES)
def test_axe(browser, base, page_path, mode):
    context, page, log, problems = _open(browser, base, page_path, mode=mode, width=1280)
    try:
        assert page.evaluate("() => document.documentElement.dataset.theme") == mode
        page.wait_for_timeout(300)  # widget labels are typeset just after the widgets render
        page.evaluate(OPEN_ALL_JS)
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate(AXE_RUN_JS)
    finally:
        context.close()
    record(
        "axe",
        page=page_path,
        mode=mode,
        rules={v["id"]: {"impact": v["impact"], "nodes": len(v["nodes"])} for v in violations},
    )
    for v in violations:
        if v["impact"] in FAILING:
            shown = "\n      ".join(f"{n['target']}: {n['summary']}" for n in v["nodes"][:4])
            problems.append(
                f"{v['id']} ({v['impact']}, {len(v['nodes'])} elements): {v['help']}\n      {shown}"
            )
    problems += [f"page error: {err}" for err in log.page_errors]
    assert not problems, f"{page_path} in {mode} mode:\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("page_path", PAGES)
def test_phone_width_scrolls_only_inside_equations(browser, base, page_path):
    context, page, _, problems = _open(browser, base, page_path, mode="light", width=390)
    try:
        found = page.evaluate(SIDEWAYS_JS)
    finally:
        context.close()
    if found["page"] > found["width"]:
        problems.append(
            f"the page scrolls sideways: {found['page']} px wide in a {found['width']} px viewport"
        )
    problems += [f"wider than the screen, outside a scrolling box: {what}" for what in found["wide"]]
    if found["clipped"]:
        problems.append(f"{found['clipped']} equations run past the right edge instead of scrolling")
    assert not problems, f"{page_path} at 390 px:\n  " + "\n  ".join(problems)


SLIDER_STATE_JS = """
(handle) => {
  const box = handle.closest('.widget-slider');
  const frames = handle.closest('.w2v-frame-slider');
  const imgs = frames ? [...frames.querySelectorAll('img')] : [];
  const visible = imgs.filter((img) => img.getClientRects().length);
  return {
    name: handle.getAttribute('aria-label'),
    valuetext: handle.getAttribute('aria-valuetext'),
    description: box.querySelector('.widget-label').textContent.trim(),
    readout: box.querySelector('.widget-readout').textContent.trim(),
    alts: visible.map((img) => img.alt),
  };
}
"""

SLIDER_PAGES = [p for p in PAGES if "w2v-frame-slider" in (BOOK / p).read_text()]


def test_some_pages_have_frame_sliders():
    assert len(SLIDER_PAGES) >= 10, SLIDER_PAGES


@pytest.mark.parametrize("page_path", SLIDER_PAGES)
def test_sliders_tell_a_screen_reader_what_they_vary_and_show(browser, base, page_path):
    """Each handle is named by what it varies, its value text is the readout, and the frame has alt text."""
    context, page, _, problems = _open(browser, base, page_path, mode="light", width=1280)
    try:
        handles = page.locator(".w2v-frame-slider .noUi-handle")
        for i in range(handles.count()):
            handle = handles.nth(i)
            handle.scroll_into_view_if_needed()
            handle.focus()
            seen = []
            for key in ("ArrowRight", "ArrowLeft"):
                page.keyboard.press(key)
                page.wait_for_function(
                    "(h) => h.getAttribute('aria-valuetext') === "
                    "h.closest('.widget-slider').querySelector('.widget-readout').textContent.trim()",
                    arg=handle.element_handle(), timeout=5000,
                )
                state = handle.evaluate(SLIDER_STATE_JS)
                seen.append(state)
                where = f"slider {i + 1} at {state['readout']}"
                if not state["name"] or state["name"] != state["description"]:
                    problems.append(f"{where}: named {state['name']!r}, described {state['description']!r}")
                if len(state["alts"]) != 1 or len(state["alts"][0]) < 20:
                    problems.append(f"{where}: the visible frame's alt text is {state['alts']!r}")
            if seen[0]["alts"] == seen[1]["alts"]:
                problems.append(f"slider {i + 1}: moving it did not change the frame's alt text")
    finally:
        context.close()
    assert not problems, f"{page_path}:\n  " + "\n  ".join(problems)
