"""Sandbox uids (sandbox.slots): one per concurrent sandbox, never shared between processes, reused
only once empty. Pure: no sandbox runs here (test_neighbours.py runs real ones side by side)."""

import multiprocessing
import os
import threading

import pytest

from sandbox import slots

pytestmark = pytest.mark.unit


@pytest.fixture
def uids(tmp_path):
    return slots.UidRange(base=0x7F000000, count=3, lock_dir=tmp_path / "uids")


def test_each_acquire_gets_a_uid_of_the_range_not_held_by_anyone(uids):
    mine = slots.Slots()
    taken = [mine.acquire(uids) for _ in range(3)]
    assert sorted(slot.uid for slot in taken) == [uids.base, uids.base + 1, uids.base + 2]
    assert all(slot.ids == (slot.uid, slot.uid) for slot in taken)


def _acquire_in_another_process(uids, answers):
    slot = slots.slots().acquire(uids)
    answers.put(slot.uid)
    answers.get()  # hold it until told


def test_two_processes_never_share_a_uid(uids):
    context = multiprocessing.get_context("fork")
    answers = context.Queue()
    other = context.Process(target=_acquire_in_another_process, args=(uids, answers))
    other.start()
    try:
        theirs = answers.get(timeout=10)
        mine = slots.Slots()
        assert {mine.acquire(uids).uid, mine.acquire(uids).uid} == {uids.base, uids.base + 1, uids.base + 2} - {theirs}
    finally:
        answers.put("done")
        other.join(10)
    again = slots.Slots().acquire(uids)  # its lock went with it
    assert again.uid == theirs


def test_a_uid_is_reused_once_its_sandbox_is_empty_and_never_while_it_is_not(uids):
    mine = slots.Slots()
    first, second = mine.acquire(uids), mine.acquire(uids)
    mine.release(first, empty=True)
    assert mine.acquire(uids).uid == first.uid
    mine.release(second, empty=False)  # a process of its sandbox outlived the teardown
    third = mine.acquire(uids)
    assert third.uid not in (first.uid, second.uid)


def test_a_full_range_says_what_to_change(uids, monkeypatch):
    monkeypatch.setattr(slots, "WAIT_FOR_FREE_S", 0.1)
    mine = slots.Slots()
    for _ in range(3):
        mine.acquire(uids)
    with pytest.raises(slots.SlotsExhausted, match="SANDBOX_UID_COUNT"):
        mine.acquire(uids)


def test_a_uid_with_processes_left_by_a_dead_worker_is_skipped(uids, monkeypatch):
    monkeypatch.setattr(slots, "uid_has_processes", lambda uid: uid == uids.base)
    assert slots.Slots().acquire(uids).uid == uids.base + 1


def test_the_lock_directory_must_be_the_workers_own(tmp_path):
    planted = tmp_path / "planted"
    planted.mkdir(mode=0o777)
    planted.chmod(0o777)
    with pytest.raises(RuntimeError, match="no one else can write"):
        slots.lock_dir(planted)


def test_a_uid_another_process_frees_is_taken_while_waiting(uids, monkeypatch):
    monkeypatch.setattr(slots, "WAIT_FOR_FREE_S", 5.0)
    others = slots.Slots()
    held = [others.acquire(uids) for _ in range(3)]
    threading.Timer(0.3, lambda: os.close(held[1].fd)).start()  # as if its process ended
    assert slots.Slots().acquire(uids).uid == held[1].uid
