"""Faults at start-up, driven through the real `studybot` command in a subprocess.

Each fault ends with one line on standard error naming the file or key, a non-zero status, no
traceback, within a few seconds, with no standard input, leaving the input files (and their
folder) exactly as they were, and with no process of the command's group left behind.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import SMALL_BANK, write_bank

ROOT = Path(__file__).resolve().parents[1]
LIMIT_SECONDS = 5.0


def studybot(
    *args: str,
    cwd: Path,
    env: dict[str, str] | None = None,
    prefix: tuple[str, ...] = (),
    timeout: float = 20,
) -> tuple[subprocess.CompletedProcess, float]:
    base = {
        k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "SLACK_", "STUDYBOT_"))
    }
    base["PYTHONPATH"] = str(ROOT)
    started = time.monotonic()
    proc = subprocess.Popen(
        [*prefix, sys.executable, "-m", "bot", *args],
        cwd=cwd,
        env=base | (env or {}),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, to look for leftovers
    )
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        pytest.fail(f"studybot {' '.join(args)} hung for {timeout} s:\n{err[-2000:]}")
    elapsed = time.monotonic() - started
    time.sleep(0.05)
    try:
        os.killpg(proc.pid, 0)
    except ProcessLookupError:
        pass
    else:
        os.killpg(proc.pid, signal.SIGKILL)
        pytest.fail(f"studybot {' '.join(args)} left processes behind in its group")
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err), elapsed


def assert_one_line_failure(result, elapsed: float, *needles: str) -> str:
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert result.returncode not in (0, None), result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    assert len(lines) == 1, f"expected one line on stderr, got:\n{result.stderr}"
    assert lines[0].startswith("studybot"), lines[0]
    for needle in needles:
        assert needle in lines[0], f"{needle!r} not in {lines[0]!r}"
    assert elapsed < LIMIT_SECONDS, f"took {elapsed:.1f} s"
    return lines[0]


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under `folder` with a hash of its bytes (folders as 'dir')."""
    found = {}
    for path in sorted(folder.rglob("*")):
        rel = str(path.relative_to(folder))
        if path.is_dir():
            found[rel] = "dir"
        elif path.is_file():
            found[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def make_studybot_db(path: Path) -> Path:
    """A real studybot database with a group, made by the bot's own code."""
    import asyncio

    from bot.storage.db import open_database

    async def make() -> None:
        db = await open_database(path).open()
        await db.execute(
            "INSERT INTO groups (platform, external_id, name, created_at)"
            " VALUES ('terminal', 'local', 'local', '2026-01-01T00:00:00+00:00')"
        )
        await db.close()

    asyncio.run(make())
    with sqlite3.connect(path) as conn:  # everything into the main file, none left in the WAL
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("PRAGMA journal_mode = DELETE")
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return path


def _random(path: Path) -> Path:
    path.write_bytes(os.urandom(8192))
    return path


def _text(path: Path) -> Path:
    path.write_text("name,points\nada,10\n", encoding="utf-8")
    return path


def _truncated(path: Path) -> Path:
    good = make_studybot_db(path.with_name("whole.db"))
    data = good.read_bytes()
    good.unlink()
    path.write_bytes(data[: len(data) // 2 + 100])  # not even a whole number of pages
    return path


def _cut_header(path: Path) -> Path:
    good = make_studybot_db(path.with_name("whole.db"))
    data = good.read_bytes()
    good.unlink()
    path.write_bytes(data[:60])
    return path


def _damaged_pages(path: Path) -> Path:
    make_studybot_db(path)
    with open(path, "r+b") as file:  # pages 6-8 overwritten: the header is intact
        file.seek(5 * 4096)
        file.write(os.urandom(3 * 4096))
    return path


def _folder(path: Path) -> Path:
    path.mkdir()
    (path / "keep.txt").write_text("mine")
    return path


def _other_program(path: Path) -> Path:
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")
        conn.execute("INSERT INTO contacts VALUES ('ada', '123')")
    return path


def _newer(path: Path) -> Path:
    make_studybot_db(path)
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA user_version = 999")
    return path


BAD_DATABASES = {
    "random bytes": (_random, "not an SQLite database"),
    "a text file": (_text, "text file"),
    "a truncated copy": (_truncated, ".recover"),
    "a cut header": (_cut_header, ".recover"),
    "damaged pages": (_damaged_pages, "is damaged"),
    "a folder": (_folder, "is a folder"),
    "another program's database": (_other_program, "another program"),
    "a newer schema": (_newer, "schema version 999"),
}


@pytest.fixture(params=["run", "export"])
def command(request):
    return request.param


def db_args(command: str, db: Path) -> list[str]:
    if command == "run":
        return ["--db", str(db)]
    return ["export", "--group", "1", "--db", str(db)]


@pytest.mark.parametrize("kind", list(BAD_DATABASES))
def test_a_bad_database_file_is_one_line_and_untouched(tmp_path, command, kind):
    make, expected = BAD_DATABASES[kind]
    folder = tmp_path / "data"
    folder.mkdir()
    db = make(folder / "studybot.db")
    before = snapshot(folder)
    result, elapsed = studybot(*db_args(command, db), cwd=tmp_path)
    assert_one_line_failure(result, elapsed, str(db), expected)
    assert snapshot(folder) == before, "the database folder changed"
    assert result.stdout == ""


def test_a_device_is_not_a_database(tmp_path, command):
    result, elapsed = studybot(*db_args(command, Path("/dev/null")), cwd=tmp_path)
    assert_one_line_failure(result, elapsed, "/dev/null", "not a regular file")


def test_a_database_under_a_file_is_refused(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    result, elapsed = studybot("--db", str(tmp_path / "notes.txt" / "x.db"), cwd=tmp_path)
    assert_one_line_failure(result, elapsed, "notes.txt")
    assert (tmp_path / "notes.txt").read_text() == "mine"


def unprivileged() -> tuple[str, ...]:
    """A command prefix under which file permissions apply: as root, drop the capabilities that
    override them (root ignores a read-only mode otherwise)."""
    if os.geteuid() != 0:
        return ()
    if not shutil.which("setpriv"):
        pytest.skip("running as root without setpriv: permissions cannot be tested")
    return ("setpriv", "--bounding-set=-dac_override,-dac_read_search")


def test_a_read_only_database_is_refused(tmp_path, command):
    folder = tmp_path / "data"
    folder.mkdir()
    db = make_studybot_db(folder / "studybot.db")
    db.chmod(0o444)
    before = snapshot(folder)
    result, elapsed = studybot(*db_args(command, db), cwd=tmp_path, prefix=unprivileged())
    assert_one_line_failure(result, elapsed, str(db), "read-only")
    assert snapshot(folder) == before


def test_a_database_in_a_read_only_folder_is_refused(tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        result, elapsed = studybot(
            "--db", str(folder / "new.db"), cwd=tmp_path, prefix=unprivileged()
        )
        assert_one_line_failure(result, elapsed, str(folder), "not writable")
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o755)


def test_a_good_database_still_opens_and_keeps_its_data(tmp_path):
    """The checks refuse bad files only: a real studybot database starts the chat and exports."""
    db = make_studybot_db(tmp_path / "studybot.db")
    result, _ = studybot("export", "--group", "1", "--db", str(db), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("round_date,")
    result, _ = studybot("--db", str(db), cwd=tmp_path, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT name FROM groups WHERE id = 1").fetchone() == ("local",)


# -- configs, banks and command lines ---------------------------------------------------------


def write_config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "studybot.toml"
    path.write_text(f'[database]\npath = "{tmp_path / "ok.db"}"\n' + text, encoding="utf-8")
    return path


def test_config_pointing_at_a_folder(tmp_path):
    result, elapsed = studybot("--config", str(tmp_path), cwd=tmp_path)
    assert_one_line_failure(result, elapsed, str(tmp_path), "folder")
    assert result.returncode == 2


def test_config_that_is_binary(tmp_path):
    binary = tmp_path / "config.toml"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(200))
    result, elapsed = studybot("--config", str(binary), cwd=tmp_path)
    assert_one_line_failure(result, elapsed, str(binary), "not a text file")


def test_config_file_missing(tmp_path):
    result, elapsed = studybot("--config", str(tmp_path / "nope.toml"), cwd=tmp_path)
    assert_one_line_failure(result, elapsed, "nope.toml", "not found")


def test_missing_question_folder(tmp_path):
    config = write_config(tmp_path, f'[questions]\ndirs = ["{tmp_path / "missing"}"]\n')
    result, elapsed = studybot("--config", str(config), cwd=tmp_path)
    assert_one_line_failure(result, elapsed, str(tmp_path / "missing"), "does not exist")
    assert not (tmp_path / "ok.db").exists(), "a database was made before the bank was checked"


def test_bad_question_file_names_the_file_and_the_field(tmp_path):
    bank = write_bank(
        tmp_path / "bank", SMALL_BANK.replace("difficulty = 2", 'difficulty = "hard"')
    )
    config = write_config(tmp_path, f'[questions]\nbundled = false\ndirs = ["{bank}"]\n')
    result, elapsed = studybot("--config", str(config), cwd=tmp_path)
    line = assert_one_line_failure(result, elapsed, str(bank), "'difficulty'")
    assert "demo.short.check" in line


def test_bundled_false_and_no_other_bank(tmp_path):
    config = write_config(tmp_path, "[questions]\nbundled = false\n")
    result, elapsed = studybot("--config", str(config), cwd=tmp_path)
    assert_one_line_failure(result, elapsed, "bundled = false")


def test_a_missing_bundled_bank_names_the_variable(tmp_path):
    missing = tmp_path / "gone"
    result, elapsed = studybot(
        "--db", str(tmp_path / "x.db"), cwd=tmp_path, env={"STUDYBOT_QUESTIONS": str(missing)}
    )
    assert_one_line_failure(result, elapsed, str(missing), "STUDYBOT_QUESTIONS")


@pytest.mark.parametrize(
    ("sandbox", "needles"),
    [
        ('allowed_modules = ["math", "os"]', ("sandbox.allowed_modules[1]", "'os'", "never")),
        ('allowed_modules = ["subprocess"]', ("sandbox.allowed_modules[0]", "'subprocess'")),
        ('allowed_modules = ["math", "mathz"]', ("'mathz'", "does not exist")),
        ("workers = 100000", ("sandbox.workers", "100000")),
        ("queue_size = 1000000", ("sandbox.queue_size",)),
        ("member_queue = 0", ("sandbox.member_queue",)),
    ],
)
def test_bad_sandbox_settings_name_the_key(tmp_path, sandbox, needles):
    config = write_config(tmp_path, f"[sandbox]\n{sandbox}\n")
    result, elapsed = studybot("--config", str(config), cwd=tmp_path)
    assert_one_line_failure(result, elapsed, str(config), *needles)
    assert result.returncode == 2


def test_export_into_a_missing_folder(tmp_path):
    db = make_studybot_db(tmp_path / "studybot.db")
    target = tmp_path / "no" / "such" / "out.csv"
    result, elapsed = studybot("export", "--group", "1", "--db", str(db), "-o", str(target),
                               cwd=tmp_path)  # fmt: skip
    assert_one_line_failure(result, elapsed, str(target.parent), "does not exist")
    assert not target.parent.exists()


def test_export_output_is_whole_or_untouched(tmp_path):
    db = make_studybot_db(tmp_path / "studybot.db")
    target = tmp_path / "out.csv"
    target.write_text("previous export")
    result, _ = studybot("export", "--group", "99", "--db", str(db), "-o", str(target),
                         cwd=tmp_path)  # fmt: skip
    assert result.returncode == 1 and "no group '99'" in result.stderr
    assert target.read_text() == "previous export"
    result, _ = studybot("export", "--group", "1", "--db", str(db), "-o", str(target),
                         cwd=tmp_path)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert target.read_text().startswith("round_date,")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv", "studybot.db"]


def no_network() -> tuple[str, ...]:
    """Run in an empty network namespace (no route anywhere), when this machine allows it."""
    if shutil.which("unshare") and os.geteuid() == 0:
        probe = subprocess.run(["unshare", "--net", "true"], capture_output=True, check=False)
        if probe.returncode == 0:
            return ("unshare", "--net")
    pytest.skip("cannot make a process without network here (needs root and unshare)")


@pytest.mark.parametrize(
    ("variable", "platform"),
    [("DISCORD_TOKEN", "Discord"), ("SLACK_BOT_TOKEN", "Slack")],
)
def test_a_token_without_network_is_one_line(tmp_path, variable, platform):
    env = {variable: "xoxb-123-not-a-real-token", "SLACK_SIGNING_SECRET": "s"}
    result, elapsed = studybot(
        "--db", str(tmp_path / "x.db"), cwd=tmp_path, env=env, prefix=no_network(), timeout=30
    )
    assert_one_line_failure(result, elapsed, platform, "network")
    assert "Unclosed" not in result.stderr


def test_debug_shows_the_traceback(tmp_path):
    bad = _text(tmp_path / "notes.db")
    result, _ = studybot("--debug", "--db", str(bad), cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" in result.stderr and "DatabaseFileError" in result.stderr
