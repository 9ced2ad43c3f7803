"""Install the book's browser assets from the npm registry, with Python only.

The pinned versions are in ``assets/package.json`` and their sha512 integrity
hashes in ``assets/package-lock.json``. Each tarball is downloaded once into
``.cache/npm/``, checked against the lockfile hash (a mismatch is an error,
never a warning) and the files the site needs are extracted into
``_build/assets/vendor/``, which ``_config.yml`` serves through
``html_extra_path``. The ``devDependencies`` (axe-core, which only the
accessibility test injects into pages) are checked the same way but extracted
into ``_build/test-assets/``, outside the served site. Node is not needed. The
registry is the one npm would use: ``$NPM_CONFIG_REGISTRY``, else ``registry=``
in ``~/.npmrc``, else npm's default.

The try-it blocks run Python in the browser with Pyodide (npm ``pyodide``).
Its numpy wheel is not on npm: pip downloads the PyPI files pinned by sha256 in
``assets/pyodide-wheels.txt`` into ``.cache/pypi/``, and the wheels named in
``PYODIDE_PACKAGES`` are copied out of the carrier package only when their
sha256 equals the one in ``pyodide-lock.json`` of the npm package. The
pure-Python wheels named in ``SHIPPED_WHEELS`` (Lark, the parser of the math
checker) are served as they come from PyPI, after the same sha256 check. A
mismatch stops the build.

Usage: python assets/fetch.py
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import urllib.request
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HERE = ROOT / "assets"
CACHE = ROOT / ".cache" / "npm"
OUT = ROOT / "_build" / "assets" / "vendor"
# Everything under _build/assets is copied into the site (html_extra_path); test tools are not.
TEST_OUT = ROOT / "_build" / "test-assets"
NPM_DEFAULT_REGISTRY = "https://registry.npmjs.org/"
PYPI_CACHE = ROOT / ".cache" / "pypi"
PYODIDE_WHEELS = HERE / "pyodide-wheels.txt"
# The Pyodide packages the try-it blocks load (loadPackage), each with its dependencies.
PYODIDE_PACKAGES = ("numpy",)
# Pure-Python wheels from PyPI, served whole next to the runtime; the worker unpacks them
# (tryit-worker.mjs names the same files).
SHIPPED_WHEELS = ("lark",)
# Our own files, served next to the packages from vendor/w2v/: the script loaded
# before the widget manager (see the file for what it does), the book's CSS and
# its script for every page (accessibility fixes, see the file).
OWN_FILES = ("html-manager-setup.js", "book.css", "book.js")

# package name -> (folder under vendor/, which tarball members to keep)
KEEP = {
    # tex-chtml.js plus the components and fonts it loads on demand
    "mathjax": (
        "mathjax",
        lambda p: (
            p in ("package/LICENSE", "package/es5/tex-chtml.js")
            or p.startswith(
                ("package/es5/input/", "package/es5/a11y/", "package/es5/ui/", "package/es5/sre/")
            )
            or p.startswith(("package/es5/output/chtml", "package/es5/adaptors/"))
        ),
    ),
    "requirejs": ("requirejs", lambda p: p in ("package/require.js", "package/README.md")),
    "@jupyter-widgets/html-manager": (
        "html-manager",
        lambda p: p.startswith("package/dist/") and not p.endswith((".map", "/embed.js", "/libembed-amd.js")),
    ),
    # the runtime the try-it blocks start in a Web Worker; no node-only or debugging files
    "pyodide": (
        "pyodide",
        lambda p: p in tuple(
            f"package/{f}"
            for f in ("pyodide.mjs", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip",
                      "pyodide-lock.json", "package.json", "README.md")
        ),
    ),
    # the accessibility engine tests/browser/test_accessibility.py injects (not served)
    "axe-core": ("axe-core", lambda p: p in ("package/axe.min.js", "package/LICENSE")),
}


def registry() -> str:
    url = os.environ.get("NPM_CONFIG_REGISTRY") or os.environ.get("npm_config_registry")
    npmrc = Path.home() / ".npmrc"
    if not url and npmrc.exists():
        for line in npmrc.read_text().splitlines():
            key, _, value = line.partition("=")
            if key.strip() == "registry" and value.strip():
                url = value.strip()
    return (url or NPM_DEFAULT_REGISTRY).rstrip("/") + "/"


def pinned() -> list[tuple[str, str, str, Path]]:
    """(name, version, integrity, where to extract) for each dependency, checked against the lockfile."""
    package = json.loads((HERE / "package.json").read_text())
    lock = json.loads((HERE / "package-lock.json").read_text())["packages"]
    out = []
    for key, dest in (("dependencies", OUT), ("devDependencies", TEST_OUT)):
        for name, version in package.get(key, {}).items():
            entry = lock.get(f"node_modules/{name}")
            if entry is None or entry["version"] != version:
                sys.exit(f"assets: package-lock.json does not pin {name}@{version}; "
                         "run npm install in assets/")
            out.append((name, version, entry["integrity"], dest))
    return out


def verified_tarball(name: str, version: str, integrity: str) -> bytes:
    algo, _, expected = integrity.partition("-")
    if algo != "sha512":
        sys.exit(f"assets: {name}: unsupported integrity algorithm {algo!r}")
    path = CACHE / f"{name.replace('/', '__')}-{version}.tgz"
    if path.exists():
        data = path.read_bytes()
    else:
        url = f"{registry()}{name}/-/{name.split('/')[-1]}-{version}.tgz"
        print(f"assets: downloading {name}@{version}", flush=True)
        with urllib.request.urlopen(url, timeout=120) as response:
            data = response.read()
    actual = base64.b64encode(hashlib.sha512(data).digest()).decode()
    if actual != expected:
        path.unlink(missing_ok=True)
        sys.exit(f"assets: {name}@{version}: sha512 does not match package-lock.json; refusing to use it")
    CACHE.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        path.write_bytes(data)
    return data


def extract(name: str, data: bytes, out: Path) -> int:
    folder, keep = KEEP[name]
    dest = out / folder
    shutil.rmtree(dest, ignore_errors=True)
    count = 0
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        for member in tar.getmembers():
            if not member.isfile() or not keep(member.name):
                continue
            rel = Path(member.name).relative_to("package")
            if rel.parts[0] in ("es5", "dist"):
                rel = Path(*rel.parts[1:])
            target = dest / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(tar.extractfile(member).read())
            count += 1
    return count


def pyodide_wheels() -> int:
    """Copy the wheels of PYODIDE_PACKAGES next to the runtime, each checked against pyodide-lock.json,
    and the SHIPPED_WHEELS as pinned in pyodide-wheels.txt."""
    lock = json.loads((OUT / "pyodide" / "pyodide-lock.json").read_text())["packages"]
    wanted, todo = {}, list(PYODIDE_PACKAGES)
    while todo:
        name = todo.pop()
        if name not in wanted:
            wanted[name] = lock[name]
            todo += lock[name]["depends"]
    carriers = [name for name in pins() if name not in SHIPPED_WHEELS]
    if len(carriers) != 1:
        sys.exit(f"assets: pyodide-wheels.txt must pin one carrier of Pyodide's wheels besides "
                 f"{', '.join(SHIPPED_WHEELS)}; it pins {carriers}")
    source = pypi_wheel(carriers[0])
    with zipfile.ZipFile(source) as archive:
        members = {Path(m).name: m for m in archive.namelist() if m.endswith(".whl")}
        for name, entry in sorted(wanted.items()):
            member = members.get(entry["file_name"])
            if member is None:
                sys.exit(f"assets: {source.name} has no {entry['file_name']} (Pyodide package {name})")
            data = archive.read(member)
            if hashlib.sha256(data).hexdigest() != entry["sha256"]:
                sys.exit(f"assets: {entry['file_name']} from {source.name}: sha256 does not match "
                         "pyodide-lock.json; refusing to use it")
            (OUT / "pyodide" / entry["file_name"]).write_bytes(data)
    for name in SHIPPED_WHEELS:
        wheel = pypi_wheel(name)
        shutil.copyfile(wheel, OUT / "pyodide" / wheel.name)
    return len(wanted) + len(SHIPPED_WHEELS)


def pins() -> dict[str, tuple[str, str]]:
    """name -> (version, sha256) of each line of pyodide-wheels.txt."""
    out = {}
    for line in PYODIDE_WHEELS.read_text().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        requirement, _, digest = line.partition(" --hash=sha256:")
        name, _, version = requirement.strip().partition("==")
        out[name] = (version, digest.strip())
    return out


def pypi_wheel(name: str) -> Path:
    """The wheel of ``name`` pinned in pyodide-wheels.txt, downloaded by pip once, checked by sha256 here."""
    version, digest = pins()[name]
    prefix = f"{name.replace('-', '_')}-{version}-"
    found = list(PYPI_CACHE.glob(f"{prefix}*.whl"))
    if not found:
        print(f"assets: downloading {name}=={version}", flush=True)
        pip = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--require-hashes"]
        subprocess.run([*pip, "--only-binary", ":all:", "-r", str(PYODIDE_WHEELS), "-d", str(PYPI_CACHE)],
                       check=True)
        found = list(PYPI_CACHE.glob(f"{prefix}*.whl"))
    if len(found) != 1 or hashlib.sha256(found[0].read_bytes()).hexdigest() != digest:
        for path in found:
            path.unlink()
        sys.exit(f"assets: {name}=={version}: sha256 does not match pyodide-wheels.txt; refusing to use it")
    return found[0]


def main() -> None:
    stamp = OUT / ".installed"
    want = "".join((HERE / name).read_text() for name in ("package-lock.json", "fetch.py", *OWN_FILES))
    want += PYODIDE_WHEELS.read_text()
    if stamp.exists() and stamp.read_text() == want and TEST_OUT.exists():
        return
    for name, version, integrity, out in pinned():
        n = extract(name, verified_tarball(name, version, integrity), out)
        print(f"assets: {name}@{version}: sha512 verified, {n} files")
    n = pyodide_wheels()
    print(f"assets: Pyodide wheels: {n}, sha256 verified (pyodide-lock.json, pyodide-wheels.txt)")
    own = OUT / "w2v"
    shutil.rmtree(own, ignore_errors=True)
    own.mkdir(parents=True)
    for name in OWN_FILES:
        shutil.copyfile(HERE / name, own / name)
    stamp.write_text(want)


if __name__ == "__main__":
    main()
