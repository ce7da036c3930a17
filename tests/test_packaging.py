"""The bundled bank ships inside the wheel: build it, install it into a fresh venv outside the
repository, and run the installed `studybot questions check` from another folder.

No network: the wheel is built without build isolation (the test extra brings setuptools>=70.1),
the fresh venv has no pip of its own (this venv's pip installs into it with --python), and the
dependencies are this venv's site-packages, reached through a .pth file; the package itself
(`bot`) comes from the installed wheel only, which the test checks.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ("bot", "questions", "pyproject.toml", "setup.py", "MANIFEST.in", "README.md")


def run(cmd: list[str], *, cwd: Path, env: dict[str, str] | None = None, timeout: float = 60):
    result = subprocess.run(
        cmd,
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert result.returncode == 0, f"{cmd}\n{result.stdout}\n{result.stderr}"
    return result


def clean_env() -> dict[str, str]:
    drop = ("STUDYBOT_", "PYTHON", "DISCORD_", "SLACK_", "VIRTUAL_ENV", "PIP_")
    return {k: v for k, v in os.environ.items() if not k.startswith(drop)}


def copy_sources(dest: Path) -> Path:
    """The files a build may use, without the work tree's build/, egg-info or caches."""
    dest.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", "*.db*")
    for name in SOURCES:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=ignore)
        else:
            shutil.copy2(src, dest / name)
    return dest


def fresh_venv(path: Path) -> Path:
    """A venv without pip whose only extra path is this venv's site-packages (the dependencies)."""
    run([sys.executable, "-m", "venv", "--without-pip", str(path)], cwd=path.parent)
    python = path / "bin" / "python"
    purelib = run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        cwd=path.parent,
    ).stdout.strip()
    deps = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    Path(purelib, "studybot_test_deps.pth").write_text("\n".join(sorted(deps)) + "\n")
    return python


def pip_install(python: Path, target: str, cwd: Path) -> None:
    run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps",
         "--no-build-isolation", "--no-index", "-q", target],
        cwd=cwd,
        env=clean_env(),
        timeout=120,
    )  # fmt: skip


def bank_topics() -> set[str]:
    """The topics of the repository's bank, read straight from the TOML files."""
    topics = set()
    for path in (ROOT / "questions").glob("*.toml"):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        file_topic = data.get("topic", path.stem)
        topics |= {q.get("topic", file_topic).lower() for q in data["question"]}
    return topics


def question_count() -> int:
    return sum(
        len(tomllib.loads(p.read_text(encoding="utf-8"))["question"])
        for p in (ROOT / "questions").glob("*.toml")
    )


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("wheel")
    src = copy_sources(work / "src")
    run(
        [sys.executable, "-m", "pip", "wheel", ".", "-w", str(work / "dist"), "--no-deps",
         "--no-build-isolation", "--no-index", "-q"],
        cwd=src,
        env=clean_env(),
        timeout=120,
    )  # fmt: skip
    (built,) = (work / "dist").glob("studybot-*.whl")
    return built


def test_the_wheel_carries_the_bank_and_the_migrations(wheel):
    import zipfile

    names = set(zipfile.ZipFile(wheel).namelist())
    for path in (ROOT / "questions").glob("*.toml"):
        assert f"bot/questions/{path.name}" in names
    shipped = list((ROOT / "bot" / "storage" / "migrations").glob("*/*.sql"))
    assert {path.parent.name for path in shipped} == {"sqlite", "postgres"}
    for path in shipped:  # each backend's migrations
        assert f"bot/storage/migrations/{path.parent.name}/{path.name}" in names
    templates = list((ROOT / "bot" / "web" / "templates").glob("*.html"))
    assert templates
    for path in templates:  # the web pages' templates (package data)
        assert f"bot/web/templates/{path.name}" in names


@pytest.mark.timeout(240)
@pytest.mark.parametrize("how", ["wheel", "pip install ."])
def test_installed_studybot_finds_the_bundled_bank(how, wheel, tmp_path):
    python = fresh_venv(tmp_path / "venv")
    if how == "wheel":
        pip_install(python, str(wheel), tmp_path)
    else:
        pip_install(python, str(copy_sources(tmp_path / "src")), tmp_path)
    elsewhere = tmp_path / "elsewhere"  # no studybot.toml, no questions/ here
    elsewhere.mkdir()
    where = run(
        [str(python), "-c",
         "import bot, bot.bank.paths as p; print(bot.__file__); print(p.bundled_bank_dir())"],
        cwd=elsewhere,
        env=clean_env(),
    ).stdout.split()  # fmt: skip
    venv = str(tmp_path / "venv")
    assert where[0].startswith(venv), f"bot imported from {where[0]}, not the installed wheel"
    assert where[1].startswith(venv) and where[1].endswith("bot/questions")

    checked = run(
        [str(tmp_path / "venv" / "bin" / "studybot"), "questions", "check"],
        cwd=elsewhere,
        env=clean_env(),
        timeout=120,
    )
    out = checked.stdout
    assert out.rstrip().endswith("OK"), out
    assert f"{question_count()} questions in " in out
    listed = {line.split()[0] for line in out.splitlines() if line.startswith("  ")}
    missing = bank_topics() - listed
    assert not missing, f"topics missing from the installed bank: {missing}\n{out}"
    assert "code references: " in out and "pass all their tests" in out


@pytest.mark.timeout(240)
def test_installed_studybot_refuses_a_bad_database_in_one_line(wheel, tmp_path):
    python = fresh_venv(tmp_path / "venv")
    pip_install(python, str(wheel), tmp_path)
    notes = tmp_path / "notes.db"
    notes.write_text("not a database\n")
    result = subprocess.run(
        [str(tmp_path / "venv" / "bin" / "studybot"), "--db", str(notes)],
        cwd=tmp_path,
        env=clean_env(),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 1
    (line,) = result.stderr.strip().splitlines()
    assert str(notes) in line and "not an SQLite database" in line
    assert notes.read_text() == "not a database\n"


def test_a_wheel_built_from_the_sdist_carries_the_bank(tmp_path):
    """`python -m build` makes the sdist first, then the wheel from it: MANIFEST.in must carry
    questions/ into the sdist for setup.py to copy it into the wheel."""
    import tarfile
    import zipfile

    src = copy_sources(tmp_path / "src")
    script = (
        f"from setuptools import build_meta as b; print(b.build_sdist({str(tmp_path / 'sd')!r}))"
    )
    name = run([sys.executable, "-c", script], cwd=src, env=clean_env()).stdout.split()[-1]
    with tarfile.open(tmp_path / "sd" / name) as sdist:
        safe = {"filter": "data"} if hasattr(tarfile, "data_filter") else {}  # 3.11.4+
        sdist.extractall(tmp_path / "unpacked", **safe)  # our own sdist
    (unpacked,) = (tmp_path / "unpacked").iterdir()
    run(
        [sys.executable, "-m", "pip", "wheel", ".", "-w", str(tmp_path / "dist"), "--no-deps",
         "--no-build-isolation", "--no-index", "-q"],
        cwd=unpacked,
        env=clean_env(),
        timeout=120,
    )  # fmt: skip
    (wheel_file,) = (tmp_path / "dist").glob("studybot-*.whl")
    names = set(zipfile.ZipFile(wheel_file).namelist())
    for path in (ROOT / "questions").glob("*.toml"):
        assert f"bot/questions/{path.name}" in names
