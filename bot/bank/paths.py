"""Where the bundled question bank lives."""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "STUDYBOT_QUESTIONS"


def bundled_bank_dir() -> Path:
    """The repository's `questions/` folder, or the directory named by $STUDYBOT_QUESTIONS."""
    override = os.environ.get(ENV_VAR, "").strip()
    if override:
        return Path(override).expanduser()
    return Path(__file__).resolve().parents[2] / "questions"
