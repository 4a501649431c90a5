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
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from index.records import CorpusError, Document, Source
from index.segment import split_sentences
from index.text import UndecodableError, clean_text, decode_bytes, parse_date

log = logging.getLogger(__name__)

ARTICLE_SUFFIXES = (".txt", ".md")
MANIFEST_NAME = "sources.toml"
METADATA_FIELDS = ("title", "outlet", "author", "published", "url")
MAX_ARTICLE_BYTES = 5_000_000


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


def read_manifest(path: Path) -> tuple[dict[str, dict[str, str]], list[str]]:
    """Metadata per file name, and warnings; a broken manifest degrades to derived metadata."""
    if not path.exists():
        return {}, []
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return {}, [f"{path.name}: unreadable ({exc}); titles are taken from the articles"]
    entries: dict[str, dict[str, str]] = {}
    warnings: list[str] = []
    for name, table in data.items():
        if not isinstance(table, Mapping):
            warnings.append(f"{path.name}: entry {name!r} is not a table; ignored")
            continue
        entry = {k: str(table.get(k, "")).strip() for k in METADATA_FIELDS}
        if entry["published"] and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", entry["published"]):
            warnings.append(f"{path.name}: {name}: published must be YYYY-MM-DD; ignored")
            entry["published"] = ""
        if entry["url"] and not re.match(r"https?://\S+$", entry["url"]):
            warnings.append(f"{path.name}: {name}: url must start with http(s)://; ignored")
            entry["url"] = ""
        entries[name] = entry
    return entries, warnings


def derive_title(clean: str, limit: int = 100) -> str:
    """A title for an article that came without one: its first line, shortened at a word."""
    first = next((line for line in clean.split("\n") if line.strip()), "Untitled article")
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
        raise UndecodableError("no article text left after cleaning")
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
    return Document(source=source, path=str(path), raw=raw, clean=cleaned.text, digest=digest)


def article_paths(seeds_dir: Path) -> list[Path]:
    """The article files of the folder, without reading them; CorpusError if there are none."""
    if not seeds_dir.is_dir():
        raise CorpusError(f"seeds folder {seeds_dir} does not exist (set SEEDS_DIR)")
    paths = sorted(
        p
        for p in seeds_dir.iterdir()
        if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES and not p.name.startswith(".")
    )
    if not paths:
        raise CorpusError(f"seeds folder {seeds_dir} has no articles (.txt or .md files)")
    return paths


def load_corpus(seeds_dir: Path) -> Corpus:
    """Every readable article in the folder; unreadable ones are skipped with a warning."""
    paths = article_paths(seeds_dir)
    manifest, skipped = read_manifest(seeds_dir / MANIFEST_NAME)
    documents: list[Document] = []
    seen: dict[str, str] = {}
    for path in paths:
        if path.stem in seen:  # the stem is the source id: two files cannot share it
            skipped.append(f"{path.name}: same name as {seen[path.stem]}; rename one of them")
            continue
        seen[path.stem] = path.name
        try:
            documents.append(load_document(path, manifest.get(path.name)))
        except (OSError, UndecodableError) as exc:
            skipped.append(f"{path.name}: {exc}")
    for line in skipped:
        log.warning("skipped %s", line)
    if not documents:
        raise CorpusError(f"no readable article in {seeds_dir}: " + "; ".join(skipped))
    return Corpus(documents=tuple(documents), skipped=tuple(skipped))
