"""Keep every built page self-contained and its browser console clean.

A local Sphinx extension (``sphinx.local_extensions`` in ``_config.yml``):

- Sphinx 7 lists an inline script twice when an extension adds it after the
  builder started (once with filename ``None``, once with ``""``). For
  sphinx-thebe that second ``const THEBE_JS_URL`` is a page error. Inline
  scripts are de-duplicated on every page.
- Thebe (the "live code" button) is off in ``launch_buttons``, so its script,
  which would fetch thebe from unpkg.com when started, is not added at all.
  The Binder and Colab launch buttons do not need it.
- pydata-sphinx-theme 0.17 shows a top bar holding a second search box,
  which sphinx-book-theme (whose sidebar has the search) leaves out by
  design; it is left out here too.
- matplotlib's animation HTML links Font Awesome 4 from a CDN for its buttons;
  the theme already ships Font Awesome, so the link is dropped.
- sphinx-thebe still writes its configuration (pointing at an example Binder
  repository) and a ``kernelName`` variable into every page body; with thebe
  off nothing reads them, so they are dropped too.
"""

from __future__ import annotations

import re

from sphinx.application import Sphinx

MATPLOTLIB_FA_LINK = re.compile(
    r'<link rel="stylesheet"\s+href="https://maxcdn\.bootstrapcdn\.com/font-awesome/[^"]*"\s*/?>'
)

THEBE_LEFTOVERS = re.compile(
    r'\s*<script type="text/x-thebe-config">.*?</script>\s*|<script>kernelName = \'[^\']*\'</script>',
    re.DOTALL,
)


def _thebe_enabled(app: Sphinx) -> bool:
    launch = (app.config.html_theme_options or {}).get("launch_buttons") or {}
    return bool(launch.get("thebe"))


def _is_thebe(asset) -> bool:
    name = str(asset.filename or "")
    return "thebe" in name or "THEBE_JS_URL" in asset.attributes.get("body", "")


def _theme_options(app: Sphinx, config) -> None:
    config.html_theme_options.setdefault("navbar_persistent", [])


def _clean_page(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    drop_thebe = not _thebe_enabled(app)
    seen = set()
    scripts = []
    for js in context.get("script_files", []):
        key = (str(js.filename or ""), js.priority, tuple(sorted(js.attributes.items())))
        if key in seen or (drop_thebe and _is_thebe(js)):
            continue
        seen.add(key)
        scripts.append(js)
    context["script_files"][:] = scripts
    if drop_thebe:
        context["css_files"][:] = [css for css in context.get("css_files", []) if not _is_thebe(css)]
    if "body" in context:
        context["body"] = MATPLOTLIB_FA_LINK.sub("", context["body"])
        if drop_thebe:
            context["body"] = THEBE_LEFTOVERS.sub("\n", context["body"])


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", _theme_options)
    # After the extensions that add page-specific assets (myst-nb's widgets, MathJax).
    app.connect("html-page-context", _clean_page, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
