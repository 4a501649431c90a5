"""Adding and removing articles in the seeds folder, safely.

Uploads come from Discord members (moderators, but still untrusted input), so everything is
validated before a byte is written, file names are derived from the title (never from the
uploaded name), and writes are ordered so that a crash at any point leaves a consistent folder:

- adding: the metadata entry is written first (an entry without its file is ignored by the
  loader), then the article appears atomically (temp file + rename). A crash after that is healed
  by the next start, which sees the corpus changed and rebuilds the index.
- removing: the article file goes first, then its metadata entry.

`sources.toml` is edited as text, entry by entry, so its comments survive.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from index.chars import bidi_controls_in, drop_invisible, has_visible, pair_surrogates
from index.corpus import ARTICLE_SUFFIXES, MANIFEST_NAME, MIN_ARTICLE_WORDS, Corpus, inside
from index.metadata import url_problem
from index.text import UndecodableError, clean_text, decode_bytes, looks_like_mojibake

MAX_INGEST_BYTES = 1_000_000
MAX_TITLE_CHARS = 200


class IngestError(ValueError):
    """An upload refused before anything was written; the message is for the moderator."""


@dataclass(frozen=True)
class ArticleMeta:
    """What a moderator says about an uploaded article."""

    title: str
    outlet: str = ""
    author: str = ""
    published: str = ""  # YYYY-MM-DD or ""
    url: str = ""


@dataclass(frozen=True)
class ValidArticle:
    """An upload that passed every check, ready to be written."""

    text: str  # decoded (and mojibake-repaired) article text, saved as UTF-8
    meta: ArticleMeta
    filename: str


def content_hash(clean: str) -> str:
    """Identity of an article's content, blind to whitespace and letter case."""
    return hashlib.sha256(" ".join(clean.split()).casefold().encode()).hexdigest()


def safe_filename(title: str, taken: set[str], suffix: str = ".txt") -> str:
    """An ASCII slug of the title, unique in the folder; no path can be smuggled through it.

    Unique by stem, whatever the extension: the stem is the source id, so `deal.md` next to
    `deal.txt` would make two sources one.
    """
    spaced = re.sub(r"[\W_]+", " ", title)  # dashes and punctuation of any script split words
    ascii_title = unicodedata.normalize("NFKD", spaced).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")[:60].strip("-") or "article"
    stems = {Path(name).stem.casefold() for name in taken}
    stem, n = slug, 2
    while stem in stems:
        stem = f"{slug}-{n}"
        n += 1
    return f"{stem}{suffix}"


def _field(name: str, value: str) -> str:
    """One metadata field, tidied; refused if it holds what must never be shown to members."""
    paired = pair_surrogates(value)
    if paired is None:
        raise IngestError(f"The {name} contains characters that are not valid text.")
    if controls := bidi_controls_in(paired):
        raise IngestError(
            f"The {name} contains invisible characters that change the text direction "
            f"({', '.join(controls)}), which can make it display as something else; "
            "remove them and try again."
        )
    text = " ".join(drop_invisible(paired).split())
    return text if has_visible(text) else ""  # zero-width-only counts as empty


def _check_meta(meta: ArticleMeta) -> ArticleMeta:
    title = _field("title", meta.title)
    if not title:
        raise IngestError("A title is required.")
    if len(title) > MAX_TITLE_CHARS:
        raise IngestError(f"The title is too long (at most {MAX_TITLE_CHARS} characters).")
    published = meta.published.strip()
    if published:
        try:
            date.fromisoformat(published)
        except ValueError:
            raise IngestError("`published` must be a date written YYYY-MM-DD.") from None
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", published):
            raise IngestError("`published` must be a date written YYYY-MM-DD.")
    url = meta.url.strip()
    if url and (problem := url_problem(url)):
        raise IngestError(f"`url` {problem}: give the article's web address (http:// or https://).")
    return ArticleMeta(
        title=title,
        outlet=_field("outlet", meta.outlet),
        author=_field("author", meta.author),
        published=published,
        url=url,
    )


def validate_article(
    data: bytes,
    upload_name: str,
    meta: ArticleMeta,
    corpus: Corpus | None,
    taken_names: set[str] | frozenset[str] = frozenset(),
) -> ValidArticle:
    """Check an upload completely; raises IngestError saying what is wrong.

    `taken_names` are file names already in the seeds folder (readable or not), which the new
    file must not overwrite.
    """
    suffix = Path(upload_name).suffix.lower()
    if suffix not in ARTICLE_SUFFIXES:
        raise IngestError("Attach the article as a .txt or .md file.")
    if len(data) > MAX_INGEST_BYTES:
        raise IngestError(
            f"The file is {len(data) / 1e6:.1f} MB; articles can be at most {MAX_INGEST_BYTES / 1e6:.0f} MB."
        )
    try:
        text = decode_bytes(data)
    except UndecodableError as exc:
        raise IngestError(f"That file is not readable text ({exc}).") from None
    if not text.strip():
        raise IngestError("The file is empty.")
    meta = _check_meta(meta)
    cleaned = clean_text(text, outlet=meta.outlet)
    if len(cleaned.text.split()) < MIN_ARTICLE_WORDS:
        raise IngestError("The file has no article text (after removing page furniture).")
    if looks_like_mojibake(cleaned.text):
        raise IngestError("The text's encoding could not be repaired; save it as UTF-8 and retry.")
    # The same article may clean differently under other metadata (an outlet line is only
    # furniture when it names the outlet), so the raw text is compared too.
    digests = {content_hash(cleaned.text), content_hash(text)}
    for doc in corpus.documents if corpus else ():
        if {content_hash(doc.clean), content_hash(doc.raw)} & digests:
            raise IngestError(f"This article is already indexed as “{doc.source.title}”.")
    filename = safe_filename(meta.title, set(taken_names), suffix)
    return ValidArticle(text=text, meta=meta, filename=filename)


def _atomic_write(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _toml_string(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    escaped = re.sub(r"[\x00-\x1f\x7f]", lambda m: f"\\u{ord(m.group(0)):04x}", escaped)
    return f'"{escaped}"'


_HEADER = re.compile(r'^\s*\[\s*"(?P<name>(?:[^"\\]|\\.)*)"\s*\]\s*(#.*)?$')


def manifest_without(text: str, filename: str) -> str:
    """The manifest text with the entry of `filename` removed (comments elsewhere kept)."""
    out: list[str] = []
    skipping = False
    for line in text.splitlines(keepends=True):
        header = _HEADER.match(line)
        if header:
            skipping = header.group("name") == filename
        elif line.lstrip().startswith("[") and not line.lstrip().startswith("[["):
            skipping = False
        if not skipping:
            out.append(line)
    return "".join(out)


def manifest_with(text: str, filename: str, meta: ArticleMeta) -> str:
    """The manifest text with an entry for `filename` (replacing any old one) appended."""
    body = manifest_without(text, filename).rstrip("\n")
    entry = [f"[{_toml_string(filename)}]"] + [
        f"{key} = {_toml_string(getattr(meta, key))}"
        for key in ("title", "outlet", "author", "published", "url")
    ]
    return (body + "\n\n" if body else "") + "\n".join(entry) + "\n"


def manifest_path(seeds_dir: Path) -> Path | None:
    """Where `sources.toml` is really written: through a link only if it stays in the folder.

    None when it is a link leading outside the folder: the loader never reads such a file, and
    the bot must neither read it (its text would be copied into the folder) nor write to it.
    """
    path = seeds_dir / MANIFEST_NAME
    if not path.is_symlink():
        return path
    return path.resolve() if inside(path, seeds_dir) else None


def write_article(seeds_dir: Path, article: ValidArticle) -> str | None:
    """Metadata first, then the article file, each atomically (see the module docstring).

    Returns the previous manifest text (None if there was none), for `undo_write`. Raises
    IngestError, with nothing written, if `sources.toml` is a link leading outside the folder.
    """
    manifest = manifest_path(seeds_dir)
    if manifest is None:
        raise IngestError(
            f"{MANIFEST_NAME} in the seeds folder is a link to a file outside it, which the bot "
            "does not read or write; ask the operator to replace it with a real file."
        )
    previous = manifest.read_text(encoding="utf-8") if manifest.exists() else None
    _atomic_write(manifest, manifest_with(previous or "", article.filename, article.meta))
    _atomic_write(seeds_dir / article.filename, article.text)
    return previous


def undo_write(seeds_dir: Path, article: ValidArticle, previous: str | None) -> None:
    """Put the folder back exactly as it was before `write_article`: file first, then metadata."""
    (seeds_dir / article.filename).unlink(missing_ok=True)
    manifest = manifest_path(seeds_dir)
    if manifest is None:
        return
    if previous is None:
        manifest.unlink(missing_ok=True)
    else:
        _atomic_write(manifest, previous)


@dataclass(frozen=True)
class Removed:
    """What `delete_article` took away, so that `restore_article` can put it back."""

    files: dict[str, bytes]
    manifest: str | None


def delete_article(seeds_dir: Path, source_id: str) -> Removed:
    """Remove a source's article file(s), then its metadata entry; return what was removed."""
    if not source_id or Path(source_id).name != source_id or source_id.startswith("."):
        raise IngestError("Not an article of this corpus.")
    names = [source_id + suffix for suffix in ARTICLE_SUFFIXES]
    # A link leading outside the folder was never a source: neither read nor removed.
    files = {
        n: (seeds_dir / n).read_bytes()
        for n in names
        if (seeds_dir / n).is_file() and inside(seeds_dir / n, seeds_dir)
    }
    for name in files:
        (seeds_dir / name).unlink()
    manifest = manifest_path(seeds_dir)
    previous = manifest.read_text(encoding="utf-8") if manifest and manifest.exists() else None
    if previous is not None:
        pruned = previous
        for name in names:
            pruned = manifest_without(pruned, name)
        if pruned != previous and manifest is not None:
            _atomic_write(manifest, pruned)
    return Removed(files=files, manifest=previous)


def restore_article(seeds_dir: Path, removed: Removed) -> None:
    """Undo `delete_article`: metadata first, then the files (the order of an ingest)."""
    manifest = manifest_path(seeds_dir)
    if removed.manifest is not None and manifest is not None:
        _atomic_write(manifest, removed.manifest)
    for name, data in removed.files.items():
        path = seeds_dir / name
        tmp = seeds_dir / f".{name}.restore.tmp"
        tmp.write_bytes(data)
        os.replace(tmp, path)
