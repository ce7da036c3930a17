"""Starting the template process: `python -I -c "...main()" SETTINGS_JSON` (see `process`).

It warms what members may use, builds the syscall filter, makes itself non-dumpable, moves into
an empty network namespace when root, says it is ready on stdout and serves requests
(`template.Template`) until the bot closes its stdin.
"""

from __future__ import annotations

import gc
import json
import os
import shutil
import signal
import sys

from bot.sandbox.template import Template

CLONE_NEWNET = 0x40000000


def isolate_network() -> bool:
    """Move the template (and so every child it forks) into a new, empty network namespace: no
    interface but a loopback that is down, so member code that got past the language layer still
    reaches no network. Needs root (CAP_SYS_ADMIN); elsewhere the sandbox runs without it."""
    if os.geteuid() != 0:
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        if libc.unshare(CLONE_NEWNET) != 0:
            return False
    except (OSError, AttributeError):
        return False
    return True


def main() -> None:
    settings = json.loads(sys.argv[1])
    import bot.sandbox.child
    from bot.sandbox import modules, seccomp

    seccomp.make_undumpable()  # same-uid processes (children included) cannot open our /proc
    modules.warm(frozenset(settings["allowed_modules"]))
    for name in settings.get("preload_modules", ()):
        __import__(name)
    try:
        bot.sandbox.child.prepare(settings["allowed_modules"], settings.get("seccomp", True))
    except seccomp.SeccompUnavailable as exc:
        sys.stdout.write(json.dumps({"failed": str(exc)}) + "\n")
        sys.stdout.flush()
        return

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    isolate_network()
    gc.collect()
    gc.freeze()  # children share the warmed heap copy-on-write
    sys.stdout.write(json.dumps({"ready": os.getpid()}) + "\n")
    sys.stdout.flush()
    template = Template(settings)
    try:
        template.loop()
    finally:
        shutil.rmtree(template.base, ignore_errors=True)
