"""Pure helpers of the storage layer: member-id hashes, answer ids, question keys, percentiles.

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


# Answer ids are made by the bot, not by the database (so that an answer can be sent with its
# vote buttons before its row is written): milliseconds since this instant, then random bits.
ANSWER_ID_EPOCH_MS = 1_735_689_600_000  # 2025-01-01T00:00:00Z
ANSWER_ID_RANDOM_BITS = 22
_TIME_BITS = 63 - ANSWER_ID_RANDOM_BITS  # 2**41 ms: ids run out in 2094


def answer_id_from(unix_ms: int, random_bits: int) -> int:
    """A 63-bit answer id: the time in its high bits (ids sort by time), randomness below.

    Two answers in the same millisecond collide only if their 22 random bits match too (one in
    four million), and a forged button cannot walk from one answer's id to its neighbours'.
    The result fits a signed BIGINT and is at least 1, as the buttons' custom ids require.
    """
    elapsed = unix_ms - ANSWER_ID_EPOCH_MS
    if not 0 <= elapsed < 2**_TIME_BITS:
        raise ValueError(f"{unix_ms} ms is outside the answer ids' time range")
    if not 0 <= random_bits < 2**ANSWER_ID_RANDOM_BITS:
        raise ValueError(f"random_bits must fit {ANSWER_ID_RANDOM_BITS} bits, got {random_bits}")
    return max(1, (elapsed << ANSWER_ID_RANDOM_BITS) | random_bits)


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
