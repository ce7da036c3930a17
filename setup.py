"""Build hook: ship the bundled question bank inside the wheel.

The bank's files live at the top-level `questions/` folder of the repository (where authors edit
them). A wheel or a non-editable `pip install .` copies `questions/*.toml` (and its README) into
the installed package as `bot/questions/`, where `bot.bank.paths.bundled_bank_dir()` finds them
with importlib.resources. Editable installs and checkouts read `questions/` in place.
Everything else is configured in pyproject.toml.
"""

from __future__ import annotations

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

BANK = Path(__file__).resolve().parent / "questions"
BANK_PATTERNS = ("*.toml", "README.md")
TARGET = ("bot", "questions")


class build_py_with_bank(build_py):
    """`build_py`, plus the question bank copied into the built `bot` package."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):  # an editable install reads questions/ in place
            return
        files = sorted(f for pattern in BANK_PATTERNS for f in BANK.glob(pattern) if f.is_file())
        if not any(f.suffix == ".toml" for f in files):
            raise SystemExit(f"setup.py: no question files (*.toml) in {BANK}")
        target = Path(self.build_lib, *TARGET)
        self.mkpath(str(target))
        for source in files:
            self.copy_file(str(source), str(target / source.name))


setup(cmdclass={"build_py": build_py_with_bank})
