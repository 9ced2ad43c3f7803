"""Number exercises and solutions per chapter: Exercise 1, 2, 3 on every page.

Sphinx numbers enumerable nodes across the whole book when the table of
contents is not numbered, so chapter (i) would open with "Exercise 34".
After Sphinx has assigned its numbers, this renumbers each page's
exercises from 1 in the order they appear on the page.

sphinx-exercise also writes a solution's title as "Solution to<a ...> Exercise
1</a>", so the link's underline starts with a space; the space is moved out
of the link.
"""

import re

from sphinx.application import Sphinx

SOLUTION_TITLE = re.compile(r'Solution to(<a class="reference internal" href="[^"]*">) ')

FIGTYPES = ("exercise", "solution")


def renumber(app: Sphinx, env) -> list[str]:
    for numbers in env.toc_fignumbers.values():
        for figtype in FIGTYPES:
            ids = numbers.get(figtype)
            if ids:
                ordered = sorted(ids, key=ids.get)
                numbers[figtype] = {node_id: (i,) for i, node_id in enumerate(ordered, start=1)}
    return []


def solution_titles(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if "body" in context:
        context["body"] = SOLUTION_TITLE.sub(r"Solution to \1", context["body"])


def setup(app: Sphinx) -> dict:
    # runs after Sphinx's own figure numbering, which also listens to env-get-updated
    app.connect("env-get-updated", renumber, priority=900)
    app.connect("html-page-context", solution_titles)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
