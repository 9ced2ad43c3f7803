"""What a reader sees on a phone, on a laptop, in dark mode and with the keyboard only.

Each test opens the built book (_build/html, or $W2V_BOOK_HTML) in Chromium,
served from loopback:

- phone (390 × 844): every display equation wider than the screen shows a
  scroll cue on the side that hides part of it; every table fits the screen,
  with no cell cut mid-word; slider handles are at least 24 px; a tap on a
  figure shows it at full size; a tapped button leaves no tooltip behind;
- laptop (1280 × 800): figures are shown at their full size (so their labels
  keep the ≥ 11 px that tests/test_figure_fonts.py asserts) from images with
  twice the pixels; every Tab stop shows a focus ring; formulas are no Tab
  stops, and the first slider comes after few Tab presses; the slider readout
  cannot be typed into;
- colour mode: a first visit follows the system's light or dark setting, and
  the theme button names the mode it switches to; in dark mode figures keep
  their own colours (no inversion), so "the black arrow" stays black;
- every page's HTML is at most 3 MB, and /favicon.ico exists.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from browserkit import ROOT, built_pages, open_page, record, redirect_target, settle

BOOK = Path(os.environ.get("W2V_BOOK_HTML", ROOT / "_build" / "html"))
PAGES = [p for p in built_pages(BOOK) if not redirect_target(BOOK, p)]
SLIDER_PAGES = [p for p in PAGES if "w2v-frame-slider" in (BOOK / p).read_text()]
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3, "is_mobile": True,
         "has_touch": True}
LAPTOP = {"viewport": {"width": 1280, "height": 800}}
MAX_PAGE_BYTES = 3_000_000


@pytest.fixture(scope="module")
def base(serve):
    return serve(BOOK)


def _open(browser, base, page_path, *, scheme="light", **device):
    context = browser.new_context(color_scheme=scheme, **(device or LAPTOP))
    page, log = open_page(context, base)
    page.goto(base + page_path, wait_until="load")
    problems = settle(page)
    page.wait_for_timeout(300)  # book.js lays out the math once MathJax is done
    return context, page, log, problems


def test_book_is_built():
    assert PAGES and SLIDER_PAGES, f"no built book in {BOOK}: run `make book` first"


# ---------------------------------------------------------------------------- sizes and the site root


def test_every_page_is_at_most_3_mb():
    sizes = {p: (BOOK / p).stat().st_size for p in PAGES}
    largest = max(sizes, key=sizes.get)
    record("page_sizes", largest=largest, bytes=sizes[largest])
    too_big = {p: s for p, s in sizes.items() if s > MAX_PAGE_BYTES}
    assert not too_big, f"pages over {MAX_PAGE_BYTES / 1e6:.0f} MB: {too_big}"


def test_the_site_root_has_a_favicon(browser, base):
    context = browser.new_context()
    try:
        response = context.request.get(base + "favicon.ico")
        assert response.status == 200
        assert response.body()[:4] == b"\x00\x00\x01\x00"  # an ICO file
    finally:
        context.close()


# ------------------------------------------------------------------------------------------ the phone

# Display equations wider than their box, and whether each shows where it hides a part.
EQUATIONS_JS = """
() => [...document.querySelectorAll('mjx-container[display="true"]')]
  .filter((m) => m.getClientRects().length)
  .map((m) => {
    const cs = getComputedStyle(m);
    const mask = cs.maskImage || cs.webkitMaskImage || 'none';
    return {
      tex: (m.querySelector('mjx-assistive-mml') || m).textContent.trim().slice(0, 50),
      wide: m.scrollWidth > m.clientWidth + 1,
      scrolls: ['auto', 'scroll'].includes(cs.overflowX),
      cue: m.classList.contains('w2v-more-right') && mask !== 'none' && mask.includes('gradient'),
      right: m.getBoundingClientRect().right,
    };
  })
"""


@pytest.mark.parametrize("page_path", PAGES)
def test_phone_equations_wider_than_the_screen_show_a_scroll_cue(browser, base, page_path):
    context, page, _, problems = _open(browser, base, page_path, **PHONE)
    try:
        equations = page.evaluate(EQUATIONS_JS)
        width = page.evaluate("() => document.documentElement.clientWidth")
        wide = [e for e in equations if e["wide"]]
        # scrolled to the end, the cue moves to the left side
        if wide:
            moved = page.evaluate("""() => {
              const m = document.querySelector('mjx-container.w2v-scrolls');
              m.scrollLeft = m.scrollWidth;
              return new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() =>
                r([m.classList.contains('w2v-more-left'), m.classList.contains('w2v-more-right')]))));
            }""")
            if moved != [True, False]:
                problems.append(f"scrolled to its end, an equation's cue is (left, right) = {moved}")
    finally:
        context.close()
    record("phone_equations", page=page_path, display=len(equations), wide=len(wide))
    for e in equations:
        if e["right"] > width + 1:
            problems.append(f"runs past the screen's edge: {e['tex']!r}")
        if e["wide"] and not (e["scrolls"] and e["cue"]):
            problems.append(f"cut at the screen's edge without a scroll cue: {e['tex']!r}")
    assert not problems, f"{page_path} at 390 px:\n  " + "\n  ".join(problems)


# Tables: the table fits its box, and no cell's text is cut (math that scrolls with a cue is fine).
TABLES_JS = """
() => [...document.querySelectorAll('.bd-article table')]
  .filter((t) => t.getClientRects().length)
  .map((t) => {
    const box = t.parentElement;
    const cut = [...t.querySelectorAll('td, th')]
      .filter((c) => c.getClientRects().length && c.scrollWidth > c.clientWidth + 1)
      .filter((c) => ![...c.querySelectorAll('mjx-container')].some((m) => m.scrollWidth > m.clientWidth + 1))
      .map((c) => c.textContent.trim().slice(0, 40));
    const right = document.documentElement.clientWidth;
    // a stacked table's header row is hidden (each cell shows its column's name instead)
    const outside = [...t.querySelectorAll('td, th')]
      .filter((c) => !c.closest('table.w2v-stack thead'))
      .filter((c) => c.getClientRects().length && c.getBoundingClientRect().right > right + 1)
      .map((c) => c.textContent.trim().slice(0, 40));
    return {head: t.textContent.trim().slice(0, 40), fits: t.scrollWidth <= box.clientWidth + 1,
            cut, outside, stacked: t.classList.contains('w2v-stack')};
  })
"""

TABLE_PAGES = [p for p in PAGES if "<table" in (BOOK / p).read_text()]


def test_the_intro_and_results_pages_have_tables():
    assert {"book/intro.html", "book/results.html"} <= set(TABLE_PAGES)


@pytest.mark.parametrize("page_path", TABLE_PAGES)
def test_phone_tables_are_readable_without_cuts(browser, base, page_path):
    context, page, _, problems = _open(browser, base, page_path, **PHONE)
    try:
        tables = page.evaluate(TABLES_JS)
    finally:
        context.close()
    record("phone_tables", page=page_path, tables=len(tables), stacked=sum(t["stacked"] for t in tables))
    for t in tables:
        if not t["fits"]:
            problems.append(f"table {t['head']!r} is wider than the screen's column")
        problems += [f"table {t['head']!r}: a cell runs past the screen: {c!r}" for c in t["outside"]]
        problems += [f"table {t['head']!r}: a cell's text is cut: {c!r}" for c in t["cut"]]
    assert not problems, f"{page_path} at 390 px:\n  " + "\n  ".join(problems)


def test_phone_slider_handles_are_at_least_24_px(browser, base):
    context, page, _, problems = _open(browser, base, SLIDER_PAGES[0], **PHONE)
    try:
        sizes = page.evaluate("""() => [...document.querySelectorAll('.widget-slider .noUi-handle')]
          .map((h) => { const r = h.getBoundingClientRect(); return [r.width, r.height]; })""")
        handle = page.locator(".widget-slider .noUi-handle").first
        handle.scroll_into_view_if_needed()
        before = handle.get_attribute("aria-valuenow")
        track = page.locator(".widget-slider .noUi-target").first.bounding_box()
        page.touchscreen.tap(track["x"] + 0.95 * track["width"], track["y"] + track["height"] / 2)
        page.wait_for_timeout(300)
        after = handle.get_attribute("aria-valuenow")
    finally:
        context.close()
    assert sizes and all(w >= 24 and h >= 24 for w, h in sizes), sizes
    assert after != before, "a tap on the track did not move the slider"


def test_phone_tap_shows_a_figure_at_full_size_and_a_second_tap_fits_it(browser, base):
    context, page, _, problems = _open(browser, base, "book/b1_center_gradient.html", **PHONE)
    size = """(img) => {
      let scrolls = false;  // a box between the figure and its cell output scrolls sideways
      for (let e = img.parentElement; e && !e.classList.contains('cell_output'); e = e.parentElement) {
        if (['auto', 'scroll'].includes(getComputedStyle(e).overflowX) && e.scrollWidth > e.clientWidth + 1) {
          scrolls = true;
        }
      }
      return {shown: img.getBoundingClientRect().width, attr: Number(img.getAttribute('width')), scrolls,
              page: document.scrollingElement.scrollWidth - document.documentElement.clientWidth};
    }"""
    try:
        figure = page.locator(".w2v-frame-slider img:visible").first
        figure.scroll_into_view_if_needed()
        fitted = figure.evaluate(size)
        figure.tap()
        zoomed = figure.evaluate(size)
        # the slider still works, and the next frame (the stack renders it now) is enlarged too
        page.locator(".w2v-frame-slider .noUi-handle").first.focus()
        page.keyboard.press("ArrowRight")
        page.wait_for_timeout(300)
        other = page.locator(".w2v-frame-slider img:visible").first.evaluate(size)
        page.locator(".w2v-frame-slider img:visible").first.tap()
        back = figure.evaluate(size)
    finally:
        context.close()
    assert fitted["shown"] < 0.6 * fitted["attr"] and not fitted["scrolls"], fitted
    assert zoomed["shown"] == zoomed["attr"] and zoomed["scrolls"] and zoomed["page"] <= 0, zoomed
    assert other["shown"] == other["attr"], other
    assert back["shown"] == fitted["shown"] and not back["scrolls"], back
    assert not problems, problems


def test_phone_tap_leaves_no_tooltip(browser, base):
    context, page, _, problems = _open(browser, base, "book/b1_center_gradient.html", **PHONE)
    try:
        page.locator(".theme-switch-button:visible").first.tap()
        page.wait_for_timeout(800)  # the theme's tooltips appear after 500 ms
        shown = page.evaluate("""() => [...document.querySelectorAll('.tooltip')]
          .filter((t) => t.getClientRects().length).map((t) => t.textContent)""")
        theme = page.evaluate("() => document.documentElement.dataset.theme")
    finally:
        context.close()
    assert theme == "dark", "the tap did not switch the theme"
    assert not shown, f"tooltips left on screen after a tap: {shown}"


# ----------------------------------------------------------------------------------------- the laptop

FIGURES_JS = """
() => [...document.querySelectorAll('.cell_output img')]
  .filter((img) => img.getClientRects().length && img.hasAttribute('width'))
  .map((img) => ({
    alt: img.alt.slice(0, 40),
    attr: Number(img.getAttribute('width')),
    shown: img.getBoundingClientRect().width,
    natural: img.naturalWidth,
    filter: getComputedStyle(img).filter,
  }))
"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_laptop_figures_are_full_size_sharp_and_keep_their_colours(browser, base, scheme):
    found = []
    pages = ("book/b3_gradient_step.html", "book/c_outside_gradients.html", "book/i_skipgram_window.html")
    for page_path in pages:
        context, page, _, problems = _open(browser, base, page_path, scheme=scheme, **LAPTOP)
        try:
            page.evaluate("() => Promise.all([...document.images].map((i) => i.decode().catch(() => null)))")
            found += [(page_path, f) for f in page.evaluate(FIGURES_JS)]
        finally:
            context.close()
        assert not problems, problems
    assert found
    bad = []
    for page_path, f in found:
        # at most 5 % smaller than its CSS size: labels of 9 pt stay above 11 px
        if f["shown"] < 0.95 * f["attr"]:
            bad.append(f"{page_path}: {f['alt']!r} shown {f['shown']:.0f} px of {f['attr']}")
        if f["natural"] < 2 * f["shown"] - 1:
            bad.append(f"{page_path}: {f['alt']!r} has {f['natural']} px for {f['shown']:.0f} CSS px")
        if "invert" in f["filter"] or "hue-rotate" in f["filter"]:
            bad.append(f"{page_path}: {f['alt']!r} is recoloured in {scheme} mode ({f['filter']})")
    assert not bad, "\n  ".join(bad)


# What has focus, and whether a ring shows it.
FOCUSED_JS = """
() => {
  const e = document.activeElement;
  const cs = getComputedStyle(e);
  const ring = (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2)
    || (cs.boxShadow !== 'none' && !/^rgba\\(0, 0, 0, 0\\)/.test(cs.boxShadow));
  return {
    tag: e.tagName.toLowerCase(),
    name: (e.getAttribute('aria-label') || e.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 40),
    // a formula too wide for the column scrolls, and is a Tab stop so the keyboard can scroll it
    math: !!e.closest('mjx-container') && !(e.scrollWidth > e.clientWidth + 1),
    slider: e.getAttribute('role') === 'slider',
    ring,
  };
}
"""

# The first slider comes after the header, the sidebar's chapter list (about 27
# stops), the text's links, the code cells' copy buttons and the display formulas
# too wide for the column (a formula that scrolls must be a Tab stop): 49 stops on
# b1 and 85 on g, whose answer box and spine added links and wide formulas. Before
# formulas left the Tab order it was the 127th stop on b1.
MAX_TABS_TO_FIRST_SLIDER = 90


@pytest.mark.parametrize("page_path", ["book/b1_center_gradient.html", "book/g_negative_sampling.html"])
def test_keyboard_every_stop_has_a_ring_and_the_slider_comes_soon(browser, base, page_path):
    context, page, _, problems = _open(browser, base, page_path, **LAPTOP)
    stops = []
    try:
        for _ in range(200):
            page.keyboard.press("Tab")
            stop = page.evaluate(FOCUSED_JS)
            stops.append(stop)
            if stop["slider"]:
                break
        # the readout next to the slider is plain text, not an editable box
        readout = page.locator(".widget-slider .widget-readout").first
        shown = readout.inner_text()
        editable = readout.evaluate("(r) => r.isContentEditable")
        readout.click()
        page.keyboard.type("oops")
        typed = readout.inner_text()
        valuetext = page.locator(".widget-slider .noUi-handle").first.get_attribute("aria-valuetext")
    finally:
        context.close()
    record("tab_stops", page=page_path, to_first_slider=len(stops))
    assert stops[-1]["slider"], f"no slider within {len(stops)} Tab presses"
    problems += [f"stop {i + 1} ({s['tag']} {s['name']!r}) shows no focus ring"
                 for i, s in enumerate(stops) if not s["ring"]]
    problems += [f"stop {i + 1} is a formula: {s['name']!r}" for i, s in enumerate(stops) if s["math"]]
    if len(stops) > MAX_TABS_TO_FIRST_SLIDER:
        problems.append(f"the first slider is Tab stop {len(stops)} (at most {MAX_TABS_TO_FIRST_SLIDER})")
    if editable or typed != shown or valuetext != shown:
        problems.append(f"the readout {shown!r} can be typed into: now {typed!r}, value text {valuetext!r}")
    assert not problems, f"{page_path}:\n  " + "\n  ".join(problems)


def test_mathjax_explorer_keeps_the_formulas_and_puts_them_in_the_tab_order(browser, base):
    """Turning on the explorer (the formula menu's Accessibility > Explorer) as a reader would."""
    context, page, log, problems = _open(browser, base, "book/b1_center_gradient.html", **LAPTOP)
    count = "() => [document.querySelectorAll('mjx-container').length, " \
            "document.querySelectorAll('mjx-container[tabindex=\"0\"]').length]"
    try:
        total, _ = page.evaluate(count)
        # before: only formulas too wide for the column, which scroll, are Tab stops
        before = page.evaluate("() => document.querySelectorAll("
                               "'mjx-container[tabindex]:not([data-w2v-tabstop])').length")
        page.evaluate("() => MathJax.startup.document.menu.menu.pool.lookup('explorer').setValue(true)")
        page.wait_for_function(f"() => ({count})()[1] === {total}", timeout=20_000)
        after_total, after = page.evaluate(count)
        page.locator("mjx-container[display='true']").first.focus()
        page.keyboard.press("ArrowDown")  # the explorer starts on the formula's parts
    finally:
        context.close()
    assert total > 10 and before == 0, (total, before)
    assert after_total == total and after == total, (total, after_total, after)
    assert not log.page_errors and not log.console_errors, (log.page_errors, log.console_errors)


# ------------------------------------------------------------------------------------- colour mode

THEME_JS = """
() => ({
  theme: document.documentElement.dataset.theme,
  label: document.querySelector('.theme-switch-button').getAttribute('aria-label'),
})
"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_first_visit_follows_the_system_and_the_button_says_where_it_goes(browser, base, scheme):
    other = {"light": "dark", "dark": "light"}[scheme]
    context, page, _, problems = _open(browser, base, "book/intro.html", scheme=scheme, **LAPTOP)
    try:
        first = page.evaluate(THEME_JS)
        page.locator(".theme-switch-button:visible").first.click()
        clicked = page.evaluate(THEME_JS)
        page.reload(wait_until="load")
        kept = page.evaluate(THEME_JS)
        page.locator(".theme-switch-button:visible").first.click()
        back = page.evaluate(THEME_JS)
    finally:
        context.close()
    assert first == {"theme": scheme, "label": f"Switch to {other} mode"}
    assert clicked == {"theme": other, "label": f"Switch to {scheme} mode"}
    assert kept == clicked, "the reader's choice was not kept on the next page"
    assert back == first
    assert not problems, problems
