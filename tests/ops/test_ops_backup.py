"""`studybot backup` while the bot writes, `studybot restore` refusing a live database, and the
daily copies with their retention."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.ops.backup import daily_name, next_run, prune, run_daily_backup
from tests.ops.ops_support import Bot, burst, studybot

pytestmark = pytest.mark.timeout(150)


def integrity(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def test_a_backup_during_a_burst_holds_every_answer_acknowledged_before_it(tmp_path: Path):
    bot = Bot(tmp_path)
    copies = []
    try:
        bot.send(*burst(400))
        for n in range(3):  # three backups while answers keep coming
            bot.wait_for(lambda n=n: len(bot.acks()) >= 30 * (n + 1), what="receipts")
            acked_before = {member for member, _ in bot.acks()}
            dest = tmp_path / f"copy{n}.db"
            result = studybot("backup", str(dest), "--config", str(bot.config), cwd=tmp_path)
            assert result.returncode == 0, result.stderr
            assert "integrity ok" in result.stdout
            copies.append((dest, acked_before, len(bot.acks())))
        still_running = bot.proc.poll() is None
        live = len(bot.acks())
    finally:
        assert bot.stop() == 0
    assert still_running
    for dest, acked_before, acked_after in copies:
        assert integrity(dest) == "ok"
        stored = bot.stored(dest)
        missing = sorted(acked_before - set(stored))
        assert not missing, f"{dest.name} lacks acknowledged answers: {missing}"
        assert len(stored) <= acked_after + 1  # a snapshot, not a copy of later writes
        assert (dest.stat().st_mode & 0o777) == 0o600  # it holds sealed answers
        assert not Path(f"{dest}-wal").exists()  # one self-contained file
    assert copies[0][2] < live  # the bot kept answering after the backups


def test_restore_refuses_a_live_database_and_works_once_it_is_stopped(tmp_path: Path):
    bot = Bot(tmp_path)
    try:
        bot.send(*burst(5))
        bot.wait_for(lambda: len(bot.acks()) == 5, what="5 receipts")
        copy = tmp_path / "five.db"
        assert studybot("backup", str(copy), "--config", str(bot.config)).returncode == 0
        bot.send(*burst(5, start=6))
        bot.wait_for(lambda: len(bot.acks()) == 10, what="10 receipts")
        refused = studybot("restore", str(copy), "--config", str(bot.config))
        assert refused.returncode == 1
        assert "in use" in refused.stderr and str(bot.proc.pid) in refused.stderr
        assert len(bot.stored()) == 10  # untouched
    finally:
        assert bot.stop() == 0
    restored = studybot("restore", str(copy), "--config", str(bot.config))
    assert restored.returncode == 0, restored.stderr
    assert len(bot.stored()) == 5
    kept = list(tmp_path.glob("chat.db.before-restore-*"))
    assert len(kept) == 1 and len(bot.stored(kept[0])) == 10  # what it replaced is kept
    assert integrity(bot.db) == "ok"
    again = Bot(tmp_path)  # the restored database opens and is used by the bot
    try:
        again.send("/as m7", "/stats m3")
        again.wait_for(lambda: any("m3" in line for line in again.output()[3:]), what="stats")
    finally:
        assert again.stop() == 0


def test_restore_refuses_a_file_that_is_not_a_studybot_database(tmp_path: Path):
    bogus = tmp_path / "notes.db"
    bogus.write_text("hello", encoding="utf-8")
    result = studybot("restore", str(bogus), "--db", str(tmp_path / "chat.db"))
    assert result.returncode == 1 and "not an SQLite database" in result.stderr
    assert not (tmp_path / "chat.db").exists()


def test_backup_of_postgres_gives_pg_dump_advice(tmp_path: Path):
    result = studybot("backup", str(tmp_path / "x"), "--db", "postgresql://db/studybot")
    assert result.returncode == 2 and "pg_dump" in result.stderr


def test_daily_backups_keep_the_newest_copies(tmp_path: Path):
    bot = Bot(tmp_path)
    try:
        bot.send(*burst(3))
        bot.wait_for(lambda: len(bot.acks()) == 3, what="receipts")
        folder = tmp_path / "daily"
        folder.mkdir()
        for day in range(1, 6):  # older copies, by their names' timestamps
            (folder / daily_name(datetime(2026, 1, day, 3, 0, tzinfo=UTC))).write_bytes(b"x")
        (folder / "notes.txt").write_text("not ours")
        info = asyncio.run(run_daily_backup(str(bot.db), folder, keep=3))
    finally:
        assert bot.stop() == 0
    assert info is not None and integrity(info.path) == "ok"
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted(
        ["notes.txt", info.path.name, daily_name(datetime(2026, 1, 4, 3, tzinfo=UTC)),
         daily_name(datetime(2026, 1, 5, 3, tzinfo=UTC))]
    )  # fmt: skip
    assert len(Bot.stored(bot, info.path)) == 3
    assert prune(folder, 1) and len(list(folder.glob("studybot-*.db"))) == 1


def test_the_daily_time_is_the_next_one_in_utc():
    now = datetime(2026, 3, 4, 12, 0, tzinfo=UTC)
    assert next_run(now, "03:00") == datetime(2026, 3, 5, 3, 0, tzinfo=UTC)
    assert next_run(now, "12:30") == datetime(2026, 3, 4, 12, 30, tzinfo=UTC)
    assert next_run(now, "12:00") == datetime(2026, 3, 5, 12, 0, tzinfo=UTC)


def test_the_daily_backup_runs_in_the_bot_at_its_time(tmp_path: Path):
    when = datetime.fromtimestamp(time.time() + 6, UTC)  # once the bot is up and has answers
    folder = tmp_path / "daily"
    bot = Bot(tmp_path, extra=f'[backup]\ndir = "{folder}"\ntime = "{when:%H:%M:%S}"\nkeep = 2\n')
    try:
        bot.send(*burst(2))
        bot.wait_for(lambda: len(bot.acks()) == 2, what="receipts")
        bot.wait_for(lambda: any(folder.glob("studybot-*.db")), timeout=30, what="daily copy")
        time.sleep(0.5)
    finally:
        assert bot.stop() == 0
    (copy,) = folder.glob("studybot-*.db")
    assert integrity(copy) == "ok" and len(bot.stored(copy)) == 2
