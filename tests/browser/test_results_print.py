""""Results at a glance" prints as a reference card: one or two A4 pages, nothing cut off.

Uses the built book (_build/html, or $W2V_BOOK_HTML), as the other browser tests do.
Chromium's own print to PDF (page.pdf, the engine behind "Save as PDF") renders the
page with the print styles of assets/book.css.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from browserkit import ROOT, open_page, settle

BOOK = Path(os.environ.get("W2V_BOOK_HTML", ROOT / "_build" / "html"))
PAGE = "book/results.html"

# In print layout: the navigation is hidden and no table or code is wider than the text.
PRINT_LAYOUT_JS = r"""
() => {
  const hidden = ['.bd-sidebar-primary', '.bd-header', '.bd-sidebar-secondary']
    .filter((sel) => document.querySelector(sel))
    .filter((sel) => getComputedStyle(document.querySelector(sel)).display !== 'none');
  const article = document.querySelector('.bd-article');
  const width = article.getBoundingClientRect().width;
  const wide = [...article.querySelectorAll('table, pre, mjx-container')]
    .filter((el) => el.getBoundingClientRect().width > width + 1)
    .map((el) => el.tagName + ' ' + el.textContent.trim().slice(0, 60));
  return {visible_navigation: hidden, too_wide: wide, tables: article.querySelectorAll('table').length};
}
"""


def test_results_page_prints_on_one_or_two_a4_pages(browser, serve):
    assert (BOOK / PAGE).exists(), f"{BOOK / PAGE} is missing: run `make book` first"
    base = serve(BOOK)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page, log = open_page(context, base)
    page.goto(base + PAGE, wait_until="load")
    assert settle(page) == []
    page.emulate_media(media="print")
    layout = page.evaluate(PRINT_LAYOUT_JS)
    assert layout["visible_navigation"] == [], layout
    assert layout["too_wide"] == [], layout
    assert layout["tables"] >= 6  # the results, the costs and the errata
    pdf = page.pdf(format="A4", print_background=True)
    n_pages = len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))
    assert 1 <= n_pages <= 2, f"the card prints on {n_pages} pages"
    assert log.external == [] and log.page_errors == [] and log.console_errors == []
    context.close()
