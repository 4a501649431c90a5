"""`python -m index build|ask|sources|eval|bench`: the core without Discord.

Input is checked before anything heavy is loaded, so a bad question fails in milliseconds, not
after the model has loaded. Exit status: 0 ok, 1 failure, 2 bad input.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from index.config import CoreSettings
from index.records import (
    Answer,
    CorpusError,
    QuestionError,
    ReindexBusy,
    ReindexReport,
    SourceSummary,
)
from index.store import IndexWriteError

if TYPE_CHECKING:
    from index.evaluate import Case

log = logging.getLogger("index")

DEFAULT_BENCH_QUESTIONS = (
    "Who signed the agreement?",
    "Where was the agreement signed?",
    "How much will Japan invest in the United States?",
    "What share of rare earths does China process?",
    "What is lithium used for?",
    "What is the stockpiling arrangement?",
    "When will JERA start importing LNG?",
    "What is the capital of Australia?",
)


def _settings(args: argparse.Namespace) -> CoreSettings:
    overrides: dict[str, Any] = {}
    if getattr(args, "seeds", None):
        overrides["seeds_dir"] = Path(args.seeds)
    if getattr(args, "data", None):
        overrides["data_dir"] = Path(args.data)
    return CoreSettings(**overrides)


def _open(settings: CoreSettings, progress: Callable[[str, int, int], None] | None = None) -> Any:
    from index.engine import Engine

    return Engine.open(settings, progress=progress)


def answer_json(answer: Answer) -> dict[str, Any]:
    """The `--json` shape of an answer (one object per line)."""
    return {
        "question": answer.question,
        "answered": answer.answered,
        "reason": answer.reason,
        "read_as": answer.read_as,
        "examples": list(answer.examples),
        "unmentioned": list(answer.unmentioned),
        "untold": list(answer.untold),
        "unrecorded": answer.unrecorded,
        "quotes": [
            {
                "text": q.text,
                "kind": q.kind,
                "source": asdict(q.source),
                "also": [s.id for s in q.also],
                "score": q.score,
            }
            for q in answer.quotes
        ],
        "took_ms": round(answer.took_ms, 2),
    }


def format_answer(answer: Answer) -> str:
    """An answer as plain text for a terminal."""
    lines = [f"Q: {answer.question}"]
    if answer.read_as:
        lines.append(f"(read with your earlier question: {answer.read_as})")
    if not answer.answered:
        lines.append(answer.suggestion or "The articles don't cover this.")
    for n, q in enumerate(answer.quotes, start=1):
        if q.kind == "source":  # the article's metadata, not words quoted from it
            lines.append(f"{n}. [source card] {q.text}")
            continue
        if q.kind == "notice":  # a line of the article's page about the article, not its words
            lines.append(f"{n}. [its page says] {q.text}")
            lines.append(f"   — {q.source.citation()}")
            continue
        lines.append(f"{n}. “{q.text}”")
        cite = f"   — {q.source.citation()}"
        if q.source.url:
            cite += f" <{q.source.url}>"
        lines.append(cite + f"  (score {q.score:.2f})")
        if q.also:
            lines.append("   also reported by: " + "; ".join(s.citation() for s in q.also))
    lines.append(f"({answer.took_ms:.1f} ms, {answer.searched} passages searched)")
    return "\n".join(lines)


def format_report(report: ReindexReport, *, built: bool) -> str:
    """A build report in a few lines."""
    head = "Index built" if built else "Index up to date"
    lines = [
        f"{head}: {report.sources} sources, {report.chunks} passages, "
        f"{report.embedded} texts embedded, {report.took_ms / 1000:.2f} s."
    ]
    for label, titles in (
        ("added", report.added),
        ("changed", report.changed),
        ("removed", report.removed),
    ):
        lines.extend(f"  {label}: {t}" for t in titles)
    lines.extend(f"  skipped: {s}" for s in report.skipped)
    return "\n".join(lines)


def format_sources(summaries: Sequence[SourceSummary]) -> str:
    """The sources as a table-like list."""
    lines = []
    for s in summaries:
        src = s.source
        meta = ", ".join(x for x in (src.outlet, src.author, src.published) if x) or "no metadata"
        lines.append(
            f"{src.id}  {src.title}\n    {meta}; {s.chunks} passages{'; ' + src.url if src.url else ''}"
        )
    return "\n".join(lines)


class _DropRecords(logging.Filter):
    """Drops every record of the logger it is added to."""

    def filter(self, record: logging.LogRecord) -> bool:
        return False


@contextmanager
def _skips_in_report_only() -> Iterator[None]:
    """Keep the loader from logging the skipped files: the build report lists each once.

    (The loader logs them for the bot's log and for `ask`; here the folder is read twice,
    when the engine opens and when it rebuilds, and the report prints them again.)
    """
    corpus_log = logging.getLogger("index.corpus")
    drop = _DropRecords()
    corpus_log.addFilter(drop)
    try:
        yield
    finally:
        corpus_log.removeFilter(drop)


def cmd_build(args: argparse.Namespace, out: TextIO) -> int:
    """Build or update the index and say what changed (each skipped file once)."""
    with _skips_in_report_only():
        progress = _progress_bar()
        engine = _open(_settings(args), progress)
        report = engine.opened_report or engine.reindex(progress)
    out.write(
        format_report(report, built=engine.opened_report is not None or report.changed_anything)
        + "\n"
    )
    return 0


@dataclass(frozen=True)
class _Line:
    """One question line of stdin: its number, and the question or why it was refused."""

    number: int
    raw: str
    question: str = ""
    error: str = ""


def _stdin_lines() -> list[tuple[int, str]]:
    """Numbered lines of stdin, each decoded on its own so one bad line spoils only itself.

    Bytes that are not UTF-8 become lone surrogates (`surrogateescape`), which
    `validate_question` refuses with a message, instead of stopping the whole read.
    """
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is None:  # a text stream without bytes underneath (tests, embedding)
        raw_lines = [line.rstrip("\r\n") for line in sys.stdin]
    else:
        raw_lines = [line.rstrip(b"\r\n").decode("utf-8", "surrogateescape") for line in buffer]
    return list(enumerate(raw_lines, start=1))


def _questions(args: argparse.Namespace) -> list[_Line] | None:
    """The questions to answer, checked; None when there is neither an argument nor a pipe."""
    from index.chars import drop_invisible, has_visible, pair_surrogates
    from index.question import validate_question

    if args.question is not None:
        numbered = [(0, args.question)]
    elif sys.stdin is None or sys.stdin.isatty():
        return None
    else:
        numbered = [
            (n, line)
            for n, line in _stdin_lines()
            # blank lines (zero-width-only ones too) separate questions; they are not questions
            if pair_surrogates(line) is None or has_visible(drop_invisible(line))
        ]
    lines = []
    for n, raw in numbered:
        try:
            lines.append(_Line(n, raw, question=validate_question(raw)))
        except QuestionError as exc:
            lines.append(_Line(n, raw, error=str(exc)))
    return lines


def _shown(text: str, limit: int = 200) -> str:
    """A refused question as it can be printed: undecodable bytes as U+FFFD, cut short."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")[:limit]


def cmd_ask(args: argparse.Namespace, out: TextIO) -> int:
    """Answer one question, or one per line of stdin with the model loaded once.

    A refused line of stdin is reported with its line number and the others are still
    answered; the exit status is then 2.
    """
    lines = _questions(args)
    if lines is None:
        log.error(
            'give a question: python -m index ask "Who signed the agreement?" (or pipe lines in)'
        )
        return 2
    if args.question is not None and lines[0].error:
        log.error("%s", lines[0].error)
        return 2
    if not lines:
        log.error("no questions on stdin")
        return 2
    engine = _open(_settings(args)) if any(not line.error for line in lines) else None
    status = 0
    for line in lines:
        error = line.error
        if not error and engine is not None:
            try:
                answer = engine.answer(line.question, k=args.k, previous=args.previous)
            except QuestionError as exc:
                error = str(exc)
        if error:
            status = 2
            if args.json:
                out.write(
                    json.dumps(
                        {"line": line.number, "question": _shown(line.raw), "error": error},
                        ensure_ascii=False,
                    )
                    + "\n"
                )
            else:
                log.error("line %d: %s", line.number, error)
            continue
        if args.json:
            out.write(json.dumps(answer_json(answer), ensure_ascii=False) + "\n")
        else:
            out.write(format_answer(answer) + "\n\n")
        out.flush()
    return status


def _saved_sources(settings: CoreSettings) -> tuple[SourceSummary, ...] | None:
    """The sources of a saved index, without loading the model (fast path).

    Only when the seeds folder has not changed since (by size and modification time), so the
    list is never stale.
    """
    from index import store
    from index.answering import LoadedSegment, Searcher
    from index.chunking import ChunkParams
    from index.indexer import scan

    try:
        generation = store.read_current(settings.index_dir)
        state = scan(settings.seeds_dir)
    except (store.IndexMissing, store.IndexCorrupt, CorpusError, OSError):
        return None
    if generation.chunker != ChunkParams().as_dict() or generation.manifest_digest != state.manifest_digest:
        return None
    if {f: v[:2] for f, v in generation.files.items()} != {f: (s, m) for f, (_, s, m) in state.files.items()}:
        return None
    try:
        segments = {
            name: LoadedSegment(store.load_segment(settings.index_dir, name, verify=False))
            for name, _ in generation.segments
        }
    except store.IndexCorrupt:
        return None
    return Searcher(generation, segments).summaries


def cmd_sources(args: argparse.Namespace, out: TextIO) -> int:
    """List the sources with their metadata and chunk counts."""
    settings = _settings(args)
    summaries = _saved_sources(settings)
    if summaries is None:
        summaries = _open(settings).sources()
    if args.json:
        for s in summaries:
            out.write(
                json.dumps(
                    {**asdict(s.source), "chunks": s.chunks, "chars": s.chars}, ensure_ascii=False
                )
                + "\n"
            )
    else:
        out.write(format_sources(summaries) + "\n")
    return 0


def _eval_engine(args: argparse.Namespace) -> Any:
    """The engine to evaluate: the seeds, or the seeds with another folder's articles added."""
    settings = _settings(args)
    if not getattr(args, "extra_seeds", None):
        return _open(settings)
    from index.evaluate import merged_seeds

    extra = Path(args.extra_seeds)
    if not extra.is_dir():
        raise CorpusError(f"--extra-seeds {extra} is not a folder")
    work = settings.data_dir / "eval-extra"
    seeds = merged_seeds(settings.seeds_dir, extra, work / "seeds")
    return _open(settings.model_copy(update={"seeds_dir": seeds, "data_dir": work / "data"}))


def _labelled(names: Sequence[str]) -> list[tuple[Path, list[Case]]] | None:
    """Each labelled file's cases, or None after logging why one cannot be used."""
    from index.evaluate import read_cases, unlabelled

    try:
        files = [(Path(f), read_cases(Path(f))) for f in names]
    except (OSError, ValueError) as exc:
        log.error("%s", exc)
        return None
    for path, cases in files:
        if not cases:
            log.error("%s has no questions", path)
            return None
        missing = unlabelled(cases)
        if missing:
            shown = ", ".join(missing[:5]) + (", ..." if len(missing) > 5 else "")
            log.error(
                '%s: %s has neither expected strings nor "abstain": true (an out-of-scope question needs the flag)',
                path,
                shown,
            )
            return None
    return files


def cmd_eval(args: argparse.Namespace, out: TextIO) -> int:
    """Hit@1, hit@3 and abstention on labelled JSONL files, overall and per category."""
    from index.evaluate import evaluate, with_added

    files = _labelled(args.file)
    if files is None:
        return 2
    engine = _eval_engine(args)
    if getattr(args, "added_answers", False) and getattr(args, "extra_seeds", None):
        added = {p.name for p in Path(args.extra_seeds).iterdir()}
        files = [(path, with_added(cases, added)) for path, cases in files]
    for path, cases in files:
        report = evaluate(engine, cases)
        if args.verbose:
            for r in report.results:
                mark = (
                    "declined"
                    if not r.answered
                    else ("hit" if r.hit1 else ("hit@3" if r.hit3 else "MISS"))
                )
                want = "decline" if r.case.abstain else "answer"
                out.write(
                    f"{r.case.id:>5} {r.best_score:.3f} want {want:7} got {mark:8} {r.case.question}\n"
                )
        summary = report.summary()
        categories = report.by_category()
        if args.json:
            out.write(json.dumps({"file": str(path), **summary, "categories": categories}) + "\n")
            continue
        extra = f" + {args.extra_seeds}" if getattr(args, "extra_seeds", None) else ""
        out.write(f"== {path} (corpus: {engine.chunk_count} passages{extra})\n")
        out.write("\n".join(f"{k:>22}: {v}" for k, v in summary.items()) + "\n")
        for name, row in categories.items():
            out.write(f"{name:>22}: " + ", ".join(f"{k} {v}" for k, v in row.items()) + "\n")
    return 0


def cmd_calibrate(args: argparse.Namespace, out: TextIO) -> int:
    """Fit the abstention model on labelled files (in scope = should answer), cross-validated."""
    from index import abstain

    files = _labelled(args.file)
    if files is None:
        return 2
    cases = [c for _, found in files for c in found]
    rows: list[dict[str, float]] = []
    kinds: list[str] = []
    engines = [_open(_settings(args))]
    if getattr(args, "extra_seeds", None):
        engines.append(_eval_engine(args))
    for engine in engines:
        for case in cases:
            features = engine.explain(case.question)
            if features.get("routed"):
                continue  # answered from the articles' metadata: not abstention's call
            rows.append(features)
            kinds.append("answer" if not case.abstain else ("near_miss" if case.category == "near_miss" else "off_topic"))
    result = abstain.cross_validate(rows, kinds, folds=args.folds, max_false_declines=args.max_false_declines)
    out.write(json.dumps(result["summary"], indent=1) + "\n")
    if args.write:
        abstain.save(result["model"], note=f"fitted on {', '.join(args.file)} ({len(rows)} rows)")
        out.write(f"wrote {abstain.MODEL_FILE}\n")
    return 0


def cmd_bench(args: argparse.Namespace, out: TextIO) -> int:
    """Build, answer and memory costs on a copy of the seeds, or on a synthetic corpus."""
    import shutil

    from index.evaluate import bench, read_cases
    from index.synthetic import write_corpus

    if args.rounds < 1:
        log.error("--rounds must be at least 1 (got %d)", args.rounds)
        return 2
    if args.synthetic is not None and args.synthetic < 1:
        log.error("--synthetic must be a number of passages, at least 1 (got %d)", args.synthetic)
        return 2
    questions = list(DEFAULT_BENCH_QUESTIONS)
    if args.questions:
        try:
            questions = [c.question for c in read_cases(Path(args.questions))]
        except ValueError as exc:
            log.error("%s", exc)
            return 2
        if not questions:
            log.error("%s has no questions", args.questions)
            return 2
    settings = _settings(args)
    if args.synthetic:
        work = settings.data_dir / f"synthetic-{args.synthetic}"
        write_corpus(settings.seeds_dir, work / "seeds", args.synthetic)
    else:
        work = settings.data_dir / "bench"
        if (work / "seeds").exists():
            shutil.rmtree(work / "seeds")
        shutil.copytree(settings.seeds_dir, work / "seeds")
    settings = settings.model_copy(
        update={"seeds_dir": work / "seeds", "data_dir": work / "data", "model_cache_dir": settings.model_dir}
    )
    report = bench(settings, questions, rounds=args.rounds, progress=_progress_bar())
    if args.json:
        out.write(json.dumps(asdict(report)) + "\n")
    else:
        out.write("\n".join(f"{k:>20}: {v}" for k, v in asdict(report).items()) + "\n")
    return 0


def _progress_bar() -> Callable[[str, int, int], None] | None:
    """A tqdm bar (rate and ETA) on stderr for long builds; None when stderr is not a terminal."""
    if not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    bars: dict[str, Any] = {}

    def update(stage: str, done: int, total: int) -> None:
        bar = bars.get(stage)
        if bar is None:
            if total < 50:
                return
            bar = bars[stage] = tqdm(total=total, desc=stage, unit=" texts" if stage == "embedding" else " files", leave=False, file=sys.stderr)
        bar.n = done
        bar.refresh()
        if done >= total:
            bar.close()

    return update


def parser() -> argparse.ArgumentParser:
    """The command line."""
    p = argparse.ArgumentParser(prog="python -m index", description=__doc__.splitlines()[0])
    p.add_argument("-v", "--verbose", action="store_true", help="log progress")
    sub = p.add_subparsers(dest="command", required=True)

    def common(sp: argparse.ArgumentParser) -> None:
        sp.add_argument(
            "--seeds", metavar="DIR", help="articles folder (default: SEEDS_DIR or seeds/)"
        )
        sp.add_argument("--data", metavar="DIR", help="index folder (default: DATA_DIR or data/)")

    b = sub.add_parser("build", help="build or update the index")
    common(b)
    a = sub.add_parser("ask", help="answer a question (or one per stdin line)")
    a.add_argument("question", nargs="?", help="the question; omit to read stdin")
    a.add_argument("-k", type=int, default=3, help="at most this many quotes (default 3)")
    a.add_argument("--json", action="store_true", help="one JSON object per answer")
    a.add_argument(
        "--previous",
        metavar="QUESTION",
        help="the earlier question of a conversation: a follow-up is read with it",
    )
    common(a)
    s = sub.add_parser("sources", help="list the sources")
    s.add_argument("--json", action="store_true")
    common(s)
    e = sub.add_parser("eval", help="score labelled JSONL question files")
    e.add_argument("file", nargs="+")
    e.add_argument("--json", action="store_true")
    e.add_argument("--verbose", action="store_true", help="one line per question")
    e.add_argument("--extra-seeds", metavar="DIR", help="add this folder's articles to the corpus")
    e.add_argument(
        "--added-answers",
        action="store_true",
        help='with --extra-seeds: near misses an added article answers ("added_answer") count as questions to answer',
    )
    common(e)
    c = sub.add_parser("calibrate", help="fit the abstention model on labelled files")
    c.add_argument("file", nargs="+")
    c.add_argument("--extra-seeds", metavar="DIR", help="also fit with this folder's articles added")
    c.add_argument("--folds", type=int, default=5)
    c.add_argument("--max-false-declines", type=float, default=0.05)
    c.add_argument("--write", action="store_true", help="save the model for the engine to use")
    common(c)
    n = sub.add_parser("bench", help="measure latency and rebuild time")
    n.add_argument("--questions", metavar="FILE", help="JSONL questions (default: a built-in set)")
    n.add_argument("--rounds", type=int, default=20)
    n.add_argument(
        "--synthetic",
        type=int,
        metavar="N",
        help="measure a reproducible synthetic corpus of about N passages (built once in DATA_DIR)",
    )
    n.add_argument("--json", action="store_true")
    common(n)
    return p


COMMANDS = {
    "build": cmd_build,
    "ask": cmd_ask,
    "sources": cmd_sources,
    "eval": cmd_eval,
    "calibrate": cmd_calibrate,
    "bench": cmd_bench,
}


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run one command; errors become one line on stderr and an exit status, not a traceback."""
    args = parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="index: %(levelname)s: %(message)s",
        stream=sys.stderr,
    )
    try:
        return COMMANDS[args.command](args, out or sys.stdout)
    except CorpusError as exc:
        log.error("%s", exc)
        return 2
    except (IndexWriteError, ReindexBusy) as exc:  # disk full, read-only folder, another build
        log.error("%s", exc)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # the promise is one line, never a traceback (-v shows it)
        log.error("failed: %s: %s", type(exc).__name__, exc, exc_info=args.verbose or None)
        return 1
