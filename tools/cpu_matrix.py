"""Strict nbval of every notebook under other CPUs' SIMD paths, BLAS kernels and libms.

Usage: python tools/cpu_matrix.py [CONFIG ...]   (default: every configuration)

This machine is x86-64-v4 with AVX512_SPR, where the committed outputs are
made. A reader's laptop, GitHub's runners, Binder's nodes and Apple Silicon run
other code paths: NumPy picks its SIMD kernels (exp, log, sums) at import time,
OpenBLAS its matrix kernels, and another libm rounds the last bit differently.
Each configuration below reruns strict nbval with one of those switched (the
last one reruns the w2vlib tests too):

- NPY_DISABLE_CPU_FEATURES hides NumPy's dispatch targets above a level;
- OPENBLAS_CORETYPE makes OpenBLAS (NumPy's and SciPy's) use an older kernel;
- OPENBLAS_NUM_THREADS changes how OpenBLAS splits a product between threads;
- W2V_ULP_JITTER (tests/portability/sitecustomize.py) moves every result of
  NumPy's exp, log, sin, ... one ulp up or down, as another libm would.

Before running, each configuration is checked to be in force (NumPy's
``__cpu_features__`` and threadpoolctl's report of the OpenBLAS kernel), so a
green matrix cannot come from a setting that was ignored. A configuration that
needs a CPU feature this machine lacks (AVX-512 kernels on an AVX2 machine) is
reported as not runnable here and counts as a failure unless
W2V_MATRIX_ALLOW_MISSING=1. The exit status is non-zero if any fails.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

# name -> (NumPy dispatch targets to hide, OpenBLAS kernel, extra environment, CPU flag needed)
CONFIGS = {
    "x86-64-v4-skx-1thread": (
        ["AVX512_SPR", "AVX512_ICL"], "SkylakeX", {"OPENBLAS_NUM_THREADS": "1"}, "avx512f"
    ),
    "x86-64-v3": (["AVX512_SPR", "AVX512_ICL", "X86_V4"], "Haswell", {}, "avx2"),
    "x86-64-v2": (["AVX512_SPR", "AVX512_ICL", "X86_V4", "X86_V3"], "Nehalem", {}, "sse4_2"),
    "ulp-jitter": (
        ["AVX512_SPR", "AVX512_ICL", "X86_V4"],
        "Haswell",
        {"W2V_ULP_JITTER": "20261201", "PYTHONPATH": str(ROOT / "tests" / "portability")},
        "avx2",
    ),
}

# The other libm also reruns the w2vlib tests: their asserts must hold there too.
WITH_UNIT_TESTS = {"ulp-jitter"}
UNIT_TESTS_IGNORE = ["tests/browser", "tests/test_portability.py", "tests/test_launch.py"]

PROBE = r"""
import json, os
import numpy as np
from numpy._core._multiarray_umath import __cpu_features__
from threadpoolctl import threadpool_info
blas = [i for i in threadpool_info() if i.get("internal_api") == "openblas"]
print(json.dumps({
    "numpy": np.__version__,
    "features": sorted(k for k, v in __cpu_features__.items() if v),
    "blas": sorted({(i.get("architecture") or "?", i.get("num_threads")) for i in blas}),
    "jitter": type(np.exp).__name__,
}))
"""


def cpu_flags() -> set[str]:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith(("flags", "Features")):
                return set(line.split(":", 1)[1].split())
    except OSError:
        pass
    return set()


def environment(name: str) -> dict[str, str]:
    hidden, coretype, extra, _ = CONFIGS[name]
    env = dict(os.environ)
    env.update(extra)
    env["NPY_DISABLE_CPU_FEATURES"] = " ".join(hidden)
    env["OPENBLAS_CORETYPE"] = coretype
    return env


def probe(env: dict[str, str]) -> dict:
    out = subprocess.run([PYTHON, "-c", PROBE], env=env, cwd=ROOT, check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def check_in_force(name: str, info: dict) -> str | None:
    hidden, coretype, extra, _ = CONFIGS[name]
    still_on = [f for f in hidden if f in info["features"]]
    if still_on:
        return f"NumPy still dispatches to {still_on}"
    kernels = {arch.lower() for arch, _ in info["blas"]}
    if kernels != {coretype.lower()}:
        return f"OpenBLAS runs {sorted(kernels)}, not {coretype}"
    threads = {n for _, n in info["blas"]}
    if "OPENBLAS_NUM_THREADS" in extra and threads != {int(extra["OPENBLAS_NUM_THREADS"])}:
        return f"OpenBLAS uses {sorted(threads)} threads"
    if "W2V_ULP_JITTER" in extra and info["jitter"] != "_Jittered":
        return "the ulp jitter is not active in a new interpreter"
    return None


def main(names: list[str]) -> int:
    flags = cpu_flags()
    allow_missing = os.environ.get("W2V_MATRIX_ALLOW_MISSING") == "1"
    results = []
    for name in names:
        env = environment(name)
        needed = CONFIGS[name][3]
        if flags and needed not in flags:
            status = "skipped (allowed)" if allow_missing else "FAILED"
            results.append((name, f"{status}: this CPU lacks {needed}", 0.0))
            continue
        info = probe(env)
        problem = check_in_force(name, info)
        if problem:
            results.append((name, f"FAILED: configuration not in force: {problem}", 0.0))
            continue
        blas = ", ".join(f"{a} x{n}" for a, n in info["blas"])
        print(f"== {name}: NumPy {info['numpy']} without {CONFIGS[name][0]}, OpenBLAS {blas}", flush=True)
        start = time.perf_counter()
        cmd = [PYTHON, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-n", "2", "--dist", "loadfile",
               "--nbval", "--nbval-sanitize-with", "tests/nbval_sanitize.cfg", "book"]
        if name in WITH_UNIT_TESTS:
            cmd += ["tests", *(f"--ignore={p}" for p in UNIT_TESTS_IGNORE)]
        if "W2V_ULP_JITTER" in env:
            # its asserts are about time, and the jitter's Python wrapper around exp
            # and log changes the time, not the rounding, that they measure
            cmd += ["--ignore=book/cost_measured.ipynb"]
        code = subprocess.run(cmd, env=env, cwd=ROOT).returncode
        seconds = time.perf_counter() - start
        results.append((name, "passed" if code == 0 else f"FAILED (pytest exit {code})", seconds))
    print("\nCPU matrix (strict nbval of every notebook; w2vlib tests under ulp-jitter):")
    for name, status, seconds in results:
        print(f"  {name:<24} {status}" + (f" in {seconds:.0f} s" if seconds else ""))
    return 1 if any("FAILED" in status for _, status, _ in results) else 0


if __name__ == "__main__":
    chosen = sys.argv[1:] or list(CONFIGS)
    unknown = [n for n in chosen if n not in CONFIGS]
    if unknown:
        sys.exit(f"unknown configuration {unknown}; choose from {list(CONFIGS)}")
    sys.exit(main(chosen))
