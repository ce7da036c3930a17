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
