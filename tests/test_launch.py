"""The three ways out of the book work: Binder, Colab and a downloaded notebook.

- Binder: repo2docker (what mybinder.org builds with) is run on the checkout
  without Docker; it must pick Python 3.11 and install requirements.txt. pip
  then resolves requirements.txt for CPython 3.11 on Binder's Linux with
  wheels only, so Binder never compiles anything.
- Colab: every notebook's first code cell is the launch-setup cell that
  tools/colab_cell.py writes from _config.yml. In a fresh venv without w2vlib,
  with a stand-in google.colab module and the install URL pointed at a copy
  of this checkout, the cell installs w2vlib and enables the widget manager,
  and the chapter's slider cell then builds its widget.
- A downloaded notebook: in the same fresh venv, before the install, the cell
  stops with one line giving the pip command, not a traceback.
- The built book's launch buttons point at the repository in _config.yml.

Needs PyPI (repo2docker's resolution and the fresh venv use pip) and, for the
last test, the built book (`make book`).
"""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import nbformat
import pytest
import yaml
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text())
# The base image repo2docker builds on (asserted below) is Ubuntu 24.04, glibc 2.39:
# a manylinux_2_N wheel installs there for every N <= 39.
BINDER_GLIBC_MINOR = 39
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"

_spec = importlib.util.spec_from_file_location("colab_cell", ROOT / "tools" / "colab_cell.py")
colab_cell = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(colab_cell)


def _run(cmd, **kwargs) -> subprocess.CompletedProcess:
    done = subprocess.run(cmd, capture_output=True, text=True, **kwargs)
    if done.returncode != 0:
        tail = "\n".join((done.stdout + done.stderr).splitlines()[-40:])
        pytest.fail(f"{' '.join(map(str, cmd))} failed ({done.returncode}):\n{tail}", pytrace=False)
    return done


def _requirements() -> list[str]:
    lines = (ROOT / "requirements.txt").read_text().splitlines()
    return [line.split("#")[0].strip() for line in lines if line.split("#")[0].strip()]


def _pins() -> dict[str, str]:
    """name -> version of every pinned line; every line but the local `-e .` must be a pin."""
    pins = {}
    for line in _requirements():
        if line == "-e .":  # w2vlib itself, from this checkout
            continue
        match = re.fullmatch(r"([A-Za-z0-9._-]+)==([A-Za-z0-9.+!-]+)", line)
        assert match, f"requirements.txt: {line!r} is not pinned as name==version"
        pins[_normal(match[1])] = match[2]
    return pins


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


# ---------------------------------------------------------------- Binder


def test_repo2docker_picks_python_311_and_installs_requirements_txt():
    assert (ROOT / "runtime.txt").read_text().strip() == "python-3.11"
    done = _run([BIN / "repo2docker", "--no-build", "--debug", "--no-run", str(ROOT)], cwd=ROOT)
    out = done.stdout + done.stderr
    assert "Python version unspecified" not in out, out[:600]
    assert "Building conda environment for python=3.11\n" in out, out[:600]
    assert "\nFROM docker.io/library/buildpack-deps:24.04\n" in out  # the glibc the wheel check assumes
    pip_runs = re.findall(r"^RUN \$\{KERNEL_PYTHON_PREFIX\}/bin/pip install (.*)$", out, re.M)
    # requirements.txt is the one install list; repo2docker then reinstalls the local package
    # (pyproject.toml) with `pip install .`, which requirements.txt's `-e .` already covers.
    assert pip_runs == ['--no-cache-dir -r "requirements.txt"', "--no-cache-dir ."], pip_runs
    for other in ("environment.yml", "Pipfile", "setup.py", "install.R", "apt.txt", "postBuild", ".binder"):
        assert not (ROOT / other).exists(), f"{other} would change what Binder builds"


def test_every_requirement_has_a_cp311_manylinux_wheel(tmp_path):
    """Resolve requirements.txt (and all it pulls in) as Binder's pip would, binary wheels only."""
    pins = _pins()
    # w2vlib (`-e .`) is built from this checkout: pure Python, setuptools only ...
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert pyproject["build-system"]["build-backend"] == "setuptools.build_meta"
    compiled = [p for p in (ROOT / "w2vlib").rglob("*") if p.suffix in {".c", ".cpp", ".pyx", ".f90", ".so"}]
    assert not compiled, compiled
    # ... and everything it needs, with every extra, is resolved together with the pins.
    project = pyproject["project"]
    extras = project["optional-dependencies"].values()
    w2vlib_needs = project["dependencies"] + [r for group in extras for r in group]
    reqs = tmp_path / "requirements.txt"
    reqs.write_text("\n".join([*(f"{n}=={v}" for n, v in pins.items()), *w2vlib_needs]) + "\n")
    platforms = ["manylinux2014_x86_64"]  # pip adds manylinux2010 and manylinux1
    platforms += [f"manylinux_2_{minor}_x86_64" for minor in range(17, BINDER_GLIBC_MINOR + 1)]
    report = tmp_path / "report.json"
    start = time.monotonic()
    _run([
        sys.executable, "-m", "pip", "install", "--dry-run", "--quiet", "--ignore-installed",
        "--only-binary=:all:", "--python-version", "3.11", "--implementation", "cp", "--abi", "cp311",
        *(arg for p in platforms for arg in ("--platform", p)),
        "--target", str(tmp_path / "target"), "--report", str(report), "-r", str(reqs),
    ])
    seconds = time.monotonic() - start
    installs = json.loads(report.read_text())["install"]
    resolved = {_normal(i["metadata"]["name"]): i["metadata"]["version"] for i in installs}
    files = [i["download_info"]["url"].rsplit("/", 1)[-1] for i in installs]
    assert all(f.endswith(".whl") for f in files), [f for f in files if not f.endswith(".whl")]
    for name, version in pins.items():
        assert resolved.get(name) == version, f"{name}: pinned {version}, resolved {resolved.get(name)}"
    compiled_wheels = [f for f in files if not f.endswith("-none-any.whl")]
    print(f"{len(files)} wheels for cp311 manylinux x86_64 ({len(compiled_wheels)} compiled), "
          f"no source build, resolved in {seconds:.0f} s")


# ---------------------------------------------------------------- the launch-setup cell


@pytest.mark.parametrize("path", colab_cell.notebooks(), ids=lambda p: p.stem)
def test_first_code_cell_is_the_launch_setup_written_from_config(path):
    nb = nbformat.read(path, as_version=4)
    first = next(c for c in nb.cells if c.cell_type == "code")
    assert first.get("id") == colab_cell.CELL_ID, f"{path.name}: run python tools/colab_cell.py"
    assert first.metadata.get("tags") == ["remove-cell"]
    repo = CONFIG["repository"]
    source = f"git+{repo['url'].rstrip('/')}@{repo['branch']}"
    assert f'"W2V_INSTALL_URL", "{source}")' in first.source, f"{path.name}: URL differs from _config.yml"
    assert first.source == colab_cell.cell_source(nb), f"{path.name}: run python tools/colab_cell.py"
    assert first.outputs == []  # nothing visible outside Colab
    imports = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    wants_train = bool(re.search(r"w2vlib\.train|w2vlib import corpus|gensim", imports))
    assert ("w2vlib[book,train] @" in first.source) == wants_train


def test_launch_setup_follows_the_config(tmp_path):
    config = tmp_path / "_config.yml"
    config.write_text("repository:\n  url: https://github.com/someone/fork/\n  branch: teaching\n")
    assert colab_cell.install_source(config) == "git+https://github.com/someone/fork@teaching"
    nb = nbformat.read(colab_cell.notebooks()[0], as_version=4)
    assert '"git+https://github.com/someone/fork@teaching"' in colab_cell.cell_source(
        nb, colab_cell.install_source(config)
    )


# ---------------------------------------------------------------- a fresh venv without w2vlib


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    """A venv with numpy, matplotlib, ipywidgets and ipykernel (requirements.txt's pins), not w2vlib.

    Returns (python, folder for kernel specs, a copy of the checkout to install w2vlib from).
    """
    home = tmp_path_factory.mktemp("fresh")
    venv = home / "venv"
    _run([sys.executable, "-m", "venv", str(venv)])
    python = venv / "bin" / "python"
    pins = _pins()
    stack = [f"{name}=={pins[name]}" for name in ("numpy", "matplotlib", "ipywidgets", "ipykernel")]
    _run([python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *stack])
    # What a git clone of the repository holds for pip: the package and its metadata.
    src = home / "src"
    shutil.copytree(ROOT / "w2vlib", src / "w2vlib", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    return python, home, src


def _kernel(home: Path, python: Path, name: str, env: dict[str, str]) -> str:
    """A kernel spec running the fresh venv's Python, found through JUPYTER_PATH."""
    spec = home / "jupyter" / "kernels" / name
    spec.mkdir(parents=True, exist_ok=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": name,
        "language": "python",
        "env": {"PYTHONNOUSERSITE": "1", "IPYTHONDIR": str(home / "ipython"), **env},
    }))
    return name


def _client(nb, kernel: str, cwd: Path) -> NotebookClient:
    return NotebookClient(nb, timeout=300, kernel_name=kernel, resources={"metadata": {"path": str(cwd)}})


def _has_w2vlib(python: Path) -> bool:
    probe = "import importlib.util; print(importlib.util.find_spec('w2vlib') is not None)"
    return _run([python, "-I", "-c", probe]).stdout.strip() == "True"


def test_downloaded_notebook_without_w2vlib_gives_one_line(fresh, monkeypatch, tmp_path):
    python, home, _ = fresh
    assert not _has_w2vlib(python)  # runs before the Colab test below installs it
    monkeypatch.setenv("JUPYTER_PATH", str(home / "jupyter"))
    monkeypatch.delenv("W2V_INSTALL_URL", raising=False)
    kernel = _kernel(home, python, "w2v-downloaded", {})
    path = ROOT / "book" / "a_cross_entropy.ipynb"
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    nb.cells = code[:2]  # the launch-setup cell, then the chapter's imports
    for cell in nb.cells:
        cell.outputs, cell.execution_count = [], None
    with pytest.raises(CellExecutionError) as stopped:
        _client(nb, kernel, tmp_path).execute()
    assert stopped.value.ename == "W2vlibMissing"
    setup, imports = nb.cells
    assert [o.output_type for o in setup.outputs] == ["error"]
    source = f"git+{CONFIG['repository']['url'].rstrip('/')}@{CONFIG['repository']['branch']}"
    line = f'w2vlib is not installed. Install it with: pip install "w2vlib[book] @ {source}"'
    assert setup.outputs[0].traceback == [line]  # one line, no traceback
    assert imports.outputs == [] and imports.execution_count is None  # Run All stops there


def test_colab_setup_installs_w2vlib_and_the_slider_builds(fresh, monkeypatch, tmp_path):
    python, home, src = fresh
    colab = home / "colab"  # a stand-in google.colab that records the call
    (colab / "google" / "colab").mkdir(parents=True, exist_ok=True)
    (colab / "google" / "__init__.py").write_text("")
    (colab / "google" / "colab" / "__init__.py").write_text("")
    (colab / "google" / "colab" / "output.py").write_text(
        "CALLS = []\n\n\ndef enable_custom_widget_manager():\n"
        "    CALLS.append('enable_custom_widget_manager')\n"
    )
    monkeypatch.setenv("JUPYTER_PATH", str(home / "jupyter"))
    kernel = _kernel(home, python, "w2v-colab", {
        "PYTHONPATH": str(colab),
        "W2V_INSTALL_URL": src.as_uri(),
    })
    nb = nbformat.read(ROOT / "book" / "a_cross_entropy.ipynb", as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    slider = next(i for i, c in enumerate(code) if "frame_slider(" in c.source)
    nb.cells = code[: slider + 1]
    nb.cells.append(nbformat.v4.new_code_cell(
        "import google.colab.output\nimport w2vlib\n"
        "print(google.colab.output.CALLS)\nprint(w2vlib.__file__)"
    ))
    for cell in nb.cells[:-1]:
        cell.outputs, cell.execution_count = [], None
    start = time.monotonic()
    _client(nb, kernel, tmp_path).execute()
    seconds = time.monotonic() - start
    errors = [o for c in nb.cells for o in c.outputs if o.output_type == "error"]
    assert not errors, errors
    calls, w2vlib_file = "".join(o.get("text", "") for o in nb.cells[-1].outputs).splitlines()
    assert calls == "['enable_custom_widget_manager']"
    assert Path(w2vlib_file).is_relative_to(python.parent.parent), w2vlib_file  # installed, not the checkout
    views = [o for o in nb.cells[-2].outputs if WIDGET_VIEW in o.get("data", {})]
    assert len(views) == 1, nb.cells[-2].outputs
    print(f"Colab setup: w2vlib installed and the slider built in {seconds:.0f} s")


# ---------------------------------------------------------------- the built book's buttons


@pytest.mark.parametrize("path", colab_cell.notebooks(), ids=lambda p: p.stem)
def test_launch_buttons_open_this_notebook_in_the_repository(path):
    """Binder and Colab open the committed notebook; the download button gives it with its setup cell."""
    page = ROOT / "_build" / "html" / "book" / f"{path.stem}.html"
    assert page.exists(), "build the book first (make book)"
    html = page.read_text()
    repo, launch = CONFIG["repository"], CONFIG["launch_buttons"]
    owner_repo = re.fullmatch(r"https://github\.com/([^/]+/[^/]+?)/?", repo["url"])[1]
    notebook = f"book/{path.name}"
    binder = f"{launch['binderhub_url']}/v2/gh/{owner_repo}/{repo['branch']}?urlpath=lab/tree/{notebook}"
    colab = f"{launch['colab_url']}/github/{owner_repo}/blob/{repo['branch']}/{notebook}"
    assert f'href="{binder}"' in html, re.findall(r'href="(https://mybinder[^"]*)"', html)
    assert f'href="{colab}"' in html, re.findall(r'href="(https://colab[^"]*)"', html)
    download = ROOT / "_build" / "html" / "_sources" / "book" / path.name
    assert f'href="../_sources/book/{path.name}"' in html
    cells = nbformat.read(download, as_version=4).cells
    assert next(c for c in cells if c.cell_type == "code").get("id") == colab_cell.CELL_ID
    assert "W2V_INSTALL_URL" not in html  # the setup cell is not on the page
