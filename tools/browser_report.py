"""Print what the browser tests measured (tests/browser writes it to _build/browser-report/).

Usage: python tools/browser_report.py

Counts of external requests, console errors and page errors over every page
of the static book; the time from a slider key press to the new frame being
visible, in the static book and in JupyterLab; how long the Binder-reader
test took; how long the try-it blocks take to start Python and to check.
The numbers are reported, not asserted (the tests assert the counts are zero).
"""

from __future__ import annotations

import json
import statistics
from pathlib import Path

REPORT_DIR = Path(__file__).resolve().parent.parent / "_build" / "browser-report"


def _ms(values: list[float]) -> str:
    return (
        f"median {statistics.median(values):.1f} ms, max {max(values):.1f} ms over {len(values)} key presses"
    )


def _tryit(rows: list[dict]) -> list[str]:
    """The try-it blocks: first Run with an empty cache, first Run from the cache, warm runs."""
    runs = [r for r in rows if r["kind"] == "tryit"]
    if not runs:
        return []
    cold = [r["first_run_ms"] for r in runs if r["empty_cache"]]
    cached = [r["first_run_ms"] for r in runs if not r["empty_cache"]]
    warm = [r["warm_run_ms"] for r in runs if r["warm_run_ms"] is not None]
    checks = [r["check_ms"] for r in runs]
    lines = [f"try-it blocks: {len(runs)} chapters, each shipped attempt's report equal to the notebook's"]
    if cold:
        lines.append(f"  cold start, first Run with an empty cache (Pyodide, NumPy, w2vlib, the check): "
                     f"{max(cold) / 1000:.1f} s")
    if cached:
        median = statistics.median(cached) / 1000
        lines.append(f"  first Run on a later page (browser cache): median {median:.1f} s, "
                     f"max {max(cached) / 1000:.1f} s over {len(cached)} pages")
    lines.append(f"  the check itself once Python is loaded: median {statistics.median(checks):.0f} ms, "
                 f"max {max(checks):.0f} ms over {len(checks)} chapters")
    if warm:
        lines.append(f"  warm run (a second Run, a right answer): median {statistics.median(warm):.0f} ms, "
                     f"max {max(warm):.0f} ms over {len(warm)} runs")
    return lines


def summary(report_dir: Path = REPORT_DIR) -> list[str]:
    rows = []
    for path in sorted(report_dir.glob("*.jsonl")):
        rows += [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    lines = []
    pages = [r for r in rows if r["kind"] == "page"]
    if pages:
        total = {k: sum(len(p[k]) for p in pages) for k in ("external", "console_errors", "page_errors")}
        lines.append(
            f"static book: {len(pages)} pages, {total['external']} external requests, "
            f"{total['console_errors']} console errors, {total['page_errors']} page errors, "
            f"{sum(p['sliders'] for p in pages)} sliders moved"
        )
        warnings = sorted({w for p in pages for w in p["console_warnings"]})
        lines += [f"  console warning: {w[:200]}" for w in warnings]
        static = [ms for p in pages for ms in p["latencies_ms"]]
        if static:
            lines.append(f"slider key press -> new frame visible, static book: {_ms(static)}")
    axe = [r for r in rows if r["kind"] == "axe"]
    if axe:
        per_rule: dict[tuple[str, str, str], int] = {}
        for r in axe:
            for rule, found in r["rules"].items():
                key = (rule, found["impact"], r["mode"])
                per_rule[key] = per_rule.get(key, 0) + found["nodes"]
        modes = sorted({r["mode"] for r in axe})
        lines.append(
            f"axe-core: {len(axe)} page views ({', '.join(modes)}), "
            + (f"{sum(per_rule.values())} elements in violation" if per_rule else "no violations")
        )
        lines += [
            f"  {rule} ({impact}, {mode}): {n} elements"
            for (rule, impact, mode), n in sorted(per_rule.items())
        ]
    for lab in (r for r in rows if r["kind"] == "jupyterlab"):
        if lab["latencies_ms"]:
            lines.append(f"slider key press -> new frame visible, JupyterLab: {_ms(lab['latencies_ms'])}")
        lines.append(
            "JupyterLab as a Binder reader: "
            + ", ".join(f"{name} {sec:.0f} s" for name, sec in lab["seconds"].items())
            + f"; {lab['external']} external requests, {lab['console_errors']} console errors"
        )
    return lines + _tryit(rows)


def main() -> None:
    lines = summary()
    if lines:
        print("\n== browser measurements ==")
        print("\n".join(lines))


if __name__ == "__main__":
    main()
