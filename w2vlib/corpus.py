"""Text in, word ids out, and word vectors back to words: the data side of training.

Used by the capstone chapter ``train_skipgram`` and by ``benchmarks/run.py``:

* ``tokenize`` and ``read_sentences`` turn a text file into lists of tokens;
  ``lee_background_sentences`` reads the news corpus that ships inside the
  gensim wheel (``gensim/test/test_data/lee_background.cor``, 300 documents,
  about 60 000 tokens), so training works offline.
* ``Vocabulary`` keeps the words seen at least ``min_count`` times, most
  frequent first, and encodes sentences as arrays of word ids.
* ``load_word_pairs`` and ``evaluate_word_pairs`` score vectors against human
  similarity judgements (WordSim-353, also shipped with gensim): Spearman's rank
  correlation between the cosine similarities and the human scores, over the
  pairs whose two words are both in the vocabulary.
* ``nearest_neighbours`` lists the words whose vectors have the largest cosine
  similarity with a given word's vector.
* ``principal_axes``, ``project`` and ``procrustes_align`` put word vectors
  in a plane for pictures: principal component analysis by SVD, and alignment
  of two pictures of the same words. Scale rows to unit length first with
  ``w2vlib.l2_normalise_rows`` (cosine similarity is what the pictures compare).

Word vectors are rows, shape (|V|, d), row i belonging to ``vocab.words[i]``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import _checks
from .normalise import l2_normalise_rows

# Lower-case letters, keeping an apostrophe inside a word ("don't", "it's");
# digits and punctuation separate tokens and are dropped.
_TOKEN = re.compile(r"[a-z]+(?:'[a-z]+)*")


def tokenize(text: str) -> list[str]:
    """Lower-case ``text`` and return its words: runs of letters a-z, with inner apostrophes.

    ``tokenize("At 4:00pm AEDT, it's windy.")`` is ``['at', 'pm', 'aedt', "it's", 'windy']``.
    Letters outside a-z (accents, other scripts) separate tokens like punctuation.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    return _TOKEN.findall(text.lower())


def read_sentences(path) -> list[list[str]]:
    """Tokenize a UTF-8 text file, one sentence per non-empty line.

    A context window never crosses a line, so for a file with one document per
    line (like ``lee_background.cor``) each document is one "sentence".
    """
    if not isinstance(path, (str, Path)):
        raise TypeError(f"path must be a str or pathlib.Path, got {type(path).__name__}")
    path = Path(path)
    if not path.is_file():
        raise ValueError(f"path must name an existing file, got {str(path)!r}")
    sentences = [tokenize(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return [s for s in sentences if s]


def gensim_test_data(name: str) -> Path:
    """Path of a file in gensim's bundled test data (``gensim.test.utils.datapath``)."""
    from gensim.test.utils import datapath

    path = Path(datapath(name))
    if not path.is_file():
        raise ValueError(f"name must be a file in gensim's test data, {str(path)!r} does not exist")
    return path


def lee_background_sentences() -> list[list[str]]:
    """The Lee background corpus (300 Australian news documents), tokenized, one list per document."""
    return read_sentences(gensim_test_data("lee_background.cor"))


def _sentence_list(sentences, name: str = "sentences") -> list[Sequence[str]]:
    if isinstance(sentences, (str, bytes)) or not isinstance(sentences, Iterable):
        raise TypeError(f"{name} must be a list of token lists, got {type(sentences).__name__}")
    out = list(sentences)
    for s in out:
        if isinstance(s, (str, bytes)) or not isinstance(s, Sequence):
            raise TypeError(f"{name} must be a list of token lists, found an item of type {type(s).__name__}")
    return out


class Vocabulary:
    """The words kept for training, most frequent first, with their counts.

    ``Vocabulary.build(sentences, min_count)`` keeps every word that occurs at
    least ``min_count`` times. Words are ordered by decreasing count, ties
    alphabetically, so the same corpus always gives the same ids.

    Attributes: ``words`` (list of str, index = word id), ``counts`` (int64
    array, shape (|V|,)), ``index`` (dict word -> id).
    """

    def __init__(self, words: Sequence[str], counts):
        if isinstance(words, (str, bytes)) or not isinstance(words, Sequence):
            raise TypeError(f"words must be a list of str, got {type(words).__name__}")
        counts = np.asarray(counts)
        if counts.ndim != 1 or counts.shape[0] != len(words):
            raise ValueError(
                f"counts must be a 1-D array with one count per word ({len(words)}), got shape {counts.shape}"
            )
        if len(words) == 0:
            raise ValueError("words must hold at least one word")
        if not np.issubdtype(counts.dtype, np.integer) or counts.min() < 1:
            raise ValueError("counts must be integers >= 1")
        if len(set(words)) != len(words):
            raise ValueError("words must be distinct")
        self.words = list(words)
        self.counts = counts.astype(np.int64)
        self.index = {w: i for i, w in enumerate(self.words)}

    @classmethod
    def build(cls, sentences, min_count: int = 5) -> Vocabulary:
        """Count the tokens of ``sentences`` and keep the words seen at least ``min_count`` times."""
        sentences = _sentence_list(sentences)
        min_count = _checks.positive_int(min_count, "min_count")
        counter = Counter(w for s in sentences for w in s)
        kept = sorted((w for w, c in counter.items() if c >= min_count), key=lambda w: (-counter[w], w))
        if not kept:
            raise ValueError(f"min_count={min_count} keeps no word: the most frequent word occurs "
                             f"{max(counter.values(), default=0)} times")
        return cls(kept, np.array([counter[w] for w in kept], dtype=np.int64))

    def __len__(self) -> int:
        return len(self.words)

    def __contains__(self, word) -> bool:
        return word in self.index

    def encode(self, sentences) -> list[np.ndarray]:
        """Each sentence as an int64 array of word ids, words not in the vocabulary dropped.

        Dropping happens before any context window is formed, as in word2vec.c
        and gensim, so a window spans the kept words. Empty results are left out.
        """
        sentences = _sentence_list(sentences)
        out = []
        for s in sentences:
            ids = np.fromiter((self.index[w] for w in s if w in self.index), dtype=np.int64)
            if ids.size:
                out.append(ids)
        return out


@dataclass(frozen=True)
class WordPair:
    """One human similarity judgement: two lower-case words and their score."""

    word1: str
    word2: str
    score: float


def load_word_pairs(path=None) -> list[WordPair]:
    """Read a tab-separated file of ``word1  word2  score`` lines ('#' starts a comment).

    With no ``path``, reads WordSim-353 (353 pairs, scores 0 to 10) from gensim's
    test data. Words are lower-cased to match ``tokenize``.
    """
    if path is None:
        path = gensim_test_data("wordsim353.tsv")
    if not isinstance(path, (str, Path)):
        raise TypeError(f"path must be a str or pathlib.Path, got {type(path).__name__}")
    pairs = []
    for line_no, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 3:
            raise ValueError(f"path: line {line_no} must have 3 tab-separated fields, got {len(parts)}")
        pairs.append(WordPair(parts[0].strip().lower(), parts[1].strip().lower(), float(parts[2])))
    return pairs


@dataclass(frozen=True)
class WordPairEvaluation:
    """Spearman's rho over the in-vocabulary pairs, and how many pairs that was."""

    spearman: float
    n_pairs: int  # pairs with both words in the vocabulary
    n_total: int  # pairs in the data set

    @property
    def coverage(self) -> float:
        """Fraction of the data set's pairs that could be scored."""
        return self.n_pairs / self.n_total


def _word_vectors(vectors, vocab: Vocabulary) -> np.ndarray:
    if not isinstance(vocab, Vocabulary):
        raise TypeError(f"vocab must be a Vocabulary, got {type(vocab).__name__}")
    W = _checks.float_array(vectors, "vectors", ndim=2)
    if W.shape[0] != len(vocab):
        raise ValueError(f"vectors must have one row per vocabulary word ({len(vocab)}), got shape {W.shape}")
    return W


def evaluate_word_pairs(vectors, vocab: Vocabulary, pairs: Sequence[WordPair]) -> WordPairEvaluation:
    """Spearman's rank correlation between cosine similarity and the human scores.

    Only pairs whose two words are in ``vocab`` are scored (gensim's
    ``KeyedVectors.evaluate_word_pairs`` does the same and gives the same rho);
    ``coverage`` says what fraction that was. ``vectors`` has shape (|V|, d).
    """
    from scipy.stats import spearmanr

    W = l2_normalise_rows(_word_vectors(vectors, vocab))
    pairs = list(pairs)
    if not pairs or not all(isinstance(p, WordPair) for p in pairs):
        raise TypeError("pairs must be a non-empty list of WordPair (see load_word_pairs)")
    known = [p for p in pairs if p.word1 in vocab and p.word2 in vocab]
    if len(known) < 3:
        raise ValueError(f"pairs: only {len(known)} pairs have both words in the vocabulary; need at least 3")
    i = np.array([vocab.index[p.word1] for p in known])
    j = np.array([vocab.index[p.word2] for p in known])
    model = np.einsum("nd,nd->n", W[i], W[j])
    human = np.array([p.score for p in known])
    return WordPairEvaluation(float(spearmanr(human, model).statistic), len(known), len(pairs))


def nearest_neighbours(vectors, vocab: Vocabulary, word: str, topn: int = 5) -> list[tuple[str, float]]:
    """The ``topn`` words with the largest cosine similarity to ``word`` (itself excluded).

    Returns a list of (word, cosine) pairs, most similar first; ties are broken
    by word id (the more frequent word first). ``vectors`` has shape (|V|, d).
    """
    W = l2_normalise_rows(_word_vectors(vectors, vocab))
    if word not in vocab:
        raise ValueError(f"word {word!r} is not in the vocabulary")
    topn = _checks.positive_int(topn, "topn")
    i = vocab.index[word]
    sims = W @ W[i]
    sims[i] = -np.inf
    order = np.argsort(-sims, kind="stable")[: min(topn, len(vocab) - 1)]
    return [(vocab.words[k], float(sims[k])) for k in order]


def principal_axes(X, n_components: int = 2) -> tuple[np.ndarray, np.ndarray]:
    """Mean and leading principal axes of the rows of X, by the SVD of the centred rows.

    X (n, d) = rows to analyse. With X - mean = A S B^T (``np.linalg.svd``), the
    axes are the first ``n_components`` rows of B^T, shape (n_components, d),
    the directions of largest variance. Each axis is signed so that its
    largest-magnitude entry is positive, which makes the result unique.
    """
    X = _checks.float_array(X, "X", ndim=2)
    n_components = _checks.positive_int(n_components, "n_components")
    if n_components > min(X.shape):
        raise ValueError(f"n_components must be at most min(n, d) = {min(X.shape)}, got {n_components}")
    mean = X.mean(axis=0)
    _, _, Bt = np.linalg.svd(X - mean, full_matrices=False)
    axes = Bt[:n_components]
    signs = np.sign(axes[np.arange(n_components), np.abs(axes).argmax(axis=1)])
    return mean, axes * signs[:, None]


def project(X, mean, axes) -> np.ndarray:
    """Coordinates of the rows of X along ``axes`` (from ``principal_axes``): (X - mean) axes^T, (n, k)."""
    X = _checks.float_array(X, "X", ndim=2)
    mean = _checks.float_array(mean, "mean", ndim=1)
    axes = _checks.float_array(axes, "axes", ndim=2)
    if not X.shape[1] == mean.shape[0] == axes.shape[1]:
        raise ValueError(f"X, mean and axes must share d, got {X.shape}, {mean.shape}, {axes.shape}")
    return (X - mean) @ axes.T


def procrustes_align(X, Y) -> np.ndarray:
    """Rotate (or reflect), scale and shift the points X to best match the points Y.

    X and Y have shape (n, k), row i of both being the same item. Returns
    s (X - mean_X) R + mean_Y, where the orthogonal R (k, k) and the scale s > 0
    minimise the squared distance to Y (orthogonal Procrustes): with
    (X - mean_X)^T (Y - mean_Y) = A S B^T (SVD), R = A B^T and
    s = trace(S) / ||X - mean_X||^2. Used to show 2-D projections of the same
    words from different epochs in one orientation and scale.
    """
    X = _checks.float_array(X, "X", ndim=2)
    Y = _checks.float_array(Y, "Y", ndim=2)
    if X.shape != Y.shape:
        raise ValueError(f"X and Y must have the same shape, got {X.shape} and {Y.shape}")
    Xc, Yc = X - X.mean(axis=0), Y - Y.mean(axis=0)
    norm = float((Xc**2).sum())
    if norm == 0:
        raise ValueError("X must not be a single repeated point")
    A, S, Bt = np.linalg.svd(Xc.T @ Yc)
    return (S.sum() / norm) * Xc @ (A @ Bt) + Y.mean(axis=0)
