"""Synthetic corpora for the scale benchmarks: Zipf text with topics, embedding-like vectors.

Nothing here pretends to be real text.  Each chunk belongs to one of ``n_topics`` topics; its
words are drawn from a Zipf distribution over a global vocabulary mixed with its topic's own
words, and its vector is its topic centre plus a sub-topic offset (20 sub-topics a topic) plus
noise, all with a decaying spectrum and a shared mean direction, so nearest neighbours are
meaningful as with real sentence embeddings (calibrated by eye, not fitted: see README).  Pure random unit vectors are a worst
case no approximate index handles (every neighbour is at noise level); ``vectors(kind="random")``
gives them for comparison.  Questions are drawn the same way from a topic (cosine ~0.6 to it).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

DIM = 384


@dataclass
class Corpus:
    vocab: list[str]
    indptr: np.ndarray  # chunk i's tokens: ids[indptr[i]:indptr[i+1]]
    ids: np.ndarray  # token ids (int32)
    topic: np.ndarray  # chunk -> topic
    n_topics: int
    topic_words: np.ndarray  # (n_topics, words per topic) token ids

    @property
    def n(self) -> int:
        return len(self.indptr) - 1

    def tokens(self, i: int) -> list[str]:
        return [self.vocab[t] for t in self.ids[self.indptr[i]:self.indptr[i + 1]]]

    def text(self, i: int) -> str:
        return " ".join(self.tokens(i))


def make_vocab(size: int, seed: int = 0) -> list[str]:
    """Letter-only words the qa tokenizer keeps as they are (no stop words, stable under stemming)."""
    from qa.search.tokenize import tokenize

    rng = np.random.default_rng(seed)
    syllables = [c + v for c in "bcdfghjklmnpqrstvwxz" for v in "aeiou"]
    out, seen = [], set()
    while len(out) < size:
        picks = rng.integers(0, len(syllables), (2 * size, 4))
        sizes = rng.integers(2, 5, 2 * size)  # 2-4 consonant-vowel syllables and a consonant: "bakotul"
        ends = rng.integers(0, 20, 2 * size)
        for row, n, e in zip(picks.tolist(), sizes.tolist(), ends.tolist()):
            w = "".join(syllables[s] for s in row[:n]) + "bcdfghjklmnpqrstvwxz"[e]
            if w not in seen and tokenize(w) == [w]:
                seen.add(w)
                out.append(w)
                if len(out) == size:
                    break
    return out


def corpus(n: int, *, vocab_size: int = 50_000, mean_len: int = 60, topic_share: float = 0.3,
           words_per_topic: int = 40, seed: int = 0) -> Corpus:
    rng = np.random.default_rng(seed)
    vocab = make_vocab(vocab_size, seed)
    n_topics = max(10, n // 200)
    lengths = np.clip(rng.poisson(mean_len, n), 5, None)
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(lengths, out=indptr[1:])
    total = int(indptr[-1])
    # global words: Zipf(1.1) ranks over the vocabulary
    ranks = rng.zipf(1.1, total)
    ids = ((ranks - 1) % vocab_size).astype(np.int32)
    topic = rng.integers(0, n_topics, n)
    topic_words = rng.integers(vocab_size // 10, vocab_size, (n_topics, words_per_topic)).astype(np.int32)
    own = rng.random(total) < topic_share
    tok_topic = np.repeat(topic, lengths)[own]
    pick = np.minimum(rng.zipf(1.3, own.sum()) - 1, words_per_topic - 1)
    ids[own] = topic_words[tok_topic, pick]
    return Corpus(vocab, indptr, ids, topic, n_topics, topic_words)


def queries(c: Corpus, n: int, seed: int = 1) -> tuple[list[str], np.ndarray]:
    """Questions: 3 words of a topic and 2 global words; returns (texts, their topics)."""
    rng = np.random.default_rng(seed)
    topics = rng.integers(0, c.n_topics, n)
    texts = []
    for t in topics:
        words = [c.vocab[w] for w in rng.choice(c.topic_words[t][:15], 3, replace=False)]
        words += [c.vocab[(int(r) - 1) % len(c.vocab)] for r in rng.zipf(1.1, 2)]
        texts.append(" ".join(words))
    return texts, topics


def _spectrum(rng, n_rows: int, dim: int) -> np.ndarray:
    """Gaussian rows with a power-law spectrum in a random basis (sentence embeddings' shape)."""
    scale = (np.arange(1, dim + 1) ** -0.6).astype(np.float32)
    scale /= np.sqrt((scale ** 2).sum())
    basis = np.linalg.qr(np.random.default_rng(12345).standard_normal((dim, dim)))[0].astype(np.float32)
    return (rng.standard_normal((n_rows, dim)).astype(np.float32) * scale) @ basis


def _unit(x: np.ndarray) -> np.ndarray:
    return x / np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-12)


def topic_centres(n_topics: int, dim: int = DIM, seed: int = 7) -> np.ndarray:
    rng = np.random.default_rng(seed)
    mean = _unit(np.random.default_rng(99).standard_normal((1, dim)).astype(np.float32))
    return _unit(0.35 * mean + _unit(_spectrum(rng, n_topics, dim)))


SUBTOPICS = 20  # each topic has sub-subjects (chunks of one document, one event...)


def _subcentres(n_topics: int, dim: int) -> np.ndarray:
    rng = np.random.default_rng(11)
    centres = topic_centres(n_topics, dim)
    out = np.empty((n_topics, SUBTOPICS, dim), dtype=np.float32)
    for t0 in range(0, n_topics, 1000):
        part = centres[t0:t0 + 1000]
        push = _unit(_spectrum(rng, len(part) * SUBTOPICS, dim)).reshape(len(part), SUBTOPICS, dim)
        out[t0:t0 + 1000] = part[:, None, :] + 0.6 * push
    return out


def vectors(topic: np.ndarray, n_topics: int, *, kind: str = "embedding-like", noise: float = 0.6,
            dim: int = DIM, seed: int = 3, block: int = 200_000) -> np.ndarray:
    """float16 unit vectors, one per chunk (``kind="random"``: uniform on the sphere).

    Embedding-like: topic centre + sub-topic offset + chunk noise (cosine to the topic ~0.75)."""
    rng = np.random.default_rng(seed)
    out = np.empty((len(topic), dim), dtype=np.float16)
    sub = _subcentres(n_topics, dim) if kind != "random" else None
    for at in range(0, len(topic), block):
        part = topic[at:at + block]
        if kind == "random":
            x = rng.standard_normal((len(part), dim)).astype(np.float32)
        else:
            s = rng.integers(0, SUBTOPICS, len(part))
            x = sub[part, s] + noise * _unit(_spectrum(rng, len(part), dim))
        out[at:at + block] = _unit(x).astype(np.float16)
    return out


def query_vectors(topics: np.ndarray, n_topics: int, *, kind: str = "embedding-like", noise: float = 0.9,
                  dim: int = DIM, seed: int = 5) -> np.ndarray:
    rng = np.random.default_rng(seed)
    if kind == "random":
        return _unit(rng.standard_normal((len(topics), dim)).astype(np.float32))
    s = rng.integers(0, SUBTOPICS, len(topics))
    return _unit(_subcentres(n_topics, dim)[topics, s] + noise * _unit(_spectrum(rng, len(topics), dim)))
