"""The presence lock: a scheduler knows whether it is the only bot process on a database."""

from __future__ import annotations

import subprocess
import sys

from bot.scheduling.presence import Presence


def test_first_is_alone_later_ones_are_not_until_everyone_left(tmp_path) -> None:
    db = tmp_path / "bot.db"
    a, b = Presence(db), Presence(db)
    assert a.join() is True
    assert b.join() is False  # a is still there
    a.leave()
    b.leave()
    c = Presence(db)
    assert c.join() is True
    c.leave()


def test_a_killed_process_does_not_count(tmp_path) -> None:
    db = tmp_path / "bot.db"
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from bot.scheduling.presence import Presence;"
         f"Presence({str(db)!r}).join(); print('in', flush=True); time.sleep(60)"],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout.readline().strip() == "in"
        peer = Presence(db)
        assert peer.join() is False
        peer.leave()
    finally:
        holder.kill()
        holder.wait()
    probe = Presence(db)
    assert probe.join() is True  # the kernel dropped the dead process's lock
    probe.leave()


def test_memory_databases_know_nothing() -> None:
    assert Presence(":memory:").join() is False
