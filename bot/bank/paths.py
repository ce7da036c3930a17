"""Where the bundled question bank lives.

In order: the folder named by $STUDYBOT_QUESTIONS (the Docker image sets it); the bank installed
inside the package (`bot/questions/`, put there by a wheel or a non-editable `pip install .`, see
setup.py); the repository's top-level `questions/` folder (a checkout or an editable install).
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

ENV_VAR = "STUDYBOT_QUESTIONS"
PACKAGE_DIR = "questions"  # inside the installed `bot` package


def installed_bank_dir() -> Path | None:
    """`bot/questions/` of an installed wheel, or None in a checkout."""
    try:
        found = resources.files("bot") / PACKAGE_DIR
    except (ModuleNotFoundError, TypeError):  # pragma: no cover - bot is always importable here
        return None
    return found if isinstance(found, Path) and found.is_dir() else None


def checkout_bank_dir() -> Path:
    """The repository's top-level `questions/` folder."""
    return Path(__file__).resolve().parents[2] / "questions"


def bundled_bank_dir() -> Path:
    """The directory named by $STUDYBOT_QUESTIONS, else the installed bank, else the checkout's."""
    override = os.environ.get(ENV_VAR, "").strip()
    if override:
        return Path(override).expanduser()
    return installed_bank_dir() or checkout_bank_dir()


def bundled_bank_origin() -> str:
    """Where `bundled_bank_dir()` came from, for error messages."""
    if os.environ.get(ENV_VAR, "").strip():
        return f"set by ${ENV_VAR}"
    return "inside the installed package" if installed_bank_dir() else "in the studybot checkout"
