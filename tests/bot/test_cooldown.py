"""The per-member question cooldown, with a hand-driven clock."""

from __future__ import annotations

import pytest

from bot.cooldown import Cooldown


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_one_question_per_member_per_period():
    clock = Clock()
    cooldown = Cooldown(10, clock=clock)
    assert cooldown.retry_after(1) == 0
    clock.now += 4
    assert cooldown.retry_after(1) == pytest.approx(6)
    assert cooldown.retry_after(2) == 0  # others are not slowed down
    clock.now += 6
    assert cooldown.retry_after(1) == 0


def test_refused_questions_do_not_extend_the_wait():
    clock = Clock()
    cooldown = Cooldown(10, clock=clock)
    cooldown.retry_after(1)
    for _ in range(5):
        clock.now += 1
        cooldown.retry_after(1)
    clock.now += 5
    assert cooldown.retry_after(1) == 0


def test_zero_disables_it():
    cooldown = Cooldown(0)
    assert all(cooldown.retry_after(1) == 0 for _ in range(3))


def test_the_table_forgets_members_whose_wait_is_over():
    clock = Clock()
    cooldown = Cooldown(1, clock=clock)
    for member in range(2000):
        clock.now += 0.01
        cooldown.retry_after(member)
    assert len(cooldown._last) < 1200
