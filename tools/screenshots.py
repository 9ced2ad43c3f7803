"""A PNG of every page of the built book, as a reader sees it, to look at.

Usage: python tools/screenshots.py [BOOK_HTML_DIR] [OUT_DIR]
       (defaults: _build/html and screenshots/)

Serves the built book on 127.0.0.1 with every other host blocked (as the
browser tests do), waits for the widgets and the math, and writes three
full-page screenshots per page: OUT_DIR/<page>.png at a laptop width (1280 px),
OUT_DIR/narrow/<page>.png as a phone shows it (390 px, touch, twice the pixels),
where sliders and figures must still fit, OUT_DIR/dark/<page>.png in the
theme's dark mode, where figures, labels and math must stay readable, and
OUT_DIR/narrow-dark/<page>.png on the phone in dark mode. Each page's blocked
requests and console errors are printed.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "browser"))

from browserkit import (  # noqa: E402
    CHROMIUM,
    LAUNCH_ARGS,
    built_pages,
    open_page,
    redirect_target,
    settle,
    start_server,
)

# folder -> (viewport width, colour mode)
VARIANTS = {
    "": (1280, "light"), "narrow": (390, "light"), "dark": (1280, "dark"), "narrow-dark": (390, "dark"),
}
PHONE = {"device_scale_factor": 2, "is_mobile": True, "has_touch": True}
# the theme reads the reader's choice from localStorage before it paints
SET_MODE_JS = "localStorage.setItem('mode', {mode!r}); localStorage.setItem('theme', {mode!r});"


def main() -> None:
    book = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "_build" / "html"
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "screenshots"
    # Redirect-only pages (the root index.html) would show the page they lead to.
    pages = [name for name in built_pages(book) if not redirect_target(book, name)]
    if not pages:
        sys.exit(f"no built book in {book}: run `make book` first")
    if not CHROMIUM.exists():
        sys.exit(f"Chromium not found at {CHROMIUM} (Debian: apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    server = start_server(book)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        for folder, (width, mode) in VARIANTS.items():
            device = PHONE if width < 600 else {}
            context = browser.new_context(
                viewport={"width": width, "height": 900}, color_scheme=mode, **device
            )
            for name in pages:
                page, log = open_page(context, base)
                page.add_init_script(SET_MODE_JS.format(mode=mode))
                page.goto(base + name, wait_until="load")
                problems = settle(page)
                page.wait_for_timeout(300)  # widget labels are typeset just after
                target = out / folder / (name.replace("/", "__").removesuffix(".html") + ".png")
                target.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(target), full_page=True)
                problems += [f"blocked {url}" for url in log.external]
                problems += [f"console error: {e}" for e in log.console_errors + log.page_errors]
                print(f"{target.relative_to(out)}" + "".join(f"\n  {p}" for p in problems))
                page.close()
            context.close()
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main()
