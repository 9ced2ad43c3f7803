"""Shared pytest configuration for the w2vlib test suite.

Hypothesis runs derandomized (the same examples on every run and machine, so CI
is deterministic), without an example database, and without per-example
deadlines (the machine is shared; timing must not decide a test). The profile
"w2vlib" is loaded by default; HYPOTHESIS_PROFILE=thorough runs more examples.
"""

from __future__ import annotations

import os

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
