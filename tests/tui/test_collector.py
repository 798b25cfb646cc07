"""Full garbage collections at rest: frozen start-up objects, none while the user types."""

from __future__ import annotations

import gc

from zhengbing.tui.collector import IdleCollector


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _young_collection_passed_objects_on() -> None:
    gc.collect(1)  # as the interpreter does by itself: objects move on to the oldest generation
    assert gc.get_count()[2] > 0


def test_start_freezes_and_stop_gives_the_collector_back() -> None:
    before = gc.get_threshold()
    collector = IdleCollector(clock=Clock())
    try:
        collector.start()
        assert gc.get_freeze_count() > 1000  # this test process's modules, at least
        assert gc.get_threshold()[:2] == before[:2]  # young objects are collected as usual
        assert gc.get_threshold()[2] > 10_000  # no automatic full collection
    finally:
        collector.stop()
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_a_full_collection_waits_for_a_rest_in_the_input() -> None:
    clock = Clock()
    collector = IdleCollector(idle=1.0, longest=30.0, clock=clock)
    try:
        collector.start()
        _young_collection_passed_objects_on()
        collector.touched()
        clock.now += 0.5
        assert not collector.tick()  # typing goes on: no collection
        clock.now += 0.6
        assert collector.tick()  # a second without input: collected
        assert gc.get_count()[2] == 0
        clock.now += 5
        assert not collector.tick()  # nothing new since: nothing to do
    finally:
        collector.stop()


def test_a_full_collection_runs_at_the_latest_after_the_longest_wait() -> None:
    clock = Clock()
    collector = IdleCollector(idle=1.0, longest=30.0, clock=clock)
    try:
        collector.start()
        for _ in range(30):  # a key every half second for a whole 15 s, then 15 s more
            _young_collection_passed_objects_on()
            clock.now += 0.5
            collector.touched()
            assert not collector.tick()
        clock.now += 15
        collector.touched()
        _young_collection_passed_objects_on()
        assert collector.tick()  # 30 s since the last one, typing or not
        assert collector.full_collections == 1
    finally:
        collector.stop()
