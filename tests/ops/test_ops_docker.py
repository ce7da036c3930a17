"""The Docker image: a hermetic check everywhere (the Dockerfile's own steps in a fresh venv, the
entrypoint found, HEALTHCHECK wired to /healthz on the configured and EXPOSEd port), and a real
build and run where a container engine answers (skipped otherwise, saying so)."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from bot.cli import health_url
from bot.config import Secrets, load_config
from tests.ops.ops_support import CODE_BANK, free_port
from tests.test_packaging import clean_env, fresh_venv, pip_install, run

ROOT = Path(__file__).resolve().parents[2]


def instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) of the Dockerfile, continuation lines joined, comments dropped."""
    lines, joined = [], ""
    for raw in (ROOT / "Dockerfile").read_text(encoding="utf-8").splitlines():
        if raw.strip().startswith("#") or not raw.strip():
            continue
        joined += raw.rstrip("\\").strip() + " "
        if not raw.rstrip().endswith("\\"):
            lines.append(joined.strip())
            joined = ""
    return [(line.split(None, 1)[0].upper(), line.split(None, 1)[1]) for line in lines]


def all_of(kind: str) -> list[str]:
    return [args for name, args in instructions() if name == kind]


def env_of_image() -> dict[str, str]:
    env = {}
    for args in all_of("ENV"):
        for part in shlex.split(args):
            key, _, value = part.partition("=")
            env[key] = value
    return env


def image_config_source() -> Path:
    """The file the Dockerfile copies to STUDYBOT_CONFIG."""
    target = env_of_image()["STUDYBOT_CONFIG"]
    for args in all_of("COPY"):
        *sources, dest = args.split()
        if dest == target:
            (source,) = sources
            return ROOT / source
    raise AssertionError(f"no COPY puts a file at STUDYBOT_CONFIG ({target})")


def test_the_image_config_serves_health_on_an_exposed_port():
    config = load_config(image_config_source())  # valid, as the bot would read it
    assert config.server.enabled == "on" and config.server.host == "0.0.0.0"
    exposed = {int(p.split("/")[0]) for args in all_of("EXPOSE") for p in args.split()}
    assert {config.server.port, config.slack.port} <= exposed
    (volume,) = all_of("VOLUME")
    assert Path(config.database.path).parent == Path(json.loads(volume)[0])  # on the volume


def test_healthcheck_asks_healthz_on_the_configured_port():
    (check,) = all_of("HEALTHCHECK")
    cmd = json.loads(check[check.index("CMD") + 3 :].strip())
    assert cmd == ["studybot", "health"]
    config = load_config(image_config_source())
    assert health_url(config, Secrets()) == f"http://127.0.0.1:{config.server.port}/healthz"
    slack_http = Secrets(slack_bot_token="xoxb-x", slack_signing_secret="s")
    assert health_url(config, slack_http) == f"http://127.0.0.1:{config.slack.port}/healthz"
    (entry,) = all_of("ENTRYPOINT")
    assert json.loads(entry)[:2] == ["studybot", "run"]


@pytest.mark.timeout(300)
def test_the_dockerfile_steps_in_a_fresh_venv_give_a_working_entrypoint(tmp_path):
    """COPY exactly what the Dockerfile copies, RUN its install and check steps in a fresh venv,
    then run the ENTRYPOINT with the image's config (paths moved to tmp) and its HEALTHCHECK."""
    context = tmp_path / "app"
    context.mkdir()
    for args in all_of("COPY"):
        *sources, dest = args.split()
        if dest.startswith("/"):
            continue  # the config: used below, with its paths moved
        for source in sources:
            src = ROOT / source
            target = context / (dest if dest not in ("./", ".") else source)
            if src.is_dir():
                shutil.copytree(src, target, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(src, target)
    python = fresh_venv(tmp_path / "venv")
    runs = all_of("RUN")
    assert any(cmd.startswith("pip install --no-cache-dir .") for cmd in runs)
    pip_install(python, str(context), tmp_path)
    for cmd in runs:  # the other RUN steps that use Python (the libseccomp check)
        if cmd.startswith("python -c"):
            run([str(python), "-c", shlex.split(cmd)[2]], cwd=tmp_path, env=clean_env())
    entry = tmp_path / "venv" / "bin" / json.loads(all_of("ENTRYPOINT")[0])[0]
    assert entry.is_file() and os.access(entry, os.X_OK), "the ENTRYPOINT command is not installed"

    port = free_port()
    (tmp_path / "bank").mkdir()
    (tmp_path / "bank" / "code.toml").write_text(CODE_BANK, encoding="utf-8")
    config_text = image_config_source().read_text(encoding="utf-8")
    config_text = config_text.replace("/data/studybot.db", str(tmp_path / "data" / "studybot.db"))
    config_text = config_text.replace("port = 8080", f"port = {port}")
    config = tmp_path / "studybot.toml"
    config.write_text(config_text, encoding="utf-8")
    env = {**clean_env(), "STUDYBOT_CONFIG": str(config),
           "STUDYBOT_QUESTIONS": str(context / "questions")}  # fmt: skip
    checker = [str(entry.parent / "studybot"), "health"]
    assert subprocess.run(checker, env=env, capture_output=True, timeout=30).returncode == 1
    bot = subprocess.Popen(
        [str(entry), *json.loads(all_of("ENTRYPOINT")[0])[1:]],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        cwd=tmp_path, env=env, text=True,
    )  # fmt: skip
    try:
        deadline, result = time.monotonic() + 60, None
        while time.monotonic() < deadline and bot.poll() is None:
            result = subprocess.run(checker, env=env, capture_output=True, text=True, timeout=30)
            if result.returncode == 0:
                break
            time.sleep(0.2)
        assert result is not None and result.returncode == 0, (result, bot.poll())
        assert json.loads(result.stdout)["status"] == "ok"
        where = run([str(python), "-c", "import bot; print(bot.__file__)"], cwd=tmp_path,
                    env=clean_env()).stdout  # fmt: skip
        assert str(tmp_path / "venv") in where  # the installed copy, not the work tree
    finally:
        bot.terminate()
        code = bot.wait(15)
    assert code == 0
    assert (tmp_path / "data" / "studybot.db").is_file()


def docker_available() -> str:
    """ "" when a Docker engine answers, else why not."""
    if shutil.which("docker") is None:
        return "no docker command"
    try:
        info = subprocess.run(["docker", "info"], capture_output=True, timeout=20)
    except subprocess.TimeoutExpired:
        return "docker info timed out"
    return "" if info.returncode == 0 else "no Docker engine answers (docker info failed)"


@pytest.mark.timeout(1200)
def test_the_image_builds_runs_and_turns_healthy(tmp_path):
    why = docker_available()
    if why:
        pytest.skip(f"Docker image test needs a container engine: {why}")
    tag = "studybot-ops-test"
    build = subprocess.run(["docker", "build", "--network", "host", "-t", tag, str(ROOT)],
                           capture_output=True, text=True, timeout=1100)  # fmt: skip
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    port = free_port()
    name = f"studybot-ops-{os.getpid()}"
    # -i keeps the terminal chat's stdin open, so the bot runs until stopped.
    container = subprocess.Popen(
        ["docker", "run", "--rm", "-i", "--name", name, "-p", f"127.0.0.1:{port}:8080", tag],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        deadline, body = time.monotonic() + 90, None
        while time.monotonic() < deadline and container.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=3) as r:
                    body = json.loads(r.read())
                    break
            except OSError:
                time.sleep(0.5)
        assert body is not None and body["status"] == "ok", container.poll()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=3) as r:
            assert b"studybot_rounds_posted_total" in r.read()
        inside = subprocess.run(["docker", "exec", name, "studybot", "health"],
                                capture_output=True, text=True, timeout=60)  # fmt: skip
        assert inside.returncode == 0, inside.stdout + inside.stderr  # the HEALTHCHECK command
        backup = subprocess.run(["docker", "exec", name, "studybot", "backup", "/data/copy.db"],
                                capture_output=True, text=True, timeout=60)  # fmt: skip
        assert backup.returncode == 0 and "integrity ok" in backup.stdout, backup.stderr
        started = time.monotonic()
        stop = subprocess.run(["docker", "stop", "-t", "15", name], capture_output=True,
                              timeout=60)  # fmt: skip
        assert stop.returncode == 0
        code = container.wait(30)
        assert code == 0 and time.monotonic() - started < 10  # SIGTERM: clean and quick
    finally:
        subprocess.run(["docker", "rm", "-f", name], capture_output=True, timeout=60)
        if container.poll() is None:
            container.kill()
