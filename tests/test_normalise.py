"""L2 normalisation (chapter (b)(iv)): magnitude lost, sign kept, the zero vector handled."""

import numpy as np
import pytest

from w2vlib import l2_normalise, l2_normalise_rows


def test_l2_normalise_unit_norm_and_direction():
    rng = np.random.default_rng(0)
    for _ in range(20):
        u = rng.normal(size=5) * rng.uniform(1e-3, 1e3)
        n = l2_normalise(u)
        assert np.linalg.norm(n) == pytest.approx(1.0, abs=1e-14)
        np.testing.assert_allclose(n * np.linalg.norm(u), u, rtol=1e-12)


@pytest.mark.parametrize("alpha", [0.1, 1.0, 7.5])
def test_l2_normalise_forgets_positive_scale_keeps_sign(alpha):
    u = np.array([0.3, -1.2, 2.0])
    np.testing.assert_allclose(l2_normalise(alpha * u), l2_normalise(u), atol=1e-15)
    np.testing.assert_allclose(l2_normalise(-alpha * u), -l2_normalise(u), atol=1e-15)


def test_l2_normalise_rejects_zero_and_bad_input():
    with pytest.raises(ValueError, match="u: the zero vector"):
        l2_normalise(np.zeros(3))
    with pytest.raises(ValueError, match="u must be a 1-D"):
        l2_normalise(np.ones((2, 2)))
    with pytest.raises(ValueError, match="u must contain only finite"):
        l2_normalise(np.array([1.0, np.nan]))


def test_l2_normalise_rows_matches_one_vector_form_and_keeps_zero_rows():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(6, 4))
    x[2] = 0.0
    x[4] = -3.0 * x[0]
    n = l2_normalise_rows(x)
    for i in (0, 1, 3, 4, 5):
        np.testing.assert_allclose(n[i], l2_normalise(x[i]), rtol=1e-15, atol=1e-15)
    assert np.all(n[2] == 0.0)
    np.testing.assert_allclose(n[4], -n[0], atol=1e-15)


def test_l2_normalise_rows_validates():
    with pytest.raises(ValueError, match="vectors must be a 2-D"):
        l2_normalise_rows(np.ones(3))
    with pytest.raises(ValueError, match="vectors must contain only finite"):
        l2_normalise_rows(np.array([[np.inf, 1.0]]))
