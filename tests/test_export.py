"""`studybot export --group ID --format csv|json`: contents of both formats, errors; from a SQLite
file (--db) and from PostgreSQL (database.url)."""

from __future__ import annotations

import asyncio
import csv
import io
import json
from datetime import UTC, datetime

from bot.bank import load_bank
from bot.cli import main
from bot.config import Config
from bot.core.models import Actor
from bot.core.service import StudyService
from bot.storage.db import is_postgres_url, open_database


class Clock:
    def __init__(self) -> None:
        self.current = datetime(2026, 3, 2, 9, tzinfo=UTC)

    def now(self) -> datetime:
        return self.current


async def play(target, bank_dir) -> int:
    db = await open_database(target).open()
    clock = Clock()
    service = StudyService(db, load_bank([bank_dir]), object(), Config(), clock=clock)
    group = await service.ensure_group("test", "chan", "Study")
    admin = await service.ensure_member("test", "admin", "Admin")
    await service.update_settings(group.id, Actor(admin, is_admin=True), topics="short")
    ann, bob = [await service.ensure_member("test", n.lower(), n) for n in ("Ann", "Bob")]
    for day, answers in ((2, [(ann, "4"), (bob, "5")]), (3, [(bob, "4"), (ann, "4")])):
        clock.current = datetime(2026, 3, day, 9, tzinfo=UTC)
        await service.post_round(group.id)
        for member, text in answers:
            await service.submit(group.id, member, text)
        await service.reveal(group.id)
    await db.close()
    return group.id


def run_export(tmp_path, target, *args: str) -> int:
    """`studybot export` reading `target`: a SQLite file given with --db, or a PostgreSQL URL
    given as database.url in the config file."""
    config = tmp_path / "export.toml"
    if is_postgres_url(target):
        config.write_text(f'[database]\nurl = "{target}"\n', encoding="utf-8")
        return main(["export", "--config", str(config), *args])
    config.write_text("", encoding="utf-8")
    return main(["export", "--db", target, "--config", str(config), *args])


def test_csv_has_one_row_per_scoring_entry(tmp_path, bank_dir, database_target):
    group_id = asyncio.run(play(database_target, bank_dir))
    out = tmp_path / "out.csv"
    code = run_export(tmp_path, database_target, "--group", str(group_id), "--format", "csv",
                      "--output", str(out))  # fmt: skip
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    got = [(r["round_date"], r["member"], r["verdict"], int(r["total"])) for r in rows]
    assert got == [
        ("2026-03-02", "Ann", "correct", 30),
        ("2026-03-02", "Bob", "wrong", 0),
        ("2026-03-03", "Bob", "correct", 32),  # first correct + streak bonus 2
        ("2026-03-03", "Ann", "correct", 27),
    ]
    assert rows[0]["question_id"] == "demo.short.check" and rows[0]["external_id"] == "ann"


def test_json_has_group_leaderboard_and_rounds(tmp_path, bank_dir, database_target, capsys):
    group_id = asyncio.run(play(database_target, bank_dir))
    capsys.readouterr()
    assert run_export(tmp_path, database_target, "--group", "test:chan", "--format", "json") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["group"] == {"id": group_id, "platform": "test", "external_id": "chan",
                             "name": "Study", "timezone": "UTC"}  # fmt: skip
    board = [(e["rank"], e["member"], e["points"], e["current_streak"], e["longest_streak"])
             for e in data["leaderboard"]]  # fmt: skip
    assert board == [(1, "Ann", 57, 2, 2), (2, "Bob", 32, 2, 2)]
    assert [r["round_date"] for r in data["rounds"]] == ["2026-03-02", "2026-03-03"]
    assert [(e["member"], e["points"]) for e in data["rounds"][1]["entries"]] == [
        ("Bob", 32), ("Ann", 27)]  # fmt: skip


def test_unknown_group_is_an_error(tmp_path, bank_dir, database_target, capsys):
    asyncio.run(play(database_target, bank_dir))
    assert run_export(tmp_path, database_target, "--group", "999") == 1
    assert "no group" in capsys.readouterr().err


def test_a_group_is_found_by_the_name_chats_show(tmp_path, bank_dir, database_target, capsys):
    """The terminal chat only ever shows its group's name ("local"): that name works too."""
    asyncio.run(play(database_target, bank_dir))  # group "chan", named "Study"
    for ref in ("chan", "Study"):
        assert run_export(tmp_path, database_target, "--group", ref, "--format", "json") == 0
        assert json.loads(capsys.readouterr().out)["group"]["external_id"] == "chan"
    assert run_export(tmp_path, database_target, "--group", "local") == 1
    assert "no group 'local'" in capsys.readouterr().err


def test_csv_cells_cannot_become_spreadsheet_formulas():
    from bot.export import CSV_COLUMNS, to_csv

    row = dict.fromkeys(CSV_COLUMNS, "x")
    row.update(member='=HYPERLINK("http://evil")', external_id="@bob", total=-3)
    rows = list(csv.DictReader(io.StringIO(to_csv({"entries": [row]}))))
    assert rows[0]["member"] == '\'=HYPERLINK("http://evil")'
    assert rows[0]["external_id"] == "'@bob"
    assert rows[0]["total"] == "-3"  # numbers stay numbers
