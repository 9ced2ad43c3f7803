"""assets/fetch.py takes a Pyodide wheel only if its sha256 is the one in pyodide-lock.json, and a
pure-Python wheel (Lark) only if its sha256 is the one pinned in pyodide-wheels.txt."""

from __future__ import annotations

import hashlib
import importlib.util
import io
import json
import re
import zipfile
from pathlib import Path

import pytest

FETCH = Path(__file__).resolve().parent.parent / "assets" / "fetch.py"


@pytest.fixture
def fetch(tmp_path, monkeypatch):
    spec = importlib.util.spec_from_file_location("assets_fetch", FETCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(module, "OUT", tmp_path / "vendor")
    monkeypatch.setattr(module, "PYPI_CACHE", tmp_path / "pypi")
    monkeypatch.setattr(module, "PYODIDE_WHEELS", tmp_path / "pyodide-wheels.txt")
    return module


LARK = "lark-1.3.1-py3-none-any.whl"
REPO_PINS = FETCH.parent / "pyodide-wheels.txt"
WORKER = FETCH.parent / "tryit" / "tryit-worker.mjs"


def _setup(fetch, wheel: bytes, locked: bytes, source_digest: str | None = None,
           lark_digest: str | None = None) -> None:
    name = "numpy-2.0.2-cp312-cp312-pyodide_2024_0_wasm32.whl"
    (fetch.OUT / "pyodide").mkdir(parents=True)
    lock = {"packages": {"numpy": {"file_name": name, "sha256": hashlib.sha256(locked).hexdigest(),
                                   "depends": []}}}
    (fetch.OUT / "pyodide" / "pyodide-lock.json").write_text(json.dumps(lock))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(f"carrier/assets/pyodide/{name}", wheel)
        archive.writestr("carrier/other.txt", "not used")
    fetch.PYPI_CACHE.mkdir()
    source = fetch.PYPI_CACHE / "carrier_pkg-1.0-py3-none-any.whl"
    source.write_bytes(buffer.getvalue())
    digest = source_digest or hashlib.sha256(buffer.getvalue()).hexdigest()
    lark = b"the lark wheel from PyPI"
    (fetch.PYPI_CACHE / LARK).write_bytes(lark)
    lark_digest = lark_digest or hashlib.sha256(lark).hexdigest()
    fetch.PYODIDE_WHEELS.write_text(f"# pinned\ncarrier-pkg==1.0 --hash=sha256:{digest}\n"
                                    f"lark==1.3.1 --hash=sha256:{lark_digest}\n")


def test_a_wheel_matching_the_lockfile_is_installed_and_nothing_else(fetch):
    _setup(fetch, b"the official wheel", b"the official wheel")
    assert fetch.pyodide_wheels() == 2
    assert sorted(p.name for p in (fetch.OUT / "pyodide").iterdir()) == [
        LARK, "numpy-2.0.2-cp312-cp312-pyodide_2024_0_wasm32.whl", "pyodide-lock.json"]
    assert (fetch.OUT / "pyodide" / LARK).read_bytes() == b"the lark wheel from PyPI"


def test_a_lark_wheel_that_does_not_match_its_pin_stops_the_build(fetch):
    _setup(fetch, b"the official wheel", b"the official wheel", lark_digest="0" * 64)
    with pytest.raises(SystemExit, match="lark==1.3.1: sha256 does not match pyodide-wheels.txt"):
        fetch.pyodide_wheels()
    assert not (fetch.OUT / "pyodide" / LARK).exists()


def test_the_worker_unpacks_the_wheels_the_book_pins():
    """The wheel files tryit-worker.mjs fetches are the ones pinned for SHIPPED_WHEELS."""
    pinned = {}
    for line in REPO_PINS.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, version = line.split(" --hash=")[0].partition("==")
            pinned[name] = f"{name.replace('-', '_')}-{version}-py3-none-any.whl"
    assert pinned["lark"] == LARK
    listed = re.search(r"const WHEELS = \[([^\]]*)\]", WORKER.read_text())
    assert listed, "tryit-worker.mjs has no WHEELS list"
    assert re.findall(r'"([^"]+)"', listed.group(1)) == [LARK]


def test_a_wheel_that_does_not_match_the_lockfile_stops_the_build(fetch):
    _setup(fetch, b"a modified wheel", b"the official wheel")
    with pytest.raises(SystemExit, match="sha256 does not match pyodide-lock.json"):
        fetch.pyodide_wheels()
    assert not (fetch.OUT / "pyodide" / "numpy-2.0.2-cp312-cp312-pyodide_2024_0_wasm32.whl").exists()


def test_a_download_that_does_not_match_its_pin_stops_the_build(fetch):
    _setup(fetch, b"the official wheel", b"the official wheel", source_digest="0" * 64)
    with pytest.raises(SystemExit, match="sha256 does not match pyodide-wheels.txt"):
        fetch.pyodide_wheels()
