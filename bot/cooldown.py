"""A per-member question cooldown, shared by mentions and `/ask`.

discord.py's own cooldowns are per command; a member who alternates between `/ask` and mentions
must still be slowed down, so this small clock-injected class counts questions per member.
"""

from __future__ import annotations

import time
from collections.abc import Callable


class Cooldown:
    """Allows one question per member every `seconds`."""

    def __init__(self, seconds: float, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.seconds = seconds
        self._clock = clock
        self._last: dict[int, float] = {}

    def retry_after(self, member_id: int) -> float:
        """Seconds the member must still wait; 0.0 means go ahead (and the question counts)."""
        if self.seconds <= 0:
            return 0.0
        now = self._clock()
        last = self._last.get(member_id)
        if last is not None and now - last < self.seconds:
            return self.seconds - (now - last)
        self._last[member_id] = now
        if len(self._last) > 1024:
            self._forget_before(now - self.seconds)
        return 0.0

    def _forget_before(self, moment: float) -> None:
        """Drop members whose cooldown is over, so the table stays as small as the active crowd."""
        self._last = {member: at for member, at in self._last.items() if at >= moment}
