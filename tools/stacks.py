"""Run the w2vlib tests and every notebook on other version stacks.

Usage: python tools/stacks.py [STACK ...]   (default: oldest colab)

A stack is a pins file in tests/stacks/ (``oldest``: pyproject's lower bounds;
``colab``: what Colab ships). For each, a venv in ``.venv-stacks/STACK`` gets
the pins, the test tools of ``tests/stacks/tools.txt`` and w2vlib itself
(``--no-deps``, so nothing can pull a newer NumPy in), wheels only. The
installed versions are checked against the pins, then the w2vlib unit tests run
(not the browser, launch or book-build tests, which need the book's own stack)
and every notebook is executed with ``nbval-lax``: a cell that raises fails,
outputs are not compared (another NumPy may print another last digit). The exit
status is non-zero if any stack fails.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STACKS = ROOT / "tests" / "stacks"
# tests that need the book's full stack (JupyterLab, Chromium, jupyter-book,
# repo2docker, threadpoolctl), not w2vlib's: they run in `make test` on requirements.txt
NOT_W2VLIB = ["tests/browser", "tests/test_launch.py", "tests/test_portability.py"]


def pins(path: Path) -> dict[str, str]:
    out = {}
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            out[name.lower()] = version
    return out


def venv_for(stack: str) -> Path:
    venv = ROOT / ".venv-stacks" / stack
    files = [STACKS / f"{stack}.txt", STACKS / "tools.txt", ROOT / "pyproject.toml"]
    want = hashlib.sha256(b"".join(f.read_bytes() for f in files)).hexdigest()
    stamp = venv / ".installed"
    if stamp.exists() and stamp.read_text() == want:
        return venv
    subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--only-binary=:all:"]
    subprocess.run([*pip, "-r", str(files[0]), "-r", str(files[1])], check=True)
    subprocess.run([*pip[:-1], "--no-deps", "-e", str(ROOT)], check=True)
    stamp.write_text(want)
    return venv


def installed(venv: Path) -> dict[str, str]:
    code = (
        "import importlib.metadata as m\n"
        "print('\\n'.join(f'{d.name.lower()}=={d.version}' for d in m.distributions()))"
    )
    python = str(venv / "bin" / "python")
    out = subprocess.run([python, "-c", code], check=True, capture_output=True, text=True)
    return dict(line.split("==", 1) for line in out.stdout.split())


def run(stack: str) -> tuple[str, float]:
    start = time.perf_counter()
    venv = venv_for(stack)
    have = installed(venv)
    wrong = {n: (v, have.get(n)) for n, v in pins(STACKS / f"{stack}.txt").items() if have.get(n) != v}
    if wrong:
        return f"FAILED: installed versions differ from the pins: {wrong}", time.perf_counter() - start
    python = str(venv / "bin" / "python")
    ignore = [f"--ignore={p}" for p in NOT_W2VLIB]
    pytest = [python, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-n", "2"]
    unit = subprocess.run([*pytest, "tests", *ignore], cwd=ROOT)
    books = subprocess.run([*pytest, "--dist", "loadfile", "--nbval-lax", "book"], cwd=ROOT)
    failed = [what for what, r in (("unit tests", unit), ("notebooks", books)) if r.returncode != 0]
    status = f"FAILED: {', '.join(failed)}" if failed else "passed"
    return status, time.perf_counter() - start


def main(stacks: list[str]) -> int:
    results = []
    for stack in stacks:
        versions = ", ".join(f"{n} {v}" for n, v in pins(STACKS / f"{stack}.txt").items())
        print(f"== stack {stack}: {versions}", flush=True)
        results.append((stack, *run(stack)))
    print("\nVersion stacks (w2vlib tests + every notebook, errors only):")
    for stack, status, seconds in results:
        print(f"  {stack:<8} {status} in {seconds:.0f} s")
    return 1 if any("FAILED" in s for _, s, _ in results) else 0


if __name__ == "__main__":
    chosen = sys.argv[1:] or ["oldest", "colab"]
    missing = [s for s in chosen if not (STACKS / f"{s}.txt").exists()]
    if missing:
        sys.exit(f"no pins file tests/stacks/<name>.txt for {missing}")
    sys.exit(main(chosen))
