"""Benchmarks of the w2vlib skip-gram trainer (run with `make bench`, a few minutes).

One process, one corpus (gensim's lee_background.cor), one set of settings:

1. w2vlib ``train_skipgram`` against gensim ``Word2Vec(sg=1, workers=1)``:
   words per second and WordSim-353 Spearman rho, five interleaved runs each
   with seeds 0 to 4 (interleaving spreads the load of a shared machine over
   both; the median time is reported). Goal: w2vlib at >= 0.5x gensim's words/s, at comparable rho.
2. w2vlib against per-pair Python loops (``loops.py``) on the first documents
   of the corpus: the classic-assignment loop through
   ``neg_sampling_loss_and_gradient`` (goal: w2vlib >= 20x faster) and a loop
   that touches only the rows of each pair.
3. the minibatch size: w2vlib with B = 16, 64 and 1024 pairs per step, seeds
   0 to 3 each, the other settings as in 1; mean and spread over the seeds of
   the WordSim-353 rho and of the last epoch's mean loss per pair. A batch sees
   parameters up to B pairs old, and its step is the sum of B per-pair
   gradients, so B is a setting that can change the result, not only the speed.

Words per second = corpus tokens (before min_count and subsampling) times
epochs, divided by the training time; the same definition for every trainer.
NumPy's BLAS is limited to one thread, so every trainer uses one core. Both
wall-clock and CPU time of the process are reported: on a shared machine the
wall clock also counts time spent waiting for other jobs, CPU time does not.
"""

from __future__ import annotations

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"  # before NumPy loads its BLAS: one core, like gensim's workers=1

import logging  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))

from loops import classic_loop, row_loop  # noqa: E402

from w2vlib.corpus import Vocabulary, evaluate_word_pairs, lee_background_sentences, load_word_pairs  # noqa: E402
from w2vlib.train import train_skipgram  # noqa: E402

SETTINGS = dict(vector_size=50, window=5, negative=5, sample=1e-3, alpha=0.05, min_alpha=1e-4, epochs=10)
MIN_COUNT = 2
BATCH_SIZE = 1024
SEEDS = (0, 1, 2, 3, 4)
LOOP_DOCUMENTS = {"classic": 8, "rows": 60}  # about a second each on an idle machine
BATCH_SIZES = (16, 64, 1024)
BATCH_SEEDS = (0, 1, 2, 3)


def train_w2vlib(sentences, vocab, seed, epochs):
    settings = SETTINGS | {"epochs": epochs}
    encoded, rng = vocab.encode(sentences), np.random.default_rng(seed)
    start, cpu = time.perf_counter(), time.process_time()
    result = train_skipgram(encoded, vocab.counts, rng=rng, batch_size=BATCH_SIZE, **settings)
    return time.perf_counter() - start, time.process_time() - cpu, result.center_vectors


def batch_size_study(sentences, vocab, pairs) -> dict[int, dict[str, list[float]]]:
    """rho and last-epoch loss of w2vlib for every batch size and seed (section 3)."""
    encoded = vocab.encode(sentences)
    out = {}
    for B in BATCH_SIZES:
        out[B] = {"rho": [], "loss": [], "seconds": []}
        for seed in BATCH_SEEDS:
            start = time.perf_counter()
            rng = np.random.default_rng(seed)
            result = train_skipgram(encoded, vocab.counts, rng=rng, batch_size=B, **SETTINGS)
            out[B]["seconds"].append(time.perf_counter() - start)
            out[B]["rho"].append(evaluate_word_pairs(result.center_vectors, vocab, pairs).spearman)
            out[B]["loss"].append(result.epoch_loss[-1])
    return out


def print_batch_size_study(study) -> None:
    print(f"3. minibatch size B, w2vlib, seeds {BATCH_SEEDS[0]} to {BATCH_SEEDS[-1]} "
          "(mean +- standard deviation over the seeds)")
    for B, r in study.items():
        print(f"   B = {B:>4}: rho {np.mean(r['rho']):.3f} +- {np.std(r['rho'], ddof=1):.3f} ("
              + ", ".join(f"{x:.3f}" for x in r["rho"]) + f"),  last-epoch loss {np.mean(r['loss']):.3f} "
              f"+- {np.std(r['loss'], ddof=1):.3f},  {np.median(r['seconds']):.1f} s per run")


def train_gensim(sentences, vocab, seed, epochs):
    from gensim.models import Word2Vec

    s = SETTINGS | {"epochs": epochs}
    model = Word2Vec(
        vector_size=s["vector_size"], window=s["window"], negative=s["negative"], sample=s["sample"],
        alpha=s["alpha"], min_alpha=s["min_alpha"], epochs=s["epochs"], min_count=MIN_COUNT,
        sg=1, hs=0, ns_exponent=0.75, workers=1, seed=seed,
    )
    model.build_vocab(sentences)
    if set(model.wv.index_to_key) != set(vocab.words):
        raise RuntimeError("gensim built a different vocabulary from the same tokens")
    start, cpu = time.perf_counter(), time.process_time()
    model.train(sentences, total_examples=model.corpus_count, epochs=model.epochs)
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu
    return seconds, cpu_seconds, np.stack([model.wv[w] for w in vocab.words])


def main() -> None:
    logging.getLogger("gensim").setLevel(logging.ERROR)
    sentences = lee_background_sentences()
    vocab = Vocabulary.build(sentences, MIN_COUNT)
    pairs = load_word_pairs()
    n_tokens = sum(len(s) for s in sentences)
    epochs = SETTINGS["epochs"]
    print(f"corpus    lee_background.cor: {len(sentences)} documents, {n_tokens} tokens; "
          f"vocabulary {len(vocab)} words (min_count={MIN_COUNT})")
    print("settings  " + ", ".join(f"{k}={v}" for k, v in SETTINGS.items())
          + f", w2vlib batch_size={BATCH_SIZE}")
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"machine   load average {load} on {os.cpu_count()} cores (times vary with it)")
    print()

    trainers = {"w2vlib": train_w2vlib, "gensim": train_gensim}
    for train in trainers.values():  # warm-up: imports, caches, first-call costs
        train(sentences, vocab, 0, 1)
    seconds = {name: [] for name in trainers}
    cpu_seconds = {name: [] for name in trainers}
    scores = {name: [] for name in trainers}
    for seed in SEEDS:
        for name, train in trainers.items():
            sec, cpu, vectors = train(sentences, vocab, seed, epochs)
            seconds[name].append(sec)
            cpu_seconds[name].append(cpu)
            scores[name].append(evaluate_word_pairs(vectors, vocab, pairs))
    rho = {name: [e.spearman for e in scores[name]] for name in trainers}
    print(f"1. skip-gram, negative sampling, {epochs} epochs; WordSim-353 rho over "
          f"{scores['w2vlib'][0].n_pairs}/{scores['w2vlib'][0].n_total} in-vocabulary pairs")
    wps, cpu_wps = {}, {}
    for name in trainers:
        wps[name] = n_tokens * epochs / statistics.median(seconds[name])
        cpu_wps[name] = n_tokens * epochs / statistics.median(cpu_seconds[name])
        print(f"   {name:7s} {wps[name]:>9,.0f} words/s wall, {cpu_wps[name]:>9,.0f} words/s CPU "
              f"(medians of {len(SEEDS)} runs; wall " + ", ".join(f"{s:.2f}" for s in seconds[name])
              + " s)   rho " + ", ".join(f"{r:.3f}" for r in rho[name]) + f" (mean {np.mean(rho[name]):.3f})")
    print(f"   w2vlib / gensim words/s: {wps['w2vlib'] / wps['gensim']:.2f}x wall clock, "
          f"{cpu_wps['w2vlib'] / cpu_wps['gensim']:.2f}x CPU time   (goal >= 0.5x, moonshot 1x)")
    print(f"   mean rho difference w2vlib - gensim: {np.mean(rho['w2vlib']) - np.mean(rho['gensim']):+.3f}")
    print()

    loops = {"classic": classic_loop, "rows": row_loop}
    labels = {
        "classic": "classic loop: neg_sampling_loss_and_gradient per pair, dense (|V|, d) updates",
        "rows": "row loop: same formulas inline on the K + 1 rows of each pair",
    }
    print("2. per-pair Python loops, one epoch on the first documents of the corpus")
    loop_settings = {k: v for k, v in SETTINGS.items() if k != "epochs"}
    for name, loop in loops.items():
        docs = sentences[: LOOP_DOCUMENTS[name]]
        encoded = vocab.encode(docs)
        cpu = time.process_time()
        sec, n_pairs = loop(encoded, vocab.counts, rng=np.random.default_rng(0), **loop_settings)
        cpu = time.process_time() - cpu
        n_docs_tokens = sum(len(s) for s in docs)
        print(f"   {labels[name]}")
        print(f"      {len(docs)} documents, {n_pairs} pairs in {sec:.2f} s wall ({cpu:.2f} s CPU): "
              f"{n_docs_tokens / sec:,.0f} words/s, {1e6 * sec / n_pairs:.1f} us per pair")
        print(f"      w2vlib is {wps['w2vlib'] * sec / n_docs_tokens:,.0f}x faster (wall clock), "
              f"{cpu_wps['w2vlib'] * cpu / n_docs_tokens:,.0f}x (CPU time)"
              + ("   (goal >= 20x)" if name == "classic" else ""))
    print()
    print_batch_size_study(batch_size_study(sentences, vocab, pairs))


if __name__ == "__main__":
    main()
