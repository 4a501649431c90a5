"""Incremental rebuilds: only what changed is read and embedded, a killed build resumes, and an
index updated one change at a time answers exactly like a cold build of the final folder.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from index_testkit import REPO, FakeEmbedder, make_settings

import index.indexer
from index.chunking import ChunkParams
from index.corpus import load_document
from index.embed import Pooled
from index.engine import Engine
from index.indexer import prepare

# A small corpus of our own: distinct stories, each with a second version of another length
# (a change is noticed by size and modification time; see the README's scaling section).
POOL: dict[str, tuple[str, str]] = {
    "lithium.txt": (
        "Lithium deal signed\n"
        "Australia and Japan signed a lithium supply agreement in Perth on November 3, 2025. "
        "The deal covers 40,000 tonnes of lithium hydroxide per year from the Greenbushes mine. "
        "Miners welcomed it.",
        "Lithium deal signed\n"
        "Australia and Japan signed a lithium supply agreement in Perth on November 3, 2025. "
        "The deal covers 40,000 tonnes of lithium hydroxide per year from the Greenbushes mine. "
        "Miners welcomed it. Prices for lithium hydroxide rose after the announcement.",
    ),
    "ports.txt": (
        "Port expansion approved\n"
        "The harbour authority approved a new container terminal in Rotterdam on Tuesday. "
        "Construction will take three years and cost $2 billion. "
        "The terminal will open in 2029.",
        "Port expansion approved\n"
        "The harbour authority approved a new container terminal in Rotterdam on Tuesday. "
        "Construction will take four years and cost $2.5 billion after a review. "
        "The terminal will open in 2030.",
    ),
    "cobalt.txt": (
        "Cobalt refinery opens\n"
        "Nordic Metals opened a cobalt refinery in Kokkola, Finland. "
        "The refinery is run by chief executive Anna Virtanen. "
        "It will supply battery makers in Germany.",
        "Cobalt refinery opens\n"
        "Nordic Metals opened a cobalt refinery in Kokkola, Finland, last week. "
        "The refinery is run by chief executive Anna Virtanen. "
        "It will supply battery makers in Germany and Sweden.",
    ),
    "ships.txt": (
        "Shipbuilding order\n"
        "A shipyard in Ulsan, Korea, won an order for twelve LNG carriers. "
        "The ships will be delivered from 2027 to 2029.",
        "Shipbuilding order\n"
        "A shipyard in Ulsan, Korea, won an order for fourteen LNG carriers worth $3 billion. "
        "The ships will be delivered from 2027 to 2030.",
    ),
    "terms.txt": (
        "Trade pact terms\n"
        "The key terms of the pact include:\n"
        "- Tariffs on steel fall to zero.\n"
        "- Quotas on rice are lifted.\n"
        "Both governments must ratify it by June.",
        "Trade pact terms\n"
        "The key terms of the pact include:\n"
        "- Tariffs on steel fall to zero.\n"
        "- Quotas on rice are lifted.\n"
        "- A joint committee meets every year.\n"
        "Both governments must ratify it by June.",
    ),
    "table.txt": (
        "Producers compared\n"
        "| Country | Mineral | Partner |\n"
        "|---|---|---|\n"
        "| Chile | Lithium | Japan |\n"
        "| Norway | Graphite | EU |\n\n"
        "The table shows the main producers of battery minerals.",
        "Producers compared\n"
        "| Country | Mineral | Partner |\n"
        "|---|---|---|\n"
        "| Chile | Lithium | Japan |\n"
        "| Norway | Graphite | EU |\n"
        "| Congo | Cobalt | China |\n\n"
        "The table shows the main producers of battery minerals.",
    ),
}
QUESTIONS = [
    "Where was the lithium agreement signed?",
    "How much lithium hydroxide does the deal cover?",
    "When will the container terminal open?",
    "Who runs the cobalt refinery?",
    "What are the key terms of the pact?",
    "Which country is Chile's partner for lithium?",
    "How many LNG carriers did the shipyard order?",
    "zebracorn unicorn xylophone",
]


def write(folder: Path, name: str, version: int) -> None:
    (folder / name).write_text(POOL[name][version], encoding="utf-8")


def answers(engine: Engine) -> list[tuple]:
    out = []
    for question in QUESTIONS:
        a = engine.answer(question)
        out.append(
            (
                question,
                a.answered,
                tuple((q.kind, q.text, q.source, q.start, q.end, q.score, tuple(s.id for s in q.also)) for q in a.quotes),
            )
        )
    return out


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for name in POOL:
        write(seeds, name, 0)
    return seeds


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The article files a rebuild reads (by name)."""
    calls: list[str] = []

    def counting(path: Path, entry=None):
        calls.append(Path(path).name)
        return load_document(path, entry)

    monkeypatch.setattr(index.indexer, "load_document", counting)
    return calls


def chunk_texts(path: Path) -> set[str]:
    return {p.chunk.embed_text for p in prepare(load_document(path), ChunkParams()).plans}


class Recording(FakeEmbedder):
    """Remembers every text it embeds for a build."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[str] = []

    def embed_spans(self, texts, spans):
        self.seen.extend(texts)
        return super().embed_spans(texts, spans)


# --- what a rebuild reads and embeds --------------------------------------------------------


def test_an_unchanged_rebuild_reads_no_article_and_embeds_nothing(folder: Path, tmp_path, loads) -> None:
    fake = FakeEmbedder()
    engine = Engine.open(make_settings(folder, tmp_path / "data"), embedder=fake)
    assert sorted(loads) == sorted(POOL)  # the cold build read each file once
    loads.clear()
    before, generation = fake.build_texts, engine.generation
    report = engine.reindex()
    assert loads == [] and fake.build_texts == before
    assert (report.embedded, report.unchanged, report.changed_anything) == (0, len(POOL), False)
    assert engine.generation == generation  # nothing new was published
    engine.close()
    # a restart on the unchanged folder reads nothing either
    again = Engine.open(make_settings(folder, tmp_path / "data"), embedder=FakeEmbedder())
    assert loads == [] and again.opened_report is None
    again.close()


def test_a_touched_but_unchanged_article_is_read_but_not_embedded(folder: Path, tmp_path, loads) -> None:
    fake = FakeEmbedder()
    engine = Engine.open(make_settings(folder, tmp_path / "data"), embedder=fake)
    loads.clear()
    before = fake.build_texts
    os.utime(folder / "ports.txt")
    report = engine.reindex()
    assert loads == ["ports.txt"] and fake.build_texts == before
    assert report.unchanged == len(POOL) and not report.changed_anything
    engine.close()


def test_changing_one_article_embeds_only_its_chunks(folder: Path, tmp_path, loads) -> None:
    fake = Recording()
    engine = Engine.open(make_settings(folder, tmp_path / "data"), embedder=fake)
    loads.clear()
    fake.seen.clear()
    write(folder, "ports.txt", 1)
    report = engine.reindex()
    assert loads == ["ports.txt"]
    assert report.changed == ("Port expansion approved",) and report.unchanged == len(POOL) - 1
    assert 0 < report.embedded == len(fake.seen)
    assert set(fake.seen) <= chunk_texts(folder / "ports.txt")
    assert "$2.5 billion" in engine.answer("How much will the terminal cost?").quotes[0].text
    engine.close()


def test_removing_an_article_reads_and_embeds_nothing(folder: Path, tmp_path, loads) -> None:
    fake = FakeEmbedder()
    engine = Engine.open(make_settings(folder, tmp_path / "data"), embedder=fake)
    loads.clear()
    before = fake.build_texts
    (folder / "cobalt.txt").unlink()
    report = engine.reindex()
    assert loads == [] and fake.build_texts == before and report.embedded == 0
    assert report.removed == ("Cobalt refinery opens",)
    assert "cobalt" not in {s.source.id for s in engine.sources()}
    assert all(q.source.id != "cobalt" for q in engine.answer("Who runs the cobalt refinery?").quotes)
    engine.close()


def test_adding_an_article_back_comes_from_the_cache(folder: Path, tmp_path) -> None:
    fake = FakeEmbedder()
    engine = Engine.open(make_settings(folder, tmp_path / "data"), embedder=fake)
    saved = (folder / "ships.txt").read_bytes()
    (folder / "ships.txt").unlink()
    engine.reindex()
    (folder / "ships.txt").write_bytes(saved)
    before = fake.build_texts
    report = engine.reindex()
    assert report.added == ("Shipbuilding order",) and report.embedded == 0
    assert fake.build_texts == before
    engine.close()


CHILD = textwrap.dedent(
    """
    import os, sys
    sys.path[:0] = [{repo!r}, {testkit!r}]
    from pathlib import Path
    import index.indexer
    from functools import partial
    from index.engine import Engine
    from index_testkit import FakeEmbedder, make_settings

    index.indexer.embed_cached = partial(index.indexer.embed_cached, batch=4)

    class Dying(FakeEmbedder):
        def embed_spans(self, texts, spans):
            if self.calls == 2:
                os._exit(9)  # killed in the middle of the third batch
            return super().embed_spans(texts, spans)

    Engine.open(make_settings(Path({seeds!r}), Path({data!r})), embedder=Dying())
    """
)


def test_a_killed_build_resumes_from_the_cache(fake_settings) -> None:
    script = CHILD.format(
        repo=str(REPO),
        testkit=str(REPO / "tests" / "index"),
        seeds=str(fake_settings.seeds_dir),
        data=str(fake_settings.data_dir),
    )
    child = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=120, check=False)
    assert child.returncode == 9, child.stderr.decode()[-2000:]
    assert not (fake_settings.index_dir / "CURRENT").exists()  # it never published

    fake = FakeEmbedder()
    engine = Engine.open(fake_settings, embedder=fake)
    report = engine.opened_report
    assert report is not None and report.sources == 5
    # the two batches embedded before the kill came from the cache; only the rest was embedded
    assert report.embedded == fake.build_texts == engine.chunk_count - 2 * 4
    assert engine.answer("What is lithium essential for?").answered
    engine.close()


def test_a_build_that_fails_half_way_resumes_from_the_cache(fake_settings, monkeypatch) -> None:
    from functools import partial

    monkeypatch.setattr(index.indexer, "embed_cached", partial(index.indexer.embed_cached, batch=5))

    class Failing(FakeEmbedder):
        def embed_spans(self, texts, spans):
            if self.calls == 2:
                raise RuntimeError("the machine ran out of memory")
            return super().embed_spans(texts, spans)

    with pytest.raises(RuntimeError, match="out of memory"):
        Engine.open(fake_settings, embedder=Failing())
    fake = FakeEmbedder()
    engine = Engine.open(fake_settings, embedder=fake)
    assert engine.opened_report is not None
    assert engine.opened_report.embedded == fake.build_texts == engine.chunk_count - 2 * 5
    engine.close()


# --- incremental == cold (issue 8's property) -----------------------------------------------

operations = st.lists(
    st.tuples(st.sampled_from(["add", "remove", "change", "retitle"]), st.sampled_from(sorted(POOL))),
    min_size=1,
    max_size=8,
)


def apply(folder: Path, op: str, name: str, versions: dict[str, int]) -> None:
    path = folder / name
    present = sorted(p.name for p in folder.glob("*.txt"))
    if op == "add" and not path.exists():
        versions[name] = 0
        write(folder, name, 0)
    elif op == "remove" and path.exists() and len(present) > 1:
        path.unlink()
    elif op == "change" and path.exists():
        versions[name] = 1 - versions.get(name, 0)
        write(folder, name, versions[name])
    elif op == "retitle" and path.exists():
        manifest = folder / "sources.toml"
        old = manifest.read_text(encoding="utf-8") if manifest.exists() else ""
        entry = f'["{name}"]\ntitle = "Retitled {name}"\noutlet = "Wire"\n'
        manifest.write_text(old.replace(entry, "") if entry in old else old + entry, encoding="utf-8")


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(start=st.sets(st.sampled_from(sorted(POOL)), min_size=1), ops=operations)
@example(start={"lithium.txt", "cobalt.txt"}, ops=[("remove", "lithium.txt")])
@example(start={"lithium.txt", "cobalt.txt"}, ops=[("add", "ships.txt"), ("add", "ports.txt")])
@example(start={"table.txt", "terms.txt", "ports.txt"}, ops=[("change", "table.txt"), ("remove", "terms.txt")])
@example(start=set(POOL), ops=[("retitle", "ships.txt"), ("change", "lithium.txt"), ("remove", "cobalt.txt"), ("add", "cobalt.txt")])
def test_an_incrementally_updated_index_answers_like_a_cold_build(start, ops) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        folder = root / "seeds"
        folder.mkdir()
        versions: dict[str, int] = {}
        for name in sorted(start):
            write(folder, name, 0)
        live = Engine.open(make_settings(folder, root / "live"), embedder=FakeEmbedder())
        for op, name in ops:
            apply(folder, op, name, versions)
            live.reindex()
        shutil.copytree(folder, root / "final")
        cold = Engine.open(make_settings(root / "final", root / "cold"), embedder=FakeEmbedder())
        try:
            assert live.sources() == cold.sources()
            assert live.chunk_count == cold.chunk_count
            assert answers(live) == answers(cold)
        finally:
            live.close()
            cold.close()


class Thirds(FakeEmbedder):
    """Span sums a float16 cannot hold exactly and, as a real model's, read in context: the
    same sentence sums to another vector in each chunk that holds it."""

    def embed_spans(self, texts, spans):
        return [
            Pooled(p.vector, (p.span_sums * 0.917 / (3.0 + len(t) % 7)).astype(np.float32), p.span_tokens)
            for t, p in zip(texts, super().embed_spans(texts, spans), strict=True)
        ]


def test_a_build_from_the_cache_answers_exactly_like_the_build_that_filled_it(folder: Path, tmp_path) -> None:
    # Two machines, or a fresh data folder beside the old one: the same articles must give
    # the same quotes with the same scores, or a near tie flips from one build to the next.
    # A long article: its chunks overlap, so a sentence's vector adds up what two chunks read.
    (folder / "long.txt").write_text(
        "Smelter report\n"
        + " ".join(f"The smelter in town {n} produced {n * 7} tonnes of nickel in week {n}." for n in range(60)),
        encoding="utf-8",
    )
    questions = ("how much will the terminal cost", "how much nickel did town 12 produce", "who runs the refinery")
    answers = {}
    for name in ("one", "two"):
        fake = Thirds()
        engine = Engine.open(make_settings(folder, tmp_path / name), embedder=fake)
        answers[name] = [[(q.text, q.score) for q in engine.answer(question).quotes] for question in questions]
        engine.close()
        if name == "one":
            (tmp_path / "two").mkdir()
            shutil.copy(tmp_path / "one" / "embeddings.sqlite", tmp_path / "two" / "embeddings.sqlite")
    assert fake.build_texts == 0  # the second build read every passage from the cache
    assert answers["one"] == answers["two"]
    # ... down to the last digit of every sentence's vector, where near ties are decided
    (one,) = (tmp_path / "one" / "index" / "segments").iterdir()
    (two,) = (tmp_path / "two" / "index" / "segments").iterdir()
    assert np.array_equal(np.load(one / "unit_sum.npy"), np.load(two / "unit_sum.npy"))
