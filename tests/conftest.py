"""Shared pytest configuration for the w2vlib test suite.

Hypothesis runs derandomized (the same examples on every run and machine, so CI
is deterministic), without an example database, and without per-example
deadlines (the machine is shared; timing must not decide a test). The profile
"w2vlib" is loaded by default; HYPOTHESIS_PROFILE=thorough runs more examples.
"""

from __future__ import annotations

import importlib.util
import os
import time
from pathlib import Path

from hypothesis import HealthCheck, settings

settings.register_profile(
    "w2vlib",
    derandomize=True,
    database=None,
    max_examples=40,
    deadline=None,
    print_blob=False,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("thorough", parent=settings.get_profile("w2vlib"), max_examples=500)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "w2vlib"))


_STARTED = time.time()


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """After a run that included the browser tests, print what they measured.

    The numbers (external requests, console errors, slider latencies, the
    Binder-reader timings) come from tools/browser_report.py; only reports
    written during this run are read.
    """
    root = Path(config.rootpath)
    report_dir = root / "_build" / "browser-report"
    fresh = [p for p in report_dir.glob("*.jsonl") if p.stat().st_mtime >= _STARTED]
    if not fresh:
        return
    spec = importlib.util.spec_from_file_location("browser_report", root / "tools" / "browser_report.py")
    browser_report = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(browser_report)
    lines = browser_report.summary(report_dir)
    if lines:
        terminalreporter.section("browser measurements")
        for line in lines:
            terminalreporter.write_line(line)
