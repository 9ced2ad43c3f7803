"""The tools of the CPU matrix do what they claim (tools/cpu_matrix.py, tests/portability/).

A matrix entry that silently left NumPy on this machine's kernels, or a
jitter that moved nothing, would make `make matrix` pass without testing
anything.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import cpu_matrix  # noqa: E402

SAMPLE = "import numpy as np; x = np.linspace(-30, 30, 20001); print(np.exp(x).tobytes().hex())"


def _run(code, **env):
    full = {**os.environ, **env}
    out = subprocess.run([sys.executable, "-c", code], env=full, capture_output=True, text=True, check=True)
    return out.stdout.strip()


def test_ulp_jitter_moves_results_by_one_ulp_at_most():
    plain = np.frombuffer(bytes.fromhex(_run(SAMPLE)), dtype=np.float64)
    jittered = np.frombuffer(
        bytes.fromhex(_run(SAMPLE, W2V_ULP_JITTER="7", PYTHONPATH=str(ROOT / "tests" / "portability"))),
        dtype=np.float64,
    )
    ulps = np.abs(plain.view(np.int64) - jittered.view(np.int64))
    assert ulps.max() == 1
    # about two thirds move (up, down or stay, by a hash of the bits)
    assert 0.55 < np.mean(ulps == 1) < 0.78
    assert jittered[10000] == 1.0  # exp(0) = 1 exactly, as in every libm


def test_ulp_jitter_keeps_ufunc_methods():
    code = (
        "import numpy as np; print(np.logaddexp.reduce(np.array([0.0, 0.0])), type(np.exp).__name__,"
        " np.exp(np.zeros(2), out=np.empty(2)).tolist())"
    )
    out = _run(code, W2V_ULP_JITTER="7", PYTHONPATH=str(ROOT / "tests" / "portability"))
    assert out.split()[1] == "_Jittered" and out.endswith("[1.0, 1.0]")
    assert abs(float(out.split()[0]) - np.log(2)) < 1e-15


@pytest.mark.parametrize("name", list(cpu_matrix.CONFIGS))
def test_every_matrix_configuration_is_in_force(name):
    needed = cpu_matrix.CONFIGS[name][3]
    flags = cpu_matrix.cpu_flags()
    if flags and needed not in flags:
        pytest.skip(f"this CPU lacks {needed}")
    info = cpu_matrix.probe(cpu_matrix.environment(name))
    assert cpu_matrix.check_in_force(name, info) is None, json.dumps(info)


def test_an_ignored_setting_is_caught():
    info = cpu_matrix.probe(dict(os.environ, NPY_DISABLE_CPU_FEATURES="", OPENBLAS_CORETYPE="Haswell"))
    if not set(cpu_matrix.CONFIGS["x86-64-v2"][0]) & set(info["features"]):
        pytest.skip("this CPU has none of the features x86-64-v2 hides")
    assert "still dispatches" in cpu_matrix.check_in_force("x86-64-v2", info)


def test_ulp_jitter_is_a_function_like_a_real_libm():
    code = "import numpy as np; x = np.linspace(0.1, 5, 999); print((np.exp(x) == np.exp(x)).all())"
    assert _run(code, W2V_ULP_JITTER="7", PYTHONPATH=str(ROOT / "tests" / "portability")) == "True"
