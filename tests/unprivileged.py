"""Running a command as an unprivileged uid from tests that run as root (`nobody`, the Docker
image's case of a bot without root), whatever folder the interpreter lives in."""

from __future__ import annotations

import os
import sys
from pathlib import Path

NOBODY = 65534
AS_ROOT = os.geteuid() == 0


def _blocked_ancestor(path: Path) -> Path | None:
    """The topmost folder above `path` that others may not enter (/root for a pyenv Python)."""
    for parent in reversed(path.parents):
        if parent != Path("/") and not os.stat(parent).st_mode & 0o001:
            return parent
    return None


def unprivileged(argv: list[str]) -> list[str]:
    """`argv` run as nobody. If the interpreter lives below a folder nobody cannot enter (a pyenv
    Python in /root), a private mount namespace shows that folder as an empty, enterable tmpfs
    with the interpreter's tree bound into it: nothing changes outside that namespace."""
    drop = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", *argv]
    prefix = Path(sys.base_prefix).resolve()
    blocked = _blocked_ancestor(prefix)
    if blocked is None:
        return drop
    inner = blocked / prefix.relative_to(blocked).parts[0]
    script = (
        'S=$(mktemp -d) && mount --bind "$1" "$S" && mount -t tmpfs -o mode=0755 none "$2" '
        '&& mkdir -p "$1" && mount --bind "$S" "$1" && shift 2 && exec "$@"'
    )
    return ["unshare", "--mount", "--propagation", "private", "sh", "-c", script, "sh",
            str(inner), str(blocked), *drop]  # fmt: skip
