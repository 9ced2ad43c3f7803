"""Helpers for the browser tests: Chromium, a loopback server, pages that may not leave it.

Chromium is Debian's (/usr/bin/chromium, or $W2V_CHROMIUM), driven by the
``playwright`` package; Playwright's own browser downloads are never used.
When Chromium is missing the tests are skipped, unless W2V_REQUIRE_BROWSER=1
(set by .ci/run), where they fail.

Every page a test opens goes through :func:`open_page`: requests to any host
other than the loopback server are aborted and recorded, and console messages,
page errors and failed local requests are collected, so a test can assert that
a page is self-contained and clean.

Measurements (request counts, console messages, slider latencies, timings of
the JupyterLab test) go through :func:`record` to _build/browser-report/ and
are printed by tools/browser_report.py.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("W2V_CHROMIUM", "/usr/bin/chromium"))
LAUNCH_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu"]
REPORT_DIR = ROOT / "_build" / "browser-report"

# In-page helpers, installed into every page before its own scripts run.
# sig(region): what the reader sees of a widget, i.e. the sources of its
# visible images. arm(region) starts watching for that to change; the promise
# it leaves in window.__w2v.pending resolves once the new image is decoded and
# the next animation frame (the paint that shows it) has started, with the
# time since the keydown that caused it.
PAGE_HELPERS = """
window.__w2v = {
  visible(el) { return el.getClientRects().length > 0; },
  sig(region) {
    return [...region.querySelectorAll('img')]
      .filter((img) => window.__w2v.visible(img))
      .map((img) => img.currentSrc || img.src)
      .join(' ');
  },
  arm(region, timeoutMs) {
    const before = window.__w2v.sig(region);
    let keyAt = null;
    document.addEventListener('keydown', (e) => { keyAt = e.timeStamp; }, {capture: true, once: true});
    window.__w2v.pending = new Promise((resolve) => {
      let done = false;
      const finish = (changed) => {
        if (done) return;
        done = true;
        observer.disconnect();
        clearTimeout(timer);
        if (!changed) { resolve({changed: false, before, after: before, ms: null}); return; }
        const imgs = [...region.querySelectorAll('img')].filter((img) => window.__w2v.visible(img));
        Promise.all(imgs.map((img) => img.decode().catch(() => null))).then(() => {
          requestAnimationFrame(() => {
            const ms = keyAt === null ? null : performance.now() - keyAt;
            resolve({changed: true, before, after: window.__w2v.sig(region), ms});
          });
        });
      };
      const observer = new MutationObserver(() => {
        if (window.__w2v.sig(region) !== before) finish(true);
      });
      observer.observe(region, {subtree: true, childList: true, attributes: true,
                                attributeFilter: ['src', 'style', 'class', 'hidden']});
      const timer = setTimeout(() => finish(window.__w2v.sig(region) !== before), timeoutMs);
    });
    return before;
  },
};
"""


WIDGETS_RENDERED_JS = """
() => [...document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]')]
  .every((s) => {
    const area = s.previousElementSibling;
    return area && area.classList.contains('widget-subarea') && area.querySelector('.jupyter-widgets');
  })
"""

NOT_PAGES = ("_static", "_sources", "_images", "vendor")


def built_pages(book: Path) -> list[str]:
    """Every HTML page of a built book (paths relative to it), or [] when it is not built."""
    if not (book / "index.html").exists():
        return []
    pages = []
    for path in book.rglob("*.html"):
        top = path.relative_to(book).parts[0]
        if top not in NOT_PAGES and not top.startswith("."):
            pages.append(path.relative_to(book).as_posix())
    return sorted(pages)


REFRESH = re.compile(r'<meta http-equiv="Refresh" content="0; url=([^"]+)"', re.IGNORECASE)


def redirect_target(book: Path, page_path: str) -> str | None:
    """The page a redirect-only page (like the root index.html) sends the reader to, else None."""
    found = REFRESH.search((book / page_path).read_text())
    return (Path(page_path).parent / found.group(1)).as_posix() if found else None


def settle(page, timeout_ms: int = 30_000) -> list[str]:
    """Wait until a loaded book page has rendered its widgets and typeset its math; returns problems."""
    page.wait_for_function(WIDGETS_RENDERED_JS, timeout=timeout_ms)
    mathjax = page.evaluate("() => window.MathJax && (window.MathJax.startup ? 'started' : 'config')")
    if mathjax == "config":
        return ["MathJax is configured but did not load"]
    if mathjax == "started":
        page.evaluate("() => window.MathJax.startup.promise.then(() => true)")
    return []


def chromium_or_skip() -> None:
    """Skip (or, with W2V_REQUIRE_BROWSER=1, fail) when Chromium or playwright is missing."""
    problem = None
    if not CHROMIUM.exists():
        problem = f"Chromium not found at {CHROMIUM} (Debian: apt-get install chromium)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            problem = "the playwright package is not installed (pip install -r requirements-dev.txt)"
    if problem:
        if os.environ.get("W2V_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{problem}; W2V_REQUIRE_BROWSER=1, so this is an error", pytrace=False)
        pytest.skip(problem)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the stdlib's signature
        pass


def start_server(directory: Path) -> http.server.ThreadingHTTPServer:
    """A loopback HTTP server for ``directory`` on a free port, serving from a daemon thread."""
    handler = functools.partial(QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@dataclass
class PageLog:
    """What one page did: blocked requests, console messages, errors."""

    external: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    console_warnings: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed_local: list[str] = field(default_factory=list)


def open_page(context, allowed_origin: str):
    """A new page in ``context`` that may only talk to ``allowed_origin``; returns (page, log)."""
    log = PageLog()
    page = context.new_page()

    def route(route):
        url = route.request.url
        if url.startswith(allowed_origin) or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            log.external.append(url)
            route.abort()

    def on_console(msg):
        # Without the server's address, so the same message reads the same on every run.
        where = msg.location.get("url", "").replace(allowed_origin, "/") if msg.location else ""
        text = f"{msg.text} ({where})" if where else msg.text
        if msg.type == "error":
            log.console_errors.append(text)
        elif msg.type == "warning":
            log.console_warnings.append(text)

    def on_response(response):
        if response.status >= 400 and response.url.startswith(allowed_origin):
            log.failed_local.append(f"{response.status} {response.url}")

    def on_request_failed(request):
        # A 404 is already logged by on_response; Chromium then also reports it aborted.
        if request.url.startswith(allowed_origin) and not any(request.url in f for f in log.failed_local):
            log.failed_local.append(f"{request.failure} {request.url}")

    page.route("**/*", route)
    page.on("console", on_console)
    page.on("pageerror", lambda err: log.page_errors.append(str(err)))
    page.on("response", on_response)
    page.on("requestfailed", on_request_failed)
    page.add_init_script(PAGE_HELPERS)
    return page, log


def _run_id() -> str:
    # xdist gives all workers of one run the same id; a plain run uses its pid.
    return os.environ.get("PYTEST_XDIST_TESTRUNUID") or f"pid{os.getpid()}"


def record(kind: str, **data) -> None:
    """Append one measurement to this run's report (printed by tools/browser_report.py)."""
    REPORT_DIR.mkdir(parents=True, exist_ok=True)
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    with open(REPORT_DIR / f"{_run_id()}-{worker}.jsonl", "a") as f:
        f.write(json.dumps({"kind": kind, **data}) + "\n")


def clear_other_runs() -> None:
    """Delete measurements left by earlier runs."""
    for old in REPORT_DIR.glob("*.jsonl"):
        if not old.name.startswith(_run_id() + "-"):
            old.unlink(missing_ok=True)
