"""L2 normalisation of word vectors (chapter (b)(iv)).

Two conventions for the zero vector, which has no direction:
``l2_normalise`` (one vector) refuses it, ``l2_normalise_rows`` (a table of
vectors, as in a similarity search) leaves a zero row at zero.
"""

from __future__ import annotations

import numpy as np

from . import _checks


def l2_normalise(u) -> np.ndarray:
    """n(u) = u / ||u||_2 for one vector u of shape (d,).

    For u_x = alpha u_y, n(u_x) = sign(alpha) n(u_y): the magnitude |alpha| is
    lost, the sign is kept. The zero vector has no direction, so a
    ``ValueError`` is raised instead of returning NaN (which a bare
    ``u / np.linalg.norm(u)`` gives, with a warning).
    """
    u = _checks.float_array(u, "u", ndim=1)
    norm = float(np.linalg.norm(u))
    if norm == 0.0:
        raise ValueError("u: the zero vector has no direction, u / ||u|| is undefined for ||u|| = 0")
    return u / norm


def l2_normalise_rows(vectors) -> np.ndarray:
    """Each row divided by its L2 norm, shape (n, d) -> (n, d); a zero row stays zero.

    Every non-zero row of the result has length 1. For u_x = alpha u_y the
    normalised rows are equal when alpha > 0 and opposite when alpha < 0; for
    alpha = 0 u_x is the zero vector, which has no direction, and is returned
    as zeros.
    """
    x = _checks.float_array(vectors, "vectors", ndim=2)
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    return np.divide(x, norms, out=np.zeros_like(x), where=norms > 0)
