"""Argument validation shared by every public function.

Each helper raises a ``TypeError`` or ``ValueError`` whose message names the
argument and says what was expected, so a wrong call fails at the boundary
instead of broadcasting silently or producing NaN deep inside the math.
"""

from __future__ import annotations

import numbers

import numpy as np


def float_array(x, name: str, ndim: int | None = None) -> np.ndarray:
    """Return ``x`` as a finite float64 array, optionally of a fixed ``ndim``."""
    if isinstance(x, (str, bytes)) or x is None:
        raise TypeError(f"{name} must be a real numeric array, got {type(x).__name__}")
    arr = _as_array(x, name)
    if arr.dtype == object or not (
        np.issubdtype(arr.dtype, np.floating) or np.issubdtype(arr.dtype, np.integer)
    ):
        raise TypeError(f"{name} must be a real numeric array, got dtype {arr.dtype}")
    if np.issubdtype(arr.dtype, np.bool_):
        raise TypeError(f"{name} must be a real numeric array, got booleans")
    arr = arr.astype(np.float64, copy=False)
    if ndim is not None and arr.ndim != ndim:
        raise ValueError(
            f"{name} must be {_ndim_word(ndim)} array, got shape {arr.shape}"
        )
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must contain only finite values (no NaN or inf)")
    return arr


def _as_array(x, name: str) -> np.ndarray:
    """np.asarray, but a ragged nested list fails with a message naming the argument."""
    try:
        return np.asarray(x)
    except ValueError:
        raise ValueError(
            f"{name} must be a rectangular array, got a ragged nested {type(x).__name__}"
        ) from None


def _ndim_word(ndim: int) -> str:
    return {0: "a scalar (0-D)", 1: "a 1-D", 2: "a 2-D"}.get(ndim, f"a {ndim}-D")


def center_and_outside(center_vec, outside_vectors) -> tuple[np.ndarray, np.ndarray]:
    """Validate a center vector (d,) against outside vectors stored as rows (|V|, d)."""
    v = float_array(center_vec, "center_vec", ndim=1)
    U = float_array(outside_vectors, "outside_vectors", ndim=2)
    if U.shape[0] < 1 or U.shape[1] < 1:
        raise ValueError(
            f"outside_vectors must have shape (|V|, d) with |V| >= 1 and d >= 1, got {U.shape}"
        )
    if U.shape[1] != v.shape[0]:
        raise ValueError(
            "outside_vectors must have shape (|V|, d) with d = len(center_vec) = "
            f"{v.shape[0]}, got {U.shape}"
        )
    return v, U


def index(i, name: str, size: int) -> int:
    """Validate a single word index in ``range(size)``."""
    if isinstance(i, (bool, np.bool_)) or not isinstance(i, numbers.Integral):
        raise TypeError(f"{name} must be an integer index, got {type(i).__name__}")
    if not 0 <= int(i) < size:
        raise ValueError(f"{name} must be in range(0, {size}), got {int(i)}")
    return int(i)


def index_array(idx, name: str, size: int) -> np.ndarray:
    """Validate a non-empty 1-D integer array of word indices in ``range(size)``."""
    if isinstance(idx, (list, tuple)) and any(isinstance(i, (bool, np.bool_)) for i in idx):
        # np.asarray([True, 2]) would silently turn the bool into the index 1
        raise TypeError(f"{name} must hold integer indices, got a bool among them")
    arr = _as_array(idx, name)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be a 1-D array of indices, got shape {arr.shape}")
    if arr.size == 0:
        raise ValueError(f"{name} must hold at least one index (K >= 1), got none")
    if arr.dtype == np.bool_ or not np.issubdtype(arr.dtype, np.integer):
        raise TypeError(f"{name} must hold integer indices, got dtype {arr.dtype}")
    if arr.min() < 0 or arr.max() >= size:
        bad = arr[(arr < 0) | (arr >= size)][0]
        raise ValueError(f"{name} must be in range(0, {size}), got {int(bad)}")
    return arr.astype(np.intp, copy=False)


def positive_int(n, name: str) -> int:
    """Validate an integer >= 1 (window sizes, sample counts)."""
    if isinstance(n, (bool, np.bool_)) or not isinstance(n, numbers.Integral):
        raise TypeError(f"{name} must be an integer >= 1, got {type(n).__name__}")
    if n < 1:
        raise ValueError(f"{name} must be an integer >= 1, got {int(n)}")
    return int(n)


def real_scalar(x, name: str) -> float:
    """Validate a finite real number."""
    if isinstance(x, (bool, np.bool_)) or not isinstance(x, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(x).__name__}")
    x = float(x)
    if not np.isfinite(x):
        raise ValueError(f"{name} must be finite, got {x}")
    return x


def generator(rng, name: str = "rng") -> np.random.Generator:
    """Require an explicit ``np.random.Generator`` so draws are reproducible."""
    if not isinstance(rng, np.random.Generator):
        raise TypeError(
            f"{name} must be a numpy.random.Generator (e.g. np.random.default_rng(0)), "
            f"got {type(rng).__name__}"
        )
    return rng
