"""The core never imports a chat-platform library."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

CORE = Path(__file__).resolve().parents[2] / "bot" / "core"
PLATFORM_LIBS = ("discord", "slack_bolt", "slack_sdk")


def test_no_core_module_imports_a_platform_library():
    offenders = []
    for path in CORE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] in PLATFORM_LIBS]
    assert offenders == []


def test_importing_the_core_loads_no_platform_library():
    code = (
        "import sys, bot.core.service, bot.core.text, bot.core.commands\n"
        f"loaded = [m for m in sys.modules if m.split('.')[0] in {PLATFORM_LIBS!r}]\n"
        "print(loaded)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
