"""Pure helpers of the storage layer: hashing member ids, grouping questions, percentiles.

They take plain values (no connection), so they are tested exactly and on their own.
"""

from __future__ import annotations

import hashlib
import hmac
import math
from collections.abc import Sequence


def hash_member(salt: str, member_id: int) -> str:
    """HMAC-SHA256 of a member id keyed by the secret salt, as 64 hex characters.

    Member ids are public and few, so a plain hash could be reversed by hashing every member of
    a server; keyed with a secret it can't be, yet one member still hashes the same way every
    time, which is what "one vote per member" needs.
    """
    return hmac.new(salt.encode(), str(int(member_id)).encode(), hashlib.sha256).hexdigest()


def normalize_question(question: str) -> str:
    """The grouping key of a question: case-folded, runs of whitespace made one space.

    "What  is X?" and "what is x?" are the same gap in the corpus; punctuation is kept, since
    it can change the meaning.
    """
    return " ".join(question.split()).casefold()


def percentile(sorted_values: Sequence[float], q: float) -> float | None:
    """The q-th percentile (0..100) of ascending values, interpolating linearly between ranks.

    The same definition as numpy's default ("linear"), so a p95 over few answers is a value
    between two real latencies rather than jumping from one to the next. None for no values.
    """
    if not 0 <= q <= 100:
        raise ValueError(f"percentile must be within 0..100, got {q}")
    if not sorted_values:
        return None
    position = (len(sorted_values) - 1) * q / 100
    low = math.floor(position)
    high = min(low + 1, len(sorted_values) - 1)
    fraction = position - low
    return float(sorted_values[low] + (sorted_values[high] - sorted_values[low]) * fraction)
