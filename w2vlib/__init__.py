"""w2vlib: the word2vec gradients of the book, in plain NumPy.

Every function validates its arguments and names the chapter that derives it.
Outside vectors are stored as rows, shape (|V|, d) (that is U transposed);
center vectors as (d,) or, for a whole vocabulary, rows (|V|, d).

Plotting lives in ``w2vlib.figures`` and the slider helper in
``w2vlib.sliders``; neither is imported here, so the math has no plotting
dependency. ``check_math`` and ``MATH_RESULTS`` (``w2vlib.mathcheck``, which
needs Lark) are imported on first use, so the rest of the package does not need
Lark.
"""

from .activations import (
    leaky_relu,
    leaky_relu_grad,
    log_sigmoid,
    log_softmax,
    sigmoid,
    sigmoid_grad,
    softmax,
)
from .gradcheck import GradientCheckError, gradcheck
from .losses import (
    naive_softmax_grad_outside_vector,
    naive_softmax_grad_U,
    naive_softmax_loss_and_gradient,
    naive_softmax_probabilities,
    neg_sampling_lambda,
    neg_sampling_loss_and_gradient,
    neg_sampling_loss_and_gradient_loop,
    neg_sampling_sequential_update,
)
from .normalise import l2_normalise, l2_normalise_rows
from .sampling import UnigramSampler, unigram_distribution
from .skipgram import neg_sampling_loss_fn, skipgram, window_outside_words

__all__ = [
    "MATH_RESULTS",
    "GradientCheckError",
    "UnigramSampler",
    "gradcheck",
    "l2_normalise",
    "l2_normalise_rows",
    "leaky_relu",
    "check_math",
    "leaky_relu_grad",
    "log_sigmoid",
    "log_softmax",
    "naive_softmax_grad_U",
    "naive_softmax_grad_outside_vector",
    "naive_softmax_loss_and_gradient",
    "naive_softmax_probabilities",
    "neg_sampling_lambda",
    "neg_sampling_loss_and_gradient",
    "neg_sampling_loss_and_gradient_loop",
    "neg_sampling_loss_fn",
    "neg_sampling_sequential_update",
    "sigmoid",
    "sigmoid_grad",
    "skipgram",
    "softmax",
    "unigram_distribution",
    "window_outside_words",
]


def __getattr__(name):
    # check_math needs Lark: import it on first use, so `import w2vlib` works without it
    if name in ("check_math", "MATH_RESULTS"):
        from . import mathcheck

        return getattr(mathcheck, name)
    raise AttributeError(f"module 'w2vlib' has no attribute {name!r}")
