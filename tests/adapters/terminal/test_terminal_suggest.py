"""Members grow the bank: a suggestion made in the real terminal chat, reviewed by an admin, is
posted on a later day (demo clock) with its author credited, and exports as a valid bank file."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from bot.bank.loader import load_bank
from tests.adapters.terminal.test_terminal_week import BANK, studybot
from tests.conftest import write_bank

SUGGESTION = [
    'topic = "git"',
    'kind = "short"',
    "difficulty = 1",
    'title = "Undo the last commit"',
    'prompt = "Which command moves HEAD back one commit and keeps the changes staged?"',
    'explanation = "--soft moves HEAD only."',
    "[short]",
    'accepted = ["git reset --soft HEAD~1"]',
]


def block(lines: list[str]) -> list[str]:
    return ["/suggest", "```", *lines, "```"]


def test_suggestion_accepted_is_posted_later_and_credited(tmp_path: Path) -> None:
    write_bank(tmp_path / "bank", BANK)
    broken = [line.replace("difficulty = 1", "difficulty = 7") for line in SUGGESTION]
    edited = [line.replace("keeps the changes", "keeps your changes") for line in SUGGESTION]
    out = studybot(
        tmp_path,
        "2026-03-02",
        [
            "/suggest help",
            "/as alice",
            *block(broken),  # refused: the field is named
            *block(SUGGESTION),
            "/suggestions",  # alice is no admin
            "/as you",
            "/suggestions",
            "/suggestions show 1",
            "/suggestions edit 1",
            "```",
            *edited,
            "```",
            "/suggestions accept 1",
            "/suggestions accept 1",  # once
            "/suggestions export",
            "/nextday",  # Tuesday: the accepted suggestion is posted, credited
            "git reset --soft HEAD~1",
            "/wait 18:00",  # its reveal grades the answer
            "/quit",
        ],
    )
    assert 'kind = "short"          # choice, short, code or open' in out  # /suggest help
    assert "field 'difficulty'" in out
    assert "Thanks, alice: suggestion #1 (git.undo-the-last-commit) waits" in out
    assert "Only admins can review suggestions" in out or "review suggestions" in out
    assert "  #1 git.undo-the-last-commit, by alice" in out
    assert "Suggestion #1 by alice, pending:" in out
    assert "Suggestion #1 changed (git.undo-the-last-commit); still pending." in out
    assert "Suggestion #1 accepted: 'Undo the last commit' joins this group's rotation" in out
    assert "Suggestion #1 is already accepted." in out
    monday = out.index("=== Question of Mon 02 Mar")
    tuesday = out.index("=== Question of Tue 03 Mar")
    assert monday < tuesday
    post = out[tuesday:]
    assert post.startswith(
        "=== Question of Tue 03 Mar: [git · easy · short] Undo the last commit\n"
        "(Suggested by alice.)"
    )
    assert "keeps your changes staged?" in post  # the admin's edit
    assert "Answer to Undo the last commit: git reset --soft HEAD~1" in post
    assert "1 answered, 1 correct (100%)." in post

    exported = tmp_path / "suggested-questions.toml"
    assert "1 accepted suggestion(s) written to" in out
    assert "# suggested by alice (suggestion #1)" in exported.read_text(encoding="utf-8")
    bank = load_bank([exported])  # a valid file of the shared bank, validated like any other
    question = bank.get("git.undo-the-last-commit")
    assert question.topic == "git" and "keeps your changes" in question.prompt

    with sqlite3.connect(tmp_path / "week.db") as db:
        rows = db.execute("SELECT state, question_id FROM suggestions").fetchall()
        asked = db.execute("SELECT question_id FROM rounds ORDER BY round_date").fetchall()
    assert rows == [("accepted", "git.undo-the-last-commit")]
    assert asked[-1] == ("git.undo-the-last-commit",)

    shared = tmp_path / "shared.toml"  # the same export from the command line
    cli = subprocess.run(
        [sys.executable, "-m", "bot", "questions", "export-suggestions", "--config",
         str(tmp_path / "studybot.toml"), "--group", "local", "-o", str(shared)],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert cli.returncode == 0, cli.stderr
    assert "1 suggested question(s) written to" in cli.stderr
    assert shared.read_text(encoding="utf-8") == exported.read_text(encoding="utf-8")
