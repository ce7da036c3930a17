"""Checks on the database file before SQLite opens it, and one-line explanations of SQLite errors.

`check_database_file` refuses, without modifying anything, a path studybot must not use (a folder,
a device, a read-only or damaged file, another program's database, a newer schema version); the
`DatabaseFileError` it raises is one line naming the file, what is wrong and what to do.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
from pathlib import Path

from bot.storage.versions import migrations

SQLITE_MAGIC = b"SQLite format 3\x00"
# Files up to this size get SQLite's quick_check at open (about 0.1 s per 100 MB when cached):
# damage is then reported at start-up, not in the middle of a command.
QUICK_CHECK_MAX_BYTES = 1 << 30
STUDYBOT_TABLES = frozenset({"groups", "members", "rounds", "submissions", "round_scores"})


class DatabaseFileError(RuntimeError):
    """The database file cannot be used. The message is one line naming the file, what is wrong
    and what to do; the file was not modified."""


def _recover_hint(path: str) -> str:
    return (
        f"recover what is left with `sqlite3 {path} .recover | sqlite3 recovered.db`, "
        "or restore a backup"
    )


def create_private(path: str | Path) -> None:
    """A new database file is readable by its owner only (0600; SQLite gives its -wal and -shm
    files the same mode): it holds sealed answers. An existing file keeps its mode."""
    path = str(path)
    if path == ":memory:" or path.startswith("file:"):
        return
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def check_database_file(path: str | Path) -> None:
    """Refuse, without modifying anything, a file studybot must not open: a folder, a device, an
    unreadable or unwritable file, a file that is not SQLite, a damaged SQLite file, an SQLite
    database of another program, or a studybot database of a newer schema version. A missing
    file is fine (it becomes a new database) when its folder can be created and written."""
    path = str(path)
    if path == ":memory:" or path.startswith("file:"):
        return
    if not path.strip():
        raise DatabaseFileError("the database path is empty; give a file name, e.g. studybot.db")
    file = Path(path)
    try:
        info = file.stat()
    except FileNotFoundError:
        info = None
    except OSError as exc:  # a parent that is a file, a name too long, a loop of links
        raise DatabaseFileError(f"database {path}: cannot use this path: {_reason(exc)}") from exc
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise DatabaseFileError(
            f"database {path} is a folder, not a file; give a file name, e.g. "
            f"--db {file / 'studybot.db'}"
        )
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise DatabaseFileError(f"database {path} is not a regular file (a device or a pipe)")
    folder = file.parent
    if info is None:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseFileError(
                f"database {path}: cannot create its folder {folder}: {_reason(exc)}"
            ) from exc
    if not os.access(folder, os.W_OK | os.X_OK):
        raise DatabaseFileError(
            f"database {path}: the folder {folder} is not writable (SQLite keeps "
            f"{file.name}-wal and {file.name}-shm beside the database); fix its permissions "
            "or choose another folder"
        )
    if info is None:
        return
    try:
        with open(file, "rb") as handle:
            header = handle.read(100)
    except OSError as exc:
        raise DatabaseFileError(f"database {path}: cannot read it: {_reason(exc)}") from exc
    if not os.access(file, os.W_OK):
        raise DatabaseFileError(
            f"database {path} is read-only for this user; fix its permissions "
            "(studybot writes every answer to it)"
        )
    if not header:
        return  # an empty file: SQLite makes it a new database
    if not (header.startswith(SQLITE_MAGIC) or SQLITE_MAGIC.startswith(header)):
        what = "a text file" if _looks_like_text(header) else "a file of another kind"
        raise DatabaseFileError(
            f"database {path} is {what}, not an SQLite database; studybot left it unchanged. "
            "Give --db a new file name (it is created) or an existing studybot database"
        )
    if len(header) < 100:
        raise DatabaseFileError(f"database {path} is damaged (cut short); {_recover_hint(path)}")
    _check_schema(path, file, header, info.st_size)


def _check_schema(path: str, file: Path, header: bytes, size: int) -> None:
    """Open the file read-only and look at its schema version and tables."""
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    in_header_pages = int.from_bytes(header[28:32], "big")
    header_valid = header[24:28] == header[92:96]  # the in-header size is current
    suspicious = page_size < 512 or size % page_size != 0
    suspicious |= header_valid and size < in_header_pages * page_size
    uri = file.resolve().as_uri() + "?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=5)
    except sqlite3.Error as exc:
        raise DatabaseFileError(explain(path, exc)) from exc
    try:
        conn.execute("BEGIN")  # one snapshot for every read below
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        tables = {
            row[0]
            for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if not row[0].startswith("sqlite_")
        }
        if suspicious or size <= QUICK_CHECK_MAX_BYTES:
            result = [row[0] for row in conn.execute("PRAGMA quick_check(3)")]
            if result != ["ok"]:
                detail = " ".join("; ".join(result).split())[:120]
                raise DatabaseFileError(
                    f"database {path} is damaged ({detail}); {_recover_hint(path)}"
                )
    except sqlite3.Error as exc:
        raise DatabaseFileError(explain(path, exc)) from exc
    finally:
        conn.close()
    latest = len(migrations())
    if version > latest:
        raise DatabaseFileError(
            f"database {path} has schema version {version}, newer than this studybot knows "
            f"(up to {latest}); upgrade studybot, or use another file. It was left unchanged"
        )
    if tables and (version == 0 or not STUDYBOT_TABLES.issubset(tables)):
        shown = ", ".join(sorted(tables)[:5]) + (", ..." if len(tables) > 5 else "")
        raise DatabaseFileError(
            f"database {path} is an SQLite database of another program (tables: {shown}), "
            "not a studybot one; studybot left it unchanged. Give --db a new file name"
        )


def _looks_like_text(data: bytes) -> bool:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return all(ch.isprintable() or ch in "\r\n\t" for ch in text)


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def explain(path: str, exc: BaseException) -> str:
    """One line for an SQLite error met while opening `path`."""
    message = " ".join(str(exc).split())
    lower = message.lower()
    if "not a database" in lower or "malformed" in lower or "corrupt" in lower:
        return f"database {path} is damaged or not SQLite ({message}); {_recover_hint(path)}"
    if "readonly" in lower or "read-only" in lower:
        return (
            f"database {path} cannot be written ({message}); fix the permissions of the file "
            "and its folder"
        )
    if "locked" in lower or "busy" in lower:
        return f"database {path} is locked by another program ({message}); try again later"
    if "unable to open" in lower:
        return (
            f"database {path} cannot be opened ({message}); check that its folder exists and "
            "is writable"
        )
    if "disk i/o" in lower or "full" in lower:
        return f"database {path}: {message} (is the disk full or failing?)"
    return f"database {path}: {message}"
