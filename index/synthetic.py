"""Reproducible synthetic news corpora of any size, for measuring builds and answers at scale.

Articles are made of the seed articles' sentences, recombined by a seeded random generator, with
their numbers changed, so that every passage is new text (the embedding cache cannot short-cut
the build) while reading like the real corpus (the same vocabulary, sentence lengths, lists and
headings). Pure: the same (passages, seed) always gives the same files.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from pathlib import Path

from index.corpus import load_corpus
from index.segment import Kind, segment

SENTENCES_PER_ARTICLE = 30  # about 8 passages (chunks) per article
_DIGITS = re.compile(r"\d+")


def seed_sentences(seeds_dir: Path) -> list[str]:
    """The quotable sentences of the seed articles, the material of synthetic ones."""
    out: list[str] = []
    for doc in load_corpus(seeds_dir).documents:
        out.extend(u.text for u in segment(doc.clean) if u.kind is Kind.SENTENCE and len(u.text) > 40)
    return out


def synthetic_articles(
    sentences: Sequence[str], passages: int, seed: int = 0
) -> list[tuple[str, str, str]]:
    """(file name, title, text) of about `passages` passages' worth of articles."""
    rng = random.Random(f"{seed}:{passages}")
    articles = max(1, round(passages / 8.3))  # ~8.3 passages per article at 30 sentences
    words = sorted({w for s in sentences for w in re.findall(r"[A-Za-z]{5,}", s)})
    out = []
    for n in range(articles):
        title = " ".join(rng.choice(words).capitalize() for _ in range(rng.randint(4, 8)))
        paragraphs = []
        left = SENTENCES_PER_ARTICLE
        while left > 0:
            size = min(left, rng.randint(2, 4))
            picked = [_renumber(rng.choice(sentences), rng) for _ in range(size)]
            paragraphs.append(" ".join(picked))
            left -= size
            if rng.random() < 0.15:
                paragraphs.append(" ".join(rng.choice(words).capitalize() for _ in range(3)))
        text = f"{title}\n" + "\n".join(paragraphs) + "\n"
        out.append((f"synthetic-{n:06d}.txt", title, text))
    return out


def _renumber(sentence: str, rng: random.Random) -> str:
    """The sentence with its numbers replaced (so it is new text, still plausible)."""
    return _DIGITS.sub(lambda m: str(rng.randint(1, 10 ** len(m.group(0)) - 1)), sentence)


def write_corpus(seeds_dir: Path, target: Path, passages: int, seed: int = 0) -> int:
    """Write a synthetic corpus into `target` (once: an existing one is kept); returns its files."""
    marker = target / ".complete"
    if marker.exists():
        return sum(1 for _ in target.glob("*.txt"))
    target.mkdir(parents=True, exist_ok=True)
    articles = synthetic_articles(seed_sentences(seeds_dir), passages, seed)
    lines = ["# Synthetic articles made by `python -m index bench --synthetic` (not real news).\n"]
    for name, title, text in articles:
        (target / name).write_text(text, encoding="utf-8")
        safe = title.replace('"', "'")
        lines.append(f'["{name}"]\ntitle = "{safe}"\noutlet = "Synthetic Wire"\n')
    (target / "sources.toml").write_text("\n".join(lines), encoding="utf-8")
    marker.write_text("ok\n", encoding="utf-8")
    return len(articles)
