"""Train skip-gram word vectors with the gradients the book derives (capstone chapter ``train_skipgram``).

The pieces, in the order an epoch uses them:

1. ``keep_probability`` / ``subsample``: frequent-word subsampling. Each token
   of word w is kept with probability

       P_keep(w) = min(1, (sqrt(f(w) / s) + 1) * s / f(w)),   f(w) = count(w) / total,

   the formula of word2vec.c (and gensim) with ``sample`` s; Mikolov et al.
   (2013) printed the simpler discard probability 1 - sqrt(s / f(w)).
2. ``reduced_windows`` / ``window_pairs``: the dynamic window. For every center
   position word2vec.c draws b uniformly from {0, ..., m - 1} and uses the
   window m - b, so each center gets its own window in {1, ..., m} and near
   words are paired more often than far ones. A window never crosses a sentence.
3. ``NegativeTable``: K negatives per pair from P(w) ~ count(w)^0.75, the
   distribution of ``unigram_distribution`` / ``UnigramSampler`` (chapter g),
   drawn in O(1) each with an alias table; a negative equal to the true
   outside word is redrawn, as ``UnigramSampler.sample(..., exclude=o)`` does.
4. ``neg_sampling_batch_loss_and_gradient``: the chapter (g) loss and gradients
   summed over a minibatch of (center, outside) pairs, with repeated words
   accumulated once per occurrence (chapter h); ``naive_softmax_batch_loss_and_gradient``
   is the same for the naive-softmax loss of chapters (a)-(d).
5. ``train_skipgram``: minibatch SGD with the learning rate decayed linearly
   from ``alpha`` to ``min_alpha`` over all pairs of all epochs.

Shapes: ``center_vectors`` and ``outside_vectors`` are both (|V|, d), one word
per row (``outside_vectors`` is U transposed, as everywhere in w2vlib).

Why minibatches, and no ``np.add.at``: a Python loop per pair spends
microseconds of interpreter time on a few hundred flops. Here each step takes
B pairs at once: it gathers the rows it needs, computes all B (K + 1) scores
with one batched matrix product, and adds the gradient rows back into the
tables. That scatter-add has repeated rows (frequent words appear many times
in a batch). Profiling an epoch showed ``np.add.at`` taking about two thirds
of the time, so the rows are summed by one sparse-matrix product instead
(``_sum_rows``, about 7 times faster), after a radix argsort of the word ids;
``np.logaddexp`` was the next hot spot and is replaced by an exp/log1p form.
All pairs of a batch see the parameters from the start of the batch, so a
batch is one gradient step on the loss summed over its pairs.
"""

from __future__ import annotations

import numbers
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from . import _checks
from .sampling import unigram_distribution

OBJECTIVES = ("negative_sampling", "naive_softmax")


# ----------------------------------------------------------------------------
# 1. subsampling


def _counts(counts, name: str = "counts") -> np.ndarray:
    c = _checks.float_array(counts, name, ndim=1)
    if c.size == 0:
        raise ValueError(f"{name} must hold at least one word count, got an empty array")
    if np.any(c < 0) or c.sum() <= 0:
        raise ValueError(f"{name} must be non-negative with a positive total")
    return c


def _sample_threshold(sample) -> float:
    s = _checks.real_scalar(sample, "sample")
    if s < 0:
        raise ValueError(f"sample must be >= 0 (0 switches subsampling off), got {s}")
    return s


def keep_probability(counts, sample):
    """P_keep(w) = min(1, (sqrt(f(w)/s) + 1) s / f(w)) with f(w) = count(w)/total; shape (|V|,).

    This is word2vec.c's subsampling rule (gensim uses the same), with
    ``sample`` = s, typically 1e-3 to 1e-5. A word with f(w) <= s is always
    kept; the most frequent words are kept with probability about sqrt(s / f(w)).
    ``sample = 0`` keeps every word. Words with count 0 get probability 1 (they never occur).
    """
    c = _counts(counts)
    s = _sample_threshold(sample)
    if s == 0:
        return np.ones_like(c)
    f = c / c.sum()
    with np.errstate(divide="ignore"):
        p = (np.sqrt(f / s) + 1.0) * s / f
    return np.where(f > 0, np.minimum(p, 1.0), 1.0)


def subsample(sentences: Sequence[np.ndarray], keep_prob, rng) -> tuple[np.ndarray, np.ndarray]:
    """Drop each token of word w independently with probability 1 - keep_prob[w].

    ``sentences`` is a list of 1-D int arrays of word ids. Returns
    ``(tokens, sentence_ids)``: the kept tokens concatenated, shape (n,), and the
    index of the sentence each came from, shape (n,). One uniform draw per token
    from ``rng``, in corpus order.
    """
    rng = _checks.generator(rng)
    tokens, sentence_ids = _flatten(sentences)
    keep_prob = _checks.float_array(keep_prob, "keep_prob", ndim=1)
    if tokens.size and tokens.max() >= keep_prob.shape[0]:
        raise ValueError(
            f"sentences hold word id {int(tokens.max())} but keep_prob has only {keep_prob.shape[0]} words"
        )
    kept = rng.random(tokens.size) < keep_prob[tokens]
    return tokens[kept], sentence_ids[kept]


def _flatten(sentences) -> tuple[np.ndarray, np.ndarray]:
    if isinstance(sentences, np.ndarray) or not isinstance(sentences, Sequence):
        raise TypeError("sentences must be a list of 1-D integer arrays of word ids")
    arrays = []
    for s in sentences:
        a = np.asarray(s)
        if a.ndim != 1 or (a.size and (a.dtype == np.bool_ or not np.issubdtype(a.dtype, np.integer))):
            raise TypeError("sentences must be a list of 1-D integer arrays of word ids")
        if a.size and a.min() < 0:
            raise ValueError("sentences must hold word ids >= 0")
        arrays.append(a.astype(np.int64, copy=False))
    if not arrays:
        raise ValueError("sentences must hold at least one sentence")
    lengths = np.array([a.size for a in arrays])
    return np.concatenate(arrays), np.repeat(np.arange(len(arrays)), lengths)


# ----------------------------------------------------------------------------
# 2. dynamic window


def reduced_windows(rng, n: int, window: int) -> np.ndarray:
    """One window size per center position, uniform on {1, ..., window}; shape (n,).

    word2vec.c draws b = random mod window and pairs the center with the words
    at offsets |j| <= window - b. An outside word at distance j is therefore
    used with probability (window - j + 1) / window.
    """
    rng = _checks.generator(rng)
    window = _checks.positive_int(window, "window")
    if isinstance(n, (bool, np.bool_)) or not isinstance(n, numbers.Integral) or n < 0:
        raise ValueError(f"n must be an integer >= 0, got {n!r}")
    return window - rng.integers(0, window, size=int(n))


def window_pairs(tokens, sentence_ids, window: int, rng) -> tuple[np.ndarray, np.ndarray]:
    """All (center, outside) word-id pairs of a token stream, with a dynamic window.

    ``tokens`` (n,) are word ids, ``sentence_ids`` (n,) say which sentence each
    token belongs to (pairs never cross a sentence). Position t is paired with
    t + j for 1 <= |j| <= r_t, where r_t comes from ``reduced_windows``.
    Returns ``(centers, outsides)``, each shape (P,), ordered by center position
    and, for one center, by offset j from -r_t to r_t.
    """
    tokens = np.asarray(tokens)
    sentence_ids = np.asarray(sentence_ids)
    if tokens.ndim != 1 or tokens.shape != sentence_ids.shape:
        raise ValueError(
            "tokens and sentence_ids must be 1-D of equal length, got "
            f"{tokens.shape} and {sentence_ids.shape}"
        )
    window = _checks.positive_int(window, "window")
    n = tokens.size
    radius = reduced_windows(rng, n, window)
    offsets = np.concatenate([np.arange(-window, 0), np.arange(1, window + 1)])
    pos = np.arange(n)[:, None] + offsets[None, :]
    inside = (np.abs(offsets)[None, :] <= radius[:, None]) & (pos >= 0) & (pos < n)
    inside &= sentence_ids[np.clip(pos, 0, max(n - 1, 0))] == sentence_ids[:, None]
    rows, cols = np.nonzero(inside)
    return tokens[rows], tokens[rows + offsets[cols]]


# ----------------------------------------------------------------------------
# 3. negatives


class NegativeTable:
    """Draws negatives from P(w) ~ count(w)^power (power 0.75 as in word2vec) in O(1) per draw.

    ``probs`` is exactly ``unigram_distribution(counts, power)``, the
    distribution of ``UnigramSampler``. Draws use Walker's alias method: pick a
    word i uniformly, keep it with probability ``accept[i]``, otherwise take
    ``alias[i]``. The table is built so that the result has law ``probs``
    (``alias_probabilities`` recomputes it from the table).
    """

    def __init__(self, counts, power=0.75):
        self.probs = unigram_distribution(counts, power)
        self.accept, self.alias = _alias_table(self.probs)

    @property
    def vocab_size(self) -> int:
        return self.probs.shape[0]

    def alias_probabilities(self) -> np.ndarray:
        """P(draw = w) implied by the table: (accept[w] + sum_{i: alias[i] = w} (1 - accept[i])) / |V|."""
        n = self.vocab_size
        return (self.accept + np.bincount(self.alias, weights=1.0 - self.accept, minlength=n)) / n

    def draw(self, rng, size) -> np.ndarray:
        """Independent draws from ``probs``, an int64 array of shape ``size``."""
        rng = _checks.generator(rng)
        i = rng.integers(0, self.vocab_size, size=size)
        return np.where(rng.random(size) < self.accept[i], i, self.alias[i])

    def negatives(self, rng, outsides, K) -> np.ndarray:
        """K negatives for each true outside word, shape (P, K), none equal to its row's outside word.

        A draw equal to the outside word is redrawn (the law of P conditioned
        on w != o, like ``UnigramSampler.sample(rng, K, exclude=o)``).
        """
        K = _checks.positive_int(K, "K")
        outsides = np.asarray(outsides)
        if np.any(self.probs[outsides] >= 1.0 - 1e-12):
            raise ValueError("an outside word holds all the probability mass; no negative can be drawn")
        neg = self.draw(rng, (outsides.size, K))
        bad = neg == outsides[:, None]
        while bad.any():
            neg[bad] = self.draw(rng, int(bad.sum()))
            bad = neg == outsides[:, None]
        return neg


def _alias_table(probs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Vose's construction of Walker's alias table for ``probs`` (sums to 1)."""
    n = probs.shape[0]
    scaled = probs * n
    accept = np.ones(n)
    alias = np.arange(n)
    small = [i for i in range(n) if scaled[i] < 1.0]
    large = [i for i in range(n) if scaled[i] >= 1.0]
    while small and large:
        s, g = small.pop(), large.pop()
        accept[s], alias[s] = scaled[s], g
        scaled[g] -= 1.0 - scaled[s]
        (small if scaled[g] < 1.0 else large).append(g)
    # whatever is left has scaled == 1 up to rounding: it always keeps itself
    return accept, alias


# ----------------------------------------------------------------------------
# 4. minibatch losses and gradients


def _argsort_ids(ids: np.ndarray) -> np.ndarray:
    """Argsort of word ids. As uint16 (|V| <= 65536) NumPy's stable sort is a radix sort,
    about 10x faster than the int64 sorts here; larger ids use quicksort."""
    if ids.size and ids.max() < 2**16:
        return np.argsort(ids.astype(np.uint16), kind="stable")
    return np.argsort(ids, kind="quicksort")


def _sum_rows(rows: np.ndarray, weights: np.ndarray, values: np.ndarray, source: np.ndarray):
    """Sum weighted rows by destination: returns ``(uniq, S)`` with

    S[i] = sum over n with rows[n] == uniq[i] of weights[n] * values[source[n]].

    Done as one sparse (len(uniq) x len(values)) matrix times ``values``, so a
    row that occurs many times is summed in C without np.add.at.
    """
    from scipy.sparse import csr_matrix

    order = _argsort_ids(rows)
    r = rows[order]
    starts = np.flatnonzero(np.concatenate(([True], r[1:] != r[:-1])))
    m = csr_matrix(
        (
            weights[order].astype(values.dtype, copy=False),
            source[order].astype(np.int32),
            np.append(starts, r.size).astype(np.int32),
        ),
        shape=(starts.size, values.shape[0]),
        copy=False,
    )
    return r[starts], m @ values


def _neg_log_sigmoid_and_sigmoid(z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """-log sigma(z) and sigma(z), elementwise, without overflow for any z.

    With e = exp(-|z|) <= 1: -log sigma(z) = max(-z, 0) + log(1 + e), and
    sigma(z) = 1 / (1 + e) for z >= 0, e / (1 + e) for z < 0. (Several times
    faster than np.logaddexp, which profiling showed as a hot spot.)
    """
    e = np.exp(-np.abs(z))
    inv = 1.0 / (1.0 + e)
    return np.maximum(-z, 0.0) + np.log1p(e), np.where(z >= 0, inv, e * inv)


def _neg_sampling_batch(Vc, U, centers, outsides, negatives, scale=1.0):
    """Summed negative-sampling loss and sparse gradients for a batch (no validation).

    Returns ``loss, (rows_v, grad_rows_v), (rows_u, grad_rows_u)``: the gradient
    with respect to ``Vc`` is zero except for rows ``rows_v``, and likewise for U.
    The gradient rows come multiplied by ``scale``; the trainer passes -lr, so
    they are the SGD step itself and need no extra pass over the rows.
    """
    B, K = negatives.shape
    idx = np.concatenate((outsides[:, None], negatives), axis=1)  # (B, K+1): o, w_1..w_K
    v = np.take(Vc, centers, axis=0)  # (B, d)
    u = np.take(U, idx, axis=0)  # (B, K+1, d)
    z = (u @ v[:, :, None])[:, :, 0]  # u_w^T v_c, (B, K+1)
    z[:, 1:] *= -1.0  # signed scores: u_o^T v_c, -u_{w_s}^T v_c
    neg_log_sig, sig = _neg_log_sigmoid_and_sigmoid(z)
    coef = sig - 1.0  # lambda = sigma(z) - 1 (chapter g)
    coef[:, 1:] *= -1.0  # dJ/d(u_w^T v_c): lambda_0 for o, -lambda_s for w_s
    grad_v = (coef[:, None, :] @ u)[:, 0, :]  # lambda_0 u_o - sum_s lambda_s u_{w_s}
    rows_v, grad_rows_v = _sum_rows(centers, np.full(B, scale), grad_v, np.arange(B))
    # row w of dJ/dU^T collects coef * v_c once per occurrence of w (chapter h)
    rows_u, grad_rows_u = _sum_rows(idx.ravel(), scale * coef.ravel(), v, np.repeat(np.arange(B), K + 1))
    return float(neg_log_sig.sum()), (rows_v, grad_rows_v), (rows_u, grad_rows_u)


def _naive_softmax_batch(Vc, U, centers, outsides, scale=1.0):
    """Summed naive-softmax loss, sparse center gradient and dense outside gradient (no validation).

    y_hat = softmax(U^T v_c) depends on the center word only, so the pairs of
    the batch that share a center share one softmax: with r_c pairs for center
    c and outside words o_1..o_{r_c}, their summed gradients are
    U (r_c y_hat - sum_j y_{o_j}) and (r_c y_hat - sum_j y_{o_j}) v_c^T
    (chapter i). Gradients come multiplied by ``scale`` as in ``_neg_sampling_batch``.
    """
    uniq, inv = np.unique(centers, return_inverse=True)
    v = np.take(Vc, uniq, axis=0)  # (C, d), one row per distinct center
    logits = v @ U.T  # (C, |V|): u_k^T v_c for every k in Vocab
    logits -= logits.max(axis=1, keepdims=True)
    delta = np.exp(logits)
    norm = delta.sum(axis=1)
    r = np.bincount(inv, minlength=uniq.size)  # pairs per center
    loss = float(r @ np.log(norm) - logits[inv, outsides].sum())  # sum of -log y_hat_o
    delta *= (scale * r / norm)[:, None]  # r_c y_hat
    np.add.at(delta, (inv, outsides), -scale)  # - sum_j y_{o_j}; B entries, not a hot spot
    return loss, (uniq, delta @ U), delta.T @ v


@dataclass(frozen=True)
class RowGradient:
    """A gradient with respect to a (|V|, d) table that is zero except in some rows.

    ``rows`` (n,) are distinct word ids in increasing order and ``values``
    (n, d) the gradient rows, so the full gradient is zero everywhere else.
    Keeping it this way is what makes a negative-sampling step O(K d) per pair:
    a dense (|V|, d) gradient would cost O(|V| d) just to write.
    """

    rows: np.ndarray
    values: np.ndarray

    def to_dense(self, vocab_size: int) -> np.ndarray:
        """The full gradient, shape (vocab_size, d)."""
        vocab_size = _checks.positive_int(vocab_size, "vocab_size")
        if self.rows.size and self.rows.max() >= vocab_size:
            raise ValueError(
                f"vocab_size must exceed the largest row {int(self.rows.max())}, got {vocab_size}"
            )
        g = np.zeros((vocab_size, self.values.shape[1]), dtype=self.values.dtype)
        g[self.rows] = self.values
        return g


def _table(x, name: str) -> np.ndarray:
    # O(1) checks only: a finiteness scan would cost O(|V| d) per call, the very
    # cost negative sampling avoids; the rows a batch reads are checked instead.
    if not isinstance(x, np.ndarray):
        raise TypeError(f"{name} must be a NumPy array of shape (|V|, d), got {type(x).__name__}")
    if x.dtype not in (np.float32, np.float64):
        raise TypeError(f"{name} must have dtype float32 or float64, got {x.dtype}")
    if x.ndim != 2 or x.shape[0] < 1 or x.shape[1] < 1:
        raise ValueError(f"{name} must have shape (|V|, d) with |V| >= 1 and d >= 1, got {x.shape}")
    return x


def _batch_args(center_vectors, outside_vectors, centers, outsides):
    Vc = _table(center_vectors, "center_vectors")
    U = _table(outside_vectors, "outside_vectors")
    if Vc.shape != U.shape or Vc.dtype != U.dtype:
        raise ValueError(
            "center_vectors and outside_vectors must have the same shape (|V|, d) and dtype, got "
            f"{Vc.shape} {Vc.dtype} and {U.shape} {U.dtype}"
        )
    c = _checks.index_array(centers, "centers", U.shape[0])
    o = _checks.index_array(outsides, "outsides", U.shape[0])
    if c.shape != o.shape:
        raise ValueError(f"centers and outsides must have the same length, got {c.size} and {o.size}")
    return Vc, U, c, o


def _finite(value: float, what: str) -> float:
    if not np.isfinite(value):
        raise ValueError(
            f"{what} must be finite; the loss is {value} (NaN or inf in the rows this batch reads)"
        )
    return value


def neg_sampling_batch_loss_and_gradient(center_vectors, outside_vectors, centers, outsides, negatives):
    """The negative-sampling loss summed over a minibatch of pairs, and its gradients (chapters g, h).

    For pairs n = 1..B with center c_n, outside word o_n and negatives w_{n,1..K}:

        J = sum_n [ -log sigma(u_{o_n}^T v_{c_n}) - sum_s log sigma(-u_{w_{n,s}}^T v_{c_n}) ]

    Each pair contributes the gradients of ``neg_sampling_loss_and_gradient``
    (lambda = sigma(U_{o,{w}}^T v_c) - 1; dJ/dv_c = lambda_0 u_o - sum_s lambda_s u_{w_s},
    dJ/du_o = lambda_0 v_c, dJ/du_{w_s} = -lambda_s v_c), and this returns
    their sums, so a word that appears several times in the batch (as a
    center, an outside word or a negative, even twice in one pair) gets one
    term per appearance. The work is O(B K d): only the rows the batch touches
    are read or returned.

    Shapes: ``center_vectors`` and ``outside_vectors`` (|V|, d) as rows, float32
    or float64; ``centers`` and ``outsides`` (B,); ``negatives`` (B, K).
    Returns ``(loss, grad_center_vectors, grad_outside_vectors)`` with the two
    gradients as ``RowGradient`` (call ``.to_dense(|V|)`` for the (|V|, d) arrays).
    """
    Vc, U, c, o = _batch_args(center_vectors, outside_vectors, centers, outsides)
    neg = np.asarray(negatives)
    if neg.ndim != 2 or neg.shape[0] != c.size:
        raise ValueError(f"negatives must have shape (B, K) = ({c.size}, K), got {neg.shape}")
    neg = _checks.index_array(neg.ravel(), "negatives", U.shape[0]).reshape(neg.shape)
    loss, (rv, gv), (ru, gu) = _neg_sampling_batch(Vc, U, c, o, neg)
    _finite(loss, "center_vectors and outside_vectors")
    return loss, RowGradient(rv, gv), RowGradient(ru, gu)


def naive_softmax_batch_loss_and_gradient(center_vectors, outside_vectors, centers, outsides):
    """The naive-softmax loss summed over a minibatch of pairs, and its gradients (chapters a-d, i).

    J = sum_n -log softmax(U^T v_{c_n})_{o_n}. Per pair the gradients are those
    of ``naive_softmax_loss_and_gradient``: U (y_hat - y) for v_c and
    (y_hat - y) v_c^T for the outside vectors as rows; this returns their sums.
    Pairs that share a center word share one softmax (as in a chapter (i)
    window), but each distinct center still costs O(|V| d): every outside
    vector enters y_hat and gets a gradient row.

    Shapes: ``center_vectors``, ``outside_vectors`` (|V|, d); ``centers``,
    ``outsides`` (B,). Returns ``(loss, grad_center_vectors,
    grad_outside_vectors)`` as ``RowGradient``; the outside one has every row.
    """
    Vc, U, c, o = _batch_args(center_vectors, outside_vectors, centers, outsides)
    loss, (rv, gv), gu = _naive_softmax_batch(Vc, U, c, o)
    _finite(loss, "center_vectors and outside_vectors")
    return loss, RowGradient(rv, gv), RowGradient(np.arange(U.shape[0]), gu)


# ----------------------------------------------------------------------------
# 5. training


@dataclass
class TrainingResult:
    """What ``train_skipgram`` returns.

    ``center_vectors`` (the word vectors, like gensim's ``wv``) and
    ``outside_vectors``, both (|V|, d); ``epoch_loss[e]`` is the mean loss per
    (center, outside) pair during epoch e (negative-sampling or naive-softmax
    loss, whichever was trained); ``pairs_per_epoch[e]`` the number of pairs;
    ``seconds`` the wall-clock training time and ``epoch_seconds`` that of each
    epoch (these vary from run to run, unlike everything else here).
    """

    center_vectors: np.ndarray
    outside_vectors: np.ndarray
    epoch_loss: list[float] = field(default_factory=list)
    pairs_per_epoch: list[int] = field(default_factory=list)
    seconds: float = 0.0
    epoch_seconds: list[float] = field(default_factory=list)


def train_skipgram(
    sentences: Sequence[np.ndarray],
    counts,
    *,
    rng,
    vector_size: int = 50,
    window: int = 5,
    negative: int = 5,
    sample: float = 1e-3,
    alpha: float = 0.025,
    min_alpha: float = 1e-4,
    epochs: int = 5,
    batch_size: int = 1024,
    objective: str = "negative_sampling",
    dtype=np.float32,
    progress: bool = False,
    on_epoch_end: Callable[[int, np.ndarray], None] | None = None,
) -> TrainingResult:
    """Skip-gram by minibatch SGD on the gradients of chapters (g)-(i), or of (a)-(d).

    Per epoch: subsample the corpus (``keep_probability`` with ``sample``),
    form all (center, outside) pairs with a dynamic window of at most
    ``window``, then walk through them in text order, ``batch_size`` pairs at a
    time. For ``objective="negative_sampling"`` each pair gets ``negative`` = K
    fresh negatives from count^0.75 and the step is

        v_c <- v_c - lr * dJ/dv_c,   u_w <- u_w - lr * dJ/du_w,

    with J summed over the batch (``neg_sampling_batch_loss_and_gradient``).
    ``objective="naive_softmax"`` uses the full softmax instead
    (``naive_softmax_batch_loss_and_gradient``), which reads and updates all
    |V| outside vectors for every distinct center of a batch. The learning
    rate falls linearly from ``alpha`` to ``min_alpha`` over all pairs of all
    epochs.

    Initialisation as in word2vec.c: center vectors uniform on
    [-0.5/d, 0.5/d), outside vectors zero.

    Arguments: ``sentences`` a list of 1-D int arrays of word ids (see
    ``Vocabulary.encode``); ``counts`` (|V|,) the corpus count of every word;
    ``rng`` the ``np.random.Generator`` that makes every random choice (same
    seed, same vectors); ``dtype`` of the vector tables (float32 like word2vec,
    or float64); ``progress`` shows a tqdm bar; ``on_epoch_end(epoch,
    center_vectors)`` is called after each epoch (the array is live, copy what
    you keep).
    """
    rng = _checks.generator(rng)
    c = _counts(counts)
    d = _checks.positive_int(vector_size, "vector_size")
    window = _checks.positive_int(window, "window")
    K = _checks.positive_int(negative, "negative")
    epochs = _checks.positive_int(epochs, "epochs")
    batch_size = _checks.positive_int(batch_size, "batch_size")
    keep = keep_probability(c, sample)
    alpha = _checks.real_scalar(alpha, "alpha")
    min_alpha = _checks.real_scalar(min_alpha, "min_alpha")
    if not 0 < min_alpha <= alpha:
        raise ValueError(
            f"alpha and min_alpha must satisfy 0 < min_alpha <= alpha, got {alpha} and {min_alpha}"
        )
    if objective not in OBJECTIVES:
        raise ValueError(f"objective must be one of {OBJECTIVES}, got {objective!r}")
    dtype = np.dtype(dtype)
    if dtype not in (np.float32, np.float64):
        raise ValueError(f"dtype must be float32 or float64, got {dtype}")
    if on_epoch_end is not None and not callable(on_epoch_end):
        raise TypeError("on_epoch_end must be callable(epoch, center_vectors) or None")
    tokens, _ = _flatten(sentences)
    if tokens.size == 0:
        raise ValueError("sentences must hold at least one word id, got only empty sentences")
    if tokens.max() >= c.size:
        raise ValueError(f"sentences hold word id {int(tokens.max())} but counts has only {c.size} words")
    table = NegativeTable(c) if objective == "negative_sampling" else None

    V = c.size
    Vc = ((rng.random((V, d)) - 0.5) / d).astype(dtype)
    U = np.zeros((V, d), dtype=dtype)
    result = TrainingResult(Vc, U)
    bar = _progress_bar(epochs) if progress else None
    start = time.perf_counter()
    callback_seconds = 0.0
    for epoch in range(epochs):
        epoch_start = time.perf_counter()
        kept, sentence_ids = subsample(sentences, keep, rng)
        centers, outsides = window_pairs(kept, sentence_ids, window, rng)
        P = centers.size
        if P == 0:
            raise ValueError("an epoch produced no (center, outside) pairs: the sentences are too short")
        total_loss = 0.0
        for s0 in range(0, P, batch_size):
            cb, ob = centers[s0 : s0 + batch_size], outsides[s0 : s0 + batch_size]
            lr = alpha - (alpha - min_alpha) * (epoch + s0 / P) / epochs
            if table is not None:
                negatives = table.negatives(rng, ob, K)
                loss, (rv, step_v), (ru, step_u) = _neg_sampling_batch(Vc, U, cb, ob, negatives, scale=-lr)
                U[ru] += step_u
            else:
                loss, (rv, step_v), step_u = _naive_softmax_batch(Vc, U, cb, ob, scale=-lr)
                U += step_u
            Vc[rv] += step_v
            total_loss += loss
        if not np.isfinite(total_loss):
            raise FloatingPointError(
                f"training diverged in epoch {epoch} (loss {total_loss}); try a smaller alpha or batch_size"
            )
        result.epoch_loss.append(total_loss / P)
        result.pairs_per_epoch.append(int(P))
        result.epoch_seconds.append(time.perf_counter() - epoch_start)
        if bar is not None:
            bar.update(1)
            bar.set_postfix_str(f"loss {total_loss / P:.3f}")
        if on_epoch_end is not None:
            callback_start = time.perf_counter()
            on_epoch_end(epoch, Vc)
            callback_seconds += time.perf_counter() - callback_start
    result.seconds = time.perf_counter() - start - callback_seconds
    if bar is not None:
        bar.close()
    return result


def _progress_bar(epochs: int):
    from tqdm.auto import tqdm

    # One short word: a longer description wraps in the book's static widget.
    return tqdm(total=epochs, desc="epochs", unit="epoch")
