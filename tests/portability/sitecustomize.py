"""Another libm, simulated: NumPy's transcendental functions answer one ulp off.

Used by the last configuration of the CPU matrix (tools/cpu_matrix.py). That
folder is put on PYTHONPATH with W2V_ULP_JITTER=<seed>, so every Python
process, the notebook kernels included, imports this file at start-up. Each
float64 result of exp, log, sin, ... is then moved to a neighbouring float: one
ulp up, one down, or left alone, chosen by a hash of the result's bits and the
seed. Like a real libm it is a function: the same argument always gives the
same answer. Exact cases that every libm gets right (0, ±1, ±inf, nan) are
left alone. This is what an aarch64 machine or another libm does to the last
bit: a printed digit or an assert that survives it does not depend on one
machine's exp and log. Matrix products are not touched here (``@`` cannot be
patched); the OpenBLAS kernels and thread counts of the matrix cover those.
"""

import os

_SEED = os.environ.get("W2V_ULP_JITTER")

if _SEED:
    import numpy as np

    _MIX = np.uint64(0x9E3779B97F4A7C15)
    _KEY = np.uint64(int(_SEED) % 2**64)
    _NAMES = ("exp", "expm1", "exp2", "log", "log1p", "log2", "log10",
              "sin", "cos", "tan", "arctan", "arctan2", "tanh", "power", "float_power")

    def _jitter(value):
        arr = np.asarray(value)
        if arr.dtype != np.float64:
            return value
        with np.errstate(over="ignore"):
            mixed = (arr.view(np.uint64) ^ _KEY) * _MIX  # wraps: a cheap hash of the bits
        step = (mixed >> np.uint64(40)) % np.uint64(3)  # 0 stays, 1 up, 2 down
        exact = ~np.isfinite(arr) | (arr == 0) | (np.abs(arr) == 1)
        moved = np.where(step == 1, np.nextafter(arr, np.inf), np.nextafter(arr, -np.inf))
        moved = np.where((step == 0) | exact, arr, moved)
        if isinstance(value, np.ndarray) and value.ndim > 0:
            value[...] = moved  # a fresh result, or the caller's out=: written as the ufunc would
            return value
        return np.float64(moved)

    class _Jittered:
        """A ufunc whose calls answer one ulp off; everything else is the ufunc's."""

        def __init__(self, ufunc):
            self._ufunc = ufunc
            self.__name__ = ufunc.__name__
            self.__doc__ = ufunc.__doc__

        def __call__(self, *args, **kwargs):
            result = self._ufunc(*args, **kwargs)
            if isinstance(result, tuple):
                return tuple(_jitter(r) for r in result)
            return _jitter(result)

        def __getattr__(self, name):
            return getattr(self._ufunc, name)

    class _JitteredLogaddexp(_Jittered):
        """logaddexp as NumPy computes it, max + log1p(exp(-|x - y|)), with that exp
        and log1p one ulp off: the exact outer sum is not perturbed, as no libm would."""

        def __call__(self, x, y, **kwargs):
            if kwargs:
                return super().__call__(x, y, **kwargs)
            x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
            with np.errstate(invalid="ignore"):
                big = np.maximum(x, y)
                tail = _jitter(self._log1p(_jitter(self._exp(-np.abs(x - y)))))
                out = np.where(x == y, self._ufunc(x, y), big + tail)
            return out if out.ndim else np.float64(out)

    _log1p_ufunc, _exp_ufunc = np.log1p, np.exp
    for _name in _NAMES:
        setattr(np, _name, _Jittered(getattr(np, _name)))
    np.logaddexp = _JitteredLogaddexp(np.logaddexp)
    np.logaddexp._log1p, np.logaddexp._exp = _log1p_ufunc, _exp_ufunc
