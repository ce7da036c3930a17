"""Run every attack of boundary_attacks.py against a real sandbox, as whatever user runs this.

    python boundary_runner.py plain|restricted|unfiltered OUT.json

(`unfiltered` is the control: plain Python with the syscall filter switched off, to show that
the harm detectors below do see harm when a layer is missing.)

This process plays the bot: it holds a token in its environment, a database and a config file
with secrets, a same-uid wrapper process with the token in its environment, and TCP, UDP and
unix listeners on loopback. For each attack it starts another member's run first (the victim),
then the attack, and afterwards records every harm it can see: a secret in the attack's output,
"ESCAPED" printed, the template replaced, the victim's run broken, the wrapper dead, a
connection or datagram received, a file created or changed. Run as root and as an unprivileged
uid by test_boundary.py.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import socket
import string
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from boundary_attacks import ATTACKS

from bot.sandbox import ProcessSandbox, SandboxSettings

TOKEN = "fake-discord-token-Zq81xVv3"
SEALED = "sealed-answer-7f3a91"
CONFIG_SECRET = "xoxb-config-secret-55c1"
BANK = Path(__file__).resolve().parents[2] / "questions" / "python.toml"
SECRETS = (TOKEN, SEALED, CONFIG_SECRET, "root:x:0:0", "[[question]]", "DISCORD_TOKEN")
PRELOAD = ("socket", "ctypes", "subprocess", "signal", "pickle", "struct", "hashlib")


class Listeners:
    """TCP, UDP and unix listeners on loopback that remember whatever reaches them."""

    def __init__(self, folder: str) -> None:
        self.received: list[str] = []
        self.tcp = socket.create_server(("127.0.0.1", 0))
        self.udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.udp.bind(("127.0.0.1", 0))
        self.unix_path = os.path.join(folder, "bot.sock")
        self.unix = socket.socket(socket.AF_UNIX)
        self.unix.bind(self.unix_path)
        os.chmod(self.unix_path, 0o777)
        self.unix.listen()
        for server in (self.tcp, self.unix):
            threading.Thread(target=self._accept, args=(server,), daemon=True).start()
        threading.Thread(target=self._datagrams, daemon=True).start()

    def _accept(self, server: socket.socket) -> None:
        while True:
            conn, _ = server.accept()
            self.received.append(f"connection on {server.family.name}")
            conn.close()

    def _datagrams(self) -> None:
        while True:
            data, _ = self.udp.recvfrom(4096)
            self.received.append(f"datagram {data!r}")


def _children_of(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rpartition(")")[2].split()[1]) == pid:
                found.append(int(entry))
    return found


def _snapshot(folders: list[str]) -> dict[str, str]:
    files = {}
    for folder in folders:
        for entry in os.scandir(folder):
            if folder != "/tmp" or entry.name.startswith("escape"):
                files[entry.path] = entry.name
    return files


async def main(mode: str, out: str) -> None:
    os.environ["DISCORD_TOKEN"] = TOKEN
    home = tempfile.mkdtemp(prefix="boundary-bot-")
    shared = tempfile.mkdtemp(prefix="boundary-shared-")
    os.chmod(home, 0o755)
    os.chmod(shared, 0o777)
    db = Path(home, "studybot.db")
    db.write_text(f"SQLite format 3 ... {SEALED}")
    db.chmod(0o644)  # world-readable, as a careless deployment would leave it
    config = Path(home, "config.toml")
    config.write_text(f'[slack]\nbot_token = "{CONFIG_SECRET}"\n')
    listeners = Listeners(shared)
    wrapper = subprocess.Popen(["sleep", "600"], env={"DISCORD_TOKEN": TOKEN})
    settings = SandboxSettings(
        workers=3,
        wall_seconds=3.0,
        cpu_seconds=2,
        runs_per_minute=0,
        preload_modules=PRELOAD,
        seccomp=mode != "unfiltered",
    )
    box = ProcessSandbox(settings)
    await box.start()
    template = box.template_pid
    assert template is not None
    db_hash = hashlib.sha256(db.read_bytes()).hexdigest()
    report = {"uid": os.geteuid(), "mode": mode, "results": []}
    try:
        for n, attack in enumerate(ATTACKS):
            victim = asyncio.create_task(
                box.run_unrestricted("import time\ntime.sleep(0.15)\nprint('victim ok')")
            )
            await asyncio.sleep(0.03)  # the victim is running in its child now
            values = {
                "bot": os.getpid(), "template": template, "wrapper": wrapper.pid,
                "victims": sorted(_children_of(template)), "db": repr(str(db)),
                "config": repr(str(config)), "bank": repr(str(BANK)), "shared": repr(shared),
                "tcp_port": listeners.tcp.getsockname()[1],
                "udp_port": listeners.udp.getsockname()[1],
                "unix_path": repr(listeners.unix_path), "runid": f"{os.getpid()}-{n}",
            }  # fmt: skip
            code = string.Template(attack.code).substitute(values)
            before = _snapshot([shared, "/tmp"])
            run = box.run if mode == "restricted" else box.run_unrestricted
            result = await run(code)
            victim_result = await victim
            await asyncio.sleep(0.01)  # let a datagram or connection land
            harm = []
            text = result.stdout + result.traceback
            harm += [f"secret shown: {s!r}" for s in SECRETS if s in text]
            if "ESCAPED" in result.stdout:
                harm.append("printed ESCAPED")
            if box.template_pid != template or not _alive(template):
                harm.append("the template was replaced or died")
                template = box.template_pid
            if victim_result.stdout != "victim ok\n":
                harm.append(f"the other member's run broke: {victim_result}")
            if wrapper.poll() is not None:
                harm.append("the wrapper process died")
                wrapper = subprocess.Popen(["sleep", "600"], env={"DISCORD_TOKEN": TOKEN})
            harm += listeners.received
            listeners.received.clear()
            created = set(_snapshot([shared, "/tmp"])) - set(before) - {listeners.unix_path}
            harm += [f"created {path}" for path in sorted(created)]
            if not db.exists() or hashlib.sha256(db.read_bytes()).hexdigest() != db_hash:
                harm.append("the database file changed")
            report["results"].append(
                {
                    "id": attack.id,
                    "status": result.status.value,
                    "stdout": result.stdout[:500],
                    "traceback": result.traceback[-500:],
                    "harm": harm,
                }
            )
        after = await box.run_unrestricted("print(6 * 7)")
        report["after"] = after.stdout
    finally:
        await box.close()
        wrapper.kill()
        for path in _snapshot(["/tmp"]):  # what the control run managed to create
            subprocess.run(["rm", "-rf", path], check=False)
    Path(out).write_text(json.dumps(report))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2]))
