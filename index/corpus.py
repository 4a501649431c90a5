"""Loading the seeds folder: article files plus their metadata manifest.

A broken file must never stop the others from being indexed, and an article without metadata
must still be usable, so every problem becomes a warning naming the file, and only a folder with
nothing readable at all is an error.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from index.chars import has_visible
from index.metadata import METADATA_FIELDS, read_sources
from index.records import CorpusError, Document, Source
from index.segment import split_sentences
from index.text import UndecodableError, clean_text, decode_bytes, parse_date

log = logging.getLogger(__name__)

ARTICLE_SUFFIXES = (".txt", ".md")
MANIFEST_NAME = "sources.toml"
MAX_ARTICLE_BYTES = 5_000_000
# The page furniture kept per article (see `Document.furniture`): enough for a related-links list.
FURNITURE_LINES = 80
FURNITURE_CHARS = 300
# Fewer words than this is not an article but page furniture the patterns did not know
# ("Home | World | Business"); /ingest refuses the same.
MIN_ARTICLE_WORDS = 5


@dataclass(frozen=True)
class Corpus:
    """The readable articles, and the files that were skipped with the reason."""

    documents: tuple[Document, ...]
    skipped: tuple[str, ...] = ()

    def digest(self) -> str:
        """One hash for the whole corpus: a saved index built from another corpus is stale."""
        h = hashlib.sha256()
        for doc in sorted(self.documents, key=lambda d: d.source.id):
            h.update(f"{doc.source.id}\0{doc.digest}\0".encode())
        return h.hexdigest()


def derive_title(clean: str, limit: int = 100) -> str:
    """A title for an article that came without one: its first line, shortened at a word."""
    first = next((line for line in clean.split("\n") if has_visible(line)), "Untitled article")
    first = re.sub(r"^[^\w“\"'(]+", "", first).strip() or "Untitled article"
    sentences = split_sentences(first)  # knows "U.S." does not end a sentence
    first = first[: sentences[0][1]] if sentences else first
    if len(first) <= limit:
        return first.rstrip(".")
    return first[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def load_document(path: Path, entry: Mapping[str, str] | None = None) -> Document:
    """Read and clean one article; raises UndecodableError or OSError for a file to skip."""
    entry = dict(entry or {})
    data = path.read_bytes()
    if len(data) > MAX_ARTICLE_BYTES:
        raise UndecodableError(f"too large ({len(data)} bytes)")
    raw = decode_bytes(data)
    if not raw.strip():
        raise UndecodableError("empty file")
    cleaned = clean_text(raw, outlet=entry.get("outlet", ""))
    if not cleaned.text.strip():
        raise UndecodableError("no article text left after cleaning (only page furniture)")
    if len(cleaned.text.split()) < MIN_ARTICLE_WORDS:
        raise UndecodableError(
            f"only {len(cleaned.text.split())} words left after cleaning (page furniture?)"
        )
    source = Source(
        id=path.stem,
        title=entry.get("title") or derive_title(cleaned.text),
        outlet=entry.get("outlet", ""),
        author=entry.get("author") or cleaned.author,
        published=entry.get("published") or parse_date(cleaned.date_text),
        url=entry.get("url", ""),
    )
    meta = json.dumps({k: entry.get(k, "") for k in METADATA_FIELDS}, sort_keys=True)
    digest = hashlib.sha256(data + b"\0" + meta.encode()).hexdigest()
    furniture = tuple(line.strip()[:FURNITURE_CHARS] for line in cleaned.removed[:FURNITURE_LINES] if line.strip())
    return Document(
        source=source, path=str(path), raw=raw, clean=cleaned.text, digest=digest, furniture=furniture
    )


def inside(path: Path, root: Path) -> bool:
    """Whether `path`, with every link followed, lies inside the folder `root`."""
    try:
        return path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # a link loop
        return False


def link_problem(path: Path, root: Path) -> str:
    """Why a file of the folder must not be read ("" if it may): a link leading outside it.

    The seeds folder is what the bot may quote; a link to `/etc/…` or a secrets file placed in
    it (by mistake or by an attacker with write access to the folder only) must not be followed.
    Links within the folder are fine.
    """
    if not path.is_symlink():
        return ""
    if not inside(path, root):
        return "a link to a file outside the seeds folder; not read"
    if not path.exists():
        return "a link to a file that does not exist; not read"
    return ""


def scan_folder(seeds_dir: Path) -> tuple[list[Path], dict[str, str]]:
    """The article files of the folder, without reading them, and those refused with why.

    A file whose stem (the source id) another file already has is refused.

    Raises CorpusError for a folder that is missing or cannot be listed.
    """
    if not seeds_dir.is_dir():
        raise CorpusError(f"seeds folder {seeds_dir} does not exist (set SEEDS_DIR)")
    try:
        names = sorted(seeds_dir.iterdir())
    except OSError as exc:
        raise CorpusError(
            f"cannot read the seeds folder {seeds_dir} ({exc.strerror or exc})"
        ) from None
    paths: list[Path] = []
    refused: dict[str, str] = {}
    stems: dict[str, str] = {}
    for path in names:
        if path.suffix.lower() not in ARTICLE_SUFFIXES or path.name.startswith("."):
            continue
        if problem := link_problem(path, seeds_dir):
            refused[path.name] = problem
        elif not path.is_file():
            continue
        elif path.stem in stems:  # the stem is the source id: two files cannot share it
            refused[path.name] = f"same name as {stems[path.stem]}; rename one of them"
        else:
            stems[path.stem] = path.name
            paths.append(path)
    if not paths:
        raise CorpusError(
            f"seeds folder {seeds_dir} has no articles (.txt or .md files)"
            + "".join(f"; {name}: {why}" for name, why in refused.items())
        )
    return paths, refused


def article_paths(seeds_dir: Path) -> list[Path]:
    """The readable article files of the folder; CorpusError if there are none."""
    return scan_folder(seeds_dir)[0]


def read_metadata(
    seeds_dir: Path, article_names: set[str]
) -> tuple[dict[str, Mapping[str, str]], list[str]]:
    """The metadata of `sources.toml` (never read through a link leading outside the folder)."""
    path = seeds_dir / MANIFEST_NAME
    if problem := link_problem(path, seeds_dir):
        return {}, [f"{MANIFEST_NAME}: {problem} (titles are taken from the articles)"]
    found = read_sources(path, article_names)
    return dict(found.entries), list(found.warnings)


def load_corpus(seeds_dir: Path) -> Corpus:
    """Every readable article in the folder; unreadable ones are skipped with a warning.

    Each warning is logged once here; callers show `Corpus.skipped` to the operator.
    """
    paths, refused = scan_folder(seeds_dir)
    skipped = [f"{name}: {why}" for name, why in refused.items()]
    manifest, warnings = read_metadata(seeds_dir, {p.name for p in paths} | set(refused))
    skipped.extend(warnings)
    documents: list[Document] = []
    for path in paths:
        try:
            documents.append(load_document(path, manifest.get(path.name)))
        except (OSError, UndecodableError) as exc:
            skipped.append(f"{path.name}: {exc}")
    for line in skipped:
        log.warning("skipped %s", line)
    if not documents:
        raise CorpusError(f"no readable article in {seeds_dir}: " + "; ".join(skipped))
    return Corpus(documents=tuple(documents), skipped=tuple(skipped))
