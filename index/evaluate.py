"""Measuring the engine: answer quality on a labelled question file, and speed.

Kept apart from the engine so that measuring never changes what is measured; the CLI prints
these reports.
"""

from __future__ import annotations

import json
import resource
import statistics
import time
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from index.config import CoreSettings
from index.engine import Engine
from index.question import validate_question


@dataclass(frozen=True)
class Case:
    """One labelled question: expected strings, or expected to be declined."""

    id: str
    question: str
    expect: tuple[str, ...]
    abstain: bool
    category: str = ""  # e.g. answer_type, metadata, table, list, paraphrase, near_miss
    # A near miss that an article of a neighbour corpus answers: (its file name, expected strings)
    added: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def found_in(self, quote_text: str, source_fields: Sequence[str] = ()) -> bool:
        """Whether a quote answers the case.

        An expected string must be in its words, or, for a question about the articles
        themselves, in the source card shown with it.
        """
        haystacks = [quote_text, *source_fields] if self.category == "metadata" else [quote_text]
        return any(e in h for e in self.expect for h in haystacks)


@dataclass(frozen=True)
class CaseResult:
    """How the engine did on one case."""

    case: Case
    answered: bool
    hit1: bool
    hit3: bool
    best_score: float
    top_quote: str
    top_chars: int


@dataclass(frozen=True)
class EvalReport:
    """The numbers the README and the closing notes quote."""

    results: tuple[CaseResult, ...]
    threshold: float
    label: str = ""
    in_scope: int = field(init=False)
    hit1: float = field(init=False)
    hit3: float = field(init=False)
    out_of_scope: int = field(init=False)
    abstention_accuracy: float = field(init=False)
    false_abstentions: int = field(init=False)
    max_quote_chars: int = field(init=False)

    def __post_init__(self) -> None:
        inside = [r for r in self.results if not r.case.abstain]
        outside = [r for r in self.results if r.case.abstain]
        set_ = object.__setattr__
        set_(self, "in_scope", len(inside))
        set_(self, "hit1", sum(r.hit1 for r in inside) / len(inside) if inside else 0.0)
        set_(self, "hit3", sum(r.hit3 for r in inside) / len(inside) if inside else 0.0)
        set_(self, "out_of_scope", len(outside))
        set_(
            self,
            "abstention_accuracy",
            sum(not r.answered for r in outside) / len(outside) if outside else 1.0,
        )
        set_(self, "false_abstentions", sum(not r.answered for r in inside))
        set_(self, "max_quote_chars", max((r.top_chars for r in self.results), default=0))

    def calibration(self) -> dict[str, float]:
        """The gap abstention must fall into: lowest in-scope and highest out-of-scope score."""
        inside = [r.best_score for r in self.results if not r.case.abstain]
        outside = [r.best_score for r in self.results if r.case.abstain]
        low_in = min(inside, default=1.0)
        high_out = max(outside, default=0.0)
        return {
            "lowest_in_scope": round(low_in, 4),
            "highest_out_of_scope": round(high_out, 4),
            "midpoint": round((low_in + high_out) / 2, 4),
        }

    def by_category(self) -> dict[str, dict[str, Any]]:
        """hit@1/hit@3 (in scope) or declined share (out of scope) per category."""
        groups: dict[str, list[CaseResult]] = {}
        for r in self.results:
            groups.setdefault(r.case.category or ("out_of_scope" if r.case.abstain else "in_scope"), []).append(r)
        out: dict[str, dict[str, Any]] = {}
        for name, rows in sorted(groups.items()):
            if rows[0].case.abstain:
                out[name] = {"n": len(rows), "declined": round(sum(not r.answered for r in rows) / len(rows), 3)}
            else:
                out[name] = {
                    "n": len(rows),
                    "hit@1": round(sum(r.hit1 for r in rows) / len(rows), 3),
                    "hit@3": round(sum(r.hit3 for r in rows) / len(rows), 3),
                    "declined": sum(not r.answered for r in rows),
                }
        return out

    def summary(self) -> dict[str, Any]:
        """The report as plain data (for --json and the README)."""
        return {
            "in_scope": self.in_scope,
            "hit@1": round(self.hit1, 3),
            "hit@3": round(self.hit3, 3),
            "out_of_scope": self.out_of_scope,
            "abstention_accuracy": round(self.abstention_accuracy, 3),
            "false_abstentions": self.false_abstentions,
            "max_top_quote_chars": self.max_quote_chars,
            "threshold": self.threshold,
            **self.calibration(),
        }


def read_cases(path: Path) -> list[Case]:
    """Cases from a JSONL file of {"id", "q", "expect": [...], "abstain"?, "added_answer"?}.

    Raises ValueError naming the file (and the line) for a file that cannot be read, a line
    that is not such an object, or a question the engine would refuse.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ValueError(f"cannot read {path} ({exc.strerror or exc})") from None
    except UnicodeDecodeError as exc:
        raise ValueError(f"{path}: not UTF-8 text (at byte {exc.start})") from None
    cases = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            if not isinstance(row, dict):
                raise ValueError("not a JSON object")
            expect = row.get("expect") or []
            if not isinstance(expect, list) or not all(isinstance(e, str) for e in expect):
                raise ValueError('"expect" must be a list of strings')
            if not isinstance(row.get("q"), str):
                raise ValueError('"q" must be the question, a string')
            cases.append(
                Case(
                    id=str(row.get("id", n)),
                    question=validate_question(row["q"]),
                    expect=tuple(expect),
                    abstain=bool(row.get("abstain", False)),
                    category=str(row.get("category", "")),
                    added=_added(row),
                )
            )
        except ValueError as exc:  # json and QuestionError are ValueErrors too
            raise ValueError(f"{path}:{n}: not a question line ({exc})") from None
    return cases


ADDED_CATEGORY = "added_answer"


def with_added(cases: Iterable[Case], files: Collection[str]) -> list[Case]:
    """The cases as a corpus holding `files` should answer them (pure).

    A near miss about the main story is no longer one when an added article answers it ("what
    tariff did south korea end up with" once the Korea trade deal story is in): a member is
    then served by that article's quote, and declining would be wrong. Such a case becomes a
    question to answer, with the added article's strings, in its own category so that reports
    keep it apart from the main story's questions.
    """
    out = []
    for case in cases:
        expect = tuple(e for name, strings in case.added if name in files for e in strings)
        if case.abstain and expect:
            case = replace(case, expect=tuple(dict.fromkeys(expect)), abstain=False, category=ADDED_CATEGORY)
        out.append(case)
    return out


def _added(row: dict[str, Any]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    value = row.get("added_answer") or []
    if not isinstance(value, list) or not all(
        isinstance(v, dict)
        and isinstance(v.get("file"), str)
        and isinstance(v.get("expect"), list)
        and v["expect"]
        and all(isinstance(e, str) for e in v["expect"])
        for v in value
    ):
        raise ValueError('"added_answer" must be a list of {"file": name, "expect": [strings]}')
    return tuple((v["file"], tuple(v["expect"])) for v in value)


def unlabelled(cases: Iterable[Case]) -> list[str]:
    """The ids of cases with neither an expected string nor `"abstain": true`.

    Scored, such a case would count as a real question no quote can hit: an out-of-scope
    question written without its flag would silently lower hit@1 instead of testing a decline.
    """
    return [c.id for c in cases if not c.expect and not c.abstain]


def evaluate(engine: Engine, cases: Iterable[Case]) -> EvalReport:
    """Run every case; an expected string counts when it appears in a quote."""
    results = []
    for case in cases:
        answer = engine.answer(case.question)
        texts = [q.text for q in answer.quotes]
        hit = [
            case.found_in(q.text, (q.source.title, q.source.outlet, q.source.author, q.source.published))
            for q in answer.quotes
        ]
        passages = [q.text for q in answer.quotes if q.kind == "passage"]
        results.append(
            CaseResult(
                case=case,
                answered=answer.answered,
                hit1=bool(hit[:1] and hit[0]),
                hit3=any(hit[:3]),
                best_score=engine.best_score(case.question),
                top_quote=texts[0] if texts else "",
                top_chars=len(passages[0]) if passages else 0,
            )
        )
    return EvalReport(tuple(results), engine.tuning.abstain.threshold)


def merged_seeds(seeds: Path, extra: Path, target: Path) -> Path:
    """A seeds folder holding both folders' articles and one merged sources.toml.

    Files are copied, not linked: the loader never follows links out of its folder.
    """
    import shutil

    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    manifests = []
    for folder in (seeds, extra):
        for path in sorted(folder.iterdir()):
            if path.name == "sources.toml":
                manifests.append(path.read_text(encoding="utf-8"))
            elif path.suffix.lower() in (".txt", ".md") and path.name.lower() != "readme.md":
                shutil.copy2(path, target / path.name)
    (target / "sources.toml").write_text("\n\n".join(manifests), encoding="utf-8")
    return target


@dataclass(frozen=True)
class BenchReport:
    """Build, answer and memory costs, as `python -m index bench` prints them."""

    passages: int
    sources: int
    cold_build_s: float  # 0 when an index was already there (reused)
    texts_embedded: int
    texts_per_s: float
    open_s: float  # opening the saved index (the model already loaded)
    queries: int
    p50_ms: float
    p95_ms: float
    max_ms: float
    rss_mb: float  # resident memory while serving, after the queries
    peak_rss_mb: float
    index_disk_mb: float
    rebuild_unchanged_s: float
    rebuild_embedded: int
    add_article_s: float  # one new article indexed (embedded, new segment, published)
    remove_article_s: float


def _rss_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _disk_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def _percentile(values: Sequence[float], pct: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    rank = max(0, min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1))))
    return ordered[rank]


def bench(
    settings: CoreSettings,
    questions: Sequence[str],
    *,
    rounds: int = 5,
    progress: Callable[[str, int, int], None] | None = None,
) -> BenchReport:
    """Measure a corpus: cold build (if none yet), opening, answering, memory, rebuilds.

    Changes the seeds folder of `settings` (an article is added, then removed), so run it on a
    copy: the CLI gives it one (a copy of the seeds, or a synthetic corpus).
    """
    stamps: list[float] = []

    def watch(stage: str, done: int, total: int) -> None:
        if stage == "embedding":
            stamps.append(time.perf_counter())
        if progress:
            progress(stage, done, total)

    started = time.perf_counter()
    engine = Engine.open(settings, progress=watch)
    built = engine.opened_report
    cold = time.perf_counter() - started if built is not None and built.embedded else 0.0
    embedded = built.embedded if built is not None else 0
    embed_s = stamps[-1] - stamps[0] if len(stamps) > 1 else 0.0
    started = time.perf_counter()
    again = Engine.open(settings, embedder=engine.embedder, warm=False)
    open_s = time.perf_counter() - started
    again.close()
    for q in questions[:3]:
        engine.answer(q)  # warm-up: first calls pay for lazy initialisation
    timings = []
    for _ in range(rounds):
        for q in questions:
            started = time.perf_counter()
            engine.answer(q)
            timings.append((time.perf_counter() - started) * 1000)
    rss = _rss_mb()
    started = time.perf_counter()
    report = engine.reindex()
    rebuild = time.perf_counter() - started
    extra = settings.seeds_dir / "bench-added-article.txt"
    extra.write_text(_BENCH_ARTICLE, encoding="utf-8")
    try:
        started = time.perf_counter()
        engine.reindex()
        added = time.perf_counter() - started
    finally:
        extra.unlink(missing_ok=True)
    started = time.perf_counter()
    engine.reindex()
    removed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    engine.close()
    return BenchReport(
        passages=engine.chunk_count,
        sources=len(engine.sources()),
        cold_build_s=round(cold, 1),
        texts_embedded=embedded,
        texts_per_s=round(embedded / embed_s, 1) if embed_s else 0.0,
        open_s=round(open_s, 2),
        queries=len(timings),
        p50_ms=round(statistics.median(timings), 2),
        p95_ms=round(_percentile(timings, 95), 2),
        max_ms=round(max(timings), 2),
        rss_mb=round(rss, 1),
        peak_rss_mb=round(peak, 1),
        index_disk_mb=round(_disk_mb(settings.index_dir), 1),
        rebuild_unchanged_s=round(rebuild, 3),
        rebuild_embedded=report.embedded,
        add_article_s=round(added, 3),
        remove_article_s=round(removed, 3),
    )


_BENCH_ARTICLE = (
    "Bench Article On A Refinery Opening\n"
    "A rare earth refinery opened in Nevada on Monday, its operator said, the first of its kind "
    "in the state. The plant will separate neodymium and praseodymium for magnet makers.\n"
    "Officials said the refinery would employ 240 people and process 5,000 tons of concentrate "
    "a year once it reaches full capacity in 2027.\n"
)
