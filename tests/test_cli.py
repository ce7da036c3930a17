"""The studybot command line: options before or after `run` mean the same."""

from __future__ import annotations

import pytest

from bot.cli import build_parser


@pytest.mark.parametrize(
    "argv",
    [
        ["--db", "x.db", "--config", "c.toml", "--terminal", "run"],
        ["run", "--db", "x.db", "--config", "c.toml", "--terminal"],
        ["--db", "x.db", "run", "--config", "c.toml", "--terminal"],
        ["--db", "x.db", "--config", "c.toml", "--terminal"],
    ],
)
def test_run_options_anywhere(argv):
    args = build_parser().parse_args(argv)
    assert (args.db, args.config, args.terminal) == ("x.db", "c.toml", True)


def test_defaults():
    args = build_parser().parse_args(["run"])
    assert (args.db, args.config, args.terminal) == (None, None, False)


def run_cli(*args: str, cwd, env_extra: dict[str, str] | None = None):
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("STUDYBOT_", "DISCORD_"))}
    env.update({"PYTHONPATH": str(root), **(env_extra or {})})
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["--bogus"], "unrecognized arguments: --bogus"),
        (["export"], "required: --group"),
        (["export", "--group", "1", "--format", "xml"], "invalid choice: 'xml'"),
        (["questions"], "required: {check,list,export-suggestions}"),
        (["nonsense"], "invalid choice: 'nonsense'"),
    ],
)
def test_command_line_mistakes_are_one_line(tmp_path, argv, needle):
    result = run_cli(*argv, cwd=tmp_path)
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 2
    assert len(lines) == 1 and needle in lines[0] and "--help" in lines[0], result.stderr


def test_questions_commands_name_a_missing_path_in_one_line(tmp_path):
    for command in ("check", "list"):
        result = run_cli("questions", command, str(tmp_path / "gone"), cwd=tmp_path)
        assert result.returncode == 1
        assert result.stderr.strip().splitlines() == [
            f"studybot: no such question folder or file: {tmp_path / 'gone'}"
        ]


def test_questions_list_names_the_first_bad_file_in_one_line(tmp_path):
    from tests.conftest import SMALL_BANK, write_bank

    bank = write_bank(tmp_path / "bank", SMALL_BANK.replace('kind = "short"', 'kind = "long"'))
    result = run_cli("questions", "list", str(bank), cwd=tmp_path)
    assert result.returncode == 1
    (line,) = result.stderr.strip().splitlines()
    assert "demo.toml" in line and "'kind'" in line


def test_questions_with_bundled_false_and_no_dirs(tmp_path):
    config = tmp_path / "c.toml"
    config.write_text("[questions]\nbundled = false\n")
    result = run_cli("questions", "check", "--config", str(config), cwd=tmp_path)
    assert result.returncode == 1
    (line,) = result.stderr.strip().splitlines()
    assert "bundled = false" in line


def test_an_unwritable_log_file_is_a_config_error(tmp_path):
    import logging

    from bot.cli import setup_logging
    from bot.config import ConfigError, config_from_dict

    root = logging.getLogger()
    level, raising = root.level, logging.raiseExceptions
    target = tmp_path / "missing" / "bot.log"
    config = config_from_dict({"logging": {"file": str(target)}})
    with pytest.raises(ConfigError, match=r"key 'logging\.file': cannot write to"):
        setup_logging(config, terminal=True)
    # The default terminal log beside a database that cannot be made falls back to stderr (the
    # database's own check explains); beside a folder yet to be made, it waits for the folder.
    (tmp_path / "file.txt").write_text("")
    config = config_from_dict({"database": {"path": str(tmp_path / "file.txt" / "x.db")}})
    later = config_from_dict({"database": {"path": str(tmp_path / "new" / "x.db")}})
    try:
        assert setup_logging(config, terminal=True)[0] is None
        assert setup_logging(later, terminal=True)[0] == tmp_path / "new" / "studybot.log"
    finally:
        for handler in [h for h in root.handlers if h.get_name() == "studybot"]:
            root.removeHandler(handler)
        root.setLevel(level)
        logging.raiseExceptions = raising


def test_the_terminal_log_file_sits_beside_the_database(tmp_path):
    from bot.cli import terminal_log_file
    from bot.config import config_from_dict

    config = config_from_dict({"database": {"path": str(tmp_path / "data" / "x.db")}})
    assert terminal_log_file(config) == tmp_path / "data" / "studybot.log"


def test_questions_check_of_a_bad_bank_reports_on_stdout_and_one_line_on_stderr(tmp_path):
    from tests.conftest import SMALL_BANK, write_bank

    bank = write_bank(tmp_path / "bank", SMALL_BANK.replace("difficulty = 2", "difficulty = 7"))
    result = run_cli("questions", "check", "--no-sandbox", str(bank), cwd=tmp_path)
    assert result.returncode == 1
    assert "FAILED: 1 problem(s)" in result.stdout
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("studybot: question bank check failed: ")
    assert "demo.toml" in line and "'difficulty'" in line
