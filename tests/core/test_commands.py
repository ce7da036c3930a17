"""The shared text-command parser: helpful usage errors, never exceptions of other kinds."""

from __future__ import annotations

import pytest

from bot.core.commands import help_text, parse_command, parse_schedule_args
from bot.core.errors import UsageError
from bot.core.periods import parse_period


def test_parses_names_aliases_and_arguments():
    assert parse_command("/leaderboard week").args == ("week",)
    assert parse_command("lb month").name == "leaderboard"
    assert parse_command("/schedule time 09:30 tz 'Europe/Berlin'").args == (
        "time", "09:30", "tz", "Europe/Berlin",
    )  # fmt: skip


def test_answer_and_run_keep_their_layout():
    command = parse_command("/run for i in range(2):\n    print(i)")
    assert command.name == "run" and command.rest == "for i in range(2):\n    print(i)"
    assert parse_command("answer  B, D ").rest == "B, D"


@pytest.mark.parametrize("text", ["", "/", "/dance", "/schedule time 'unclosed"])
def test_malformed_commands_raise_usage_errors(text):
    with pytest.raises(UsageError) as info:
        parse_command(text)
    assert "help" in str(info.value).lower() or "usage" in str(info.value).lower()


def test_schedule_arguments_map_to_settings():
    assert parse_schedule_args(("time", "08:00", "days", "mon,wed", "off")) == {
        "post_time": "08:00",
        "weekdays": "mon,wed",
        "enabled": False,
    }
    with pytest.raises(UsageError, match="Unknown schedule setting 'colour'"):
        parse_schedule_args(("colour", "red"))
    with pytest.raises(UsageError, match="needs a value"):
        parse_schedule_args(("time",))


def test_periods():
    assert parse_period("W").value == "week" and parse_period(None).value == "all"
    with pytest.raises(UsageError, match="week, month or all"):
        parse_period("year")


def test_help_lists_admin_commands_separately():
    text = help_text()
    assert text.index("Admin commands:") < text.index("/reveal")
    assert text.index("/leaderboard") < text.index("Admin commands:")


def test_an_unknown_command_points_to_the_help_command():
    with pytest.raises(UsageError, match=r"Unknown command 'frob'\. Type /help to see"):
        parse_command("/frob")
