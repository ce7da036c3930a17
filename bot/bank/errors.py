"""Errors of the question bank's files (for bank authors and admins, not chat members)."""

from __future__ import annotations

from collections.abc import Sequence


class BankError(ValueError):
    """One or more problems in a set of question files.

    `problems` lists every problem found (not just the first), each naming the file, the question id
    and the field, e.g. ``questions/python.toml: question 'python.gil.check': field 'difficulty':
    expected an integer 1-3, got 'hard'``. ``str(error)`` joins them one per line.
    """

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems: list[str] = list(problems)
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in the question bank"
        super().__init__(head + ":\n" + "\n".join(self.problems))
