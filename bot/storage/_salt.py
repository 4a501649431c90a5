"""The secret salt that keys member-id hashes, generated once and kept in the data folder.

Losing or changing the salt does not expose anyone, but it makes every member look new (their
earlier votes can no longer be matched), so it is created once, atomically, and then only read.
"""

from __future__ import annotations

import logging
import os
import secrets
import stat
import tempfile
from pathlib import Path

log = logging.getLogger(__name__)

MIN_SALT_CHARS = 16


def check_salt(salt: str) -> str:
    """The salt without surrounding whitespace, or ValueError if it is too short to be secret."""
    cleaned = salt.strip()
    if len(cleaned) < MIN_SALT_CHARS:
        raise ValueError(
            f"the member-id salt must be at least {MIN_SALT_CHARS} characters of secret "
            "(leave it unset to have one generated in the data folder)"
        )
    return cleaned


def load_or_create_salt(path: str | os.PathLike[str]) -> str:
    """Read the salt at `path`, or create it there (0600, 64 hex characters) if it is missing.

    The new salt is written to a private temporary file and hard-linked into place: the link
    fails if another process (a second shard) created the file first, and then its salt is used,
    so all processes sharing the folder agree, and nobody ever reads a half-written file.
    """
    target = Path(path)
    try:
        return _read(target)
    except FileNotFoundError:
        pass
    target.parent.mkdir(parents=True, exist_ok=True)
    # mkstemp creates the file readable and writable by its owner only (0600).
    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        salt = secrets.token_hex(32)
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(salt + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(temporary, target)
        except FileExistsError:
            return _read(target)  # another process won the race: everyone uses its salt
        _fsync_directory(target.parent)
        log.info("generated a new member-id salt in %s", target)
        return salt
    finally:
        os.unlink(temporary)


def _read(path: Path) -> str:
    text = path.read_text(encoding="ascii")
    if stat.S_IMODE(path.stat().st_mode) & 0o077:
        log.warning("%s is readable by other users: run chmod 600 on it", path)
    try:
        return check_salt(text)
    except ValueError:
        # Not regenerated silently: that would quietly split every member's votes in two.
        raise ValueError(
            f"{path} does not hold a usable salt (at least {MIN_SALT_CHARS} characters); "
            "restore it from a backup, or delete it to start with a new one"
        ) from None


def _fsync_directory(directory: Path) -> None:
    """Make the new directory entry survive a power cut (POSIX only; Windows can't open dirs)."""
    if os.name != "posix":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
