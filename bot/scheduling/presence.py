"""Is any other bot process using this database? An advisory lock file tells.

Every scheduler holds a *shared* ``flock`` on ``<database>.procs`` while it runs. At start-up it
first tries an *exclusive* lock without waiting: if that succeeds, no other bot process is running
on this database, so a round left in 'posting' is certainly orphaned (its process died) and can be
reconciled at once instead of after the posting timeout. The lock goes away with the process,
even on SIGKILL. Without ``fcntl`` (Windows) or for ``:memory:`` databases nothing is known and
callers fall back to the timeout.
"""

from __future__ import annotations

import contextlib
import logging
import os
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger("bot.scheduling")


class Presence:
    def __init__(self, database_path: str | os.PathLike[str]) -> None:
        path = str(database_path)
        self.path = None if path == ":memory:" or not path else Path(path + ".procs")
        self._fd: int | None = None

    def join(self) -> bool:
        """Hold the shared lock from now on; True if no other process held it when we came."""
        if fcntl is None or self.path is None or self._fd is not None:
            return False
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError:
            log.warning("cannot open %s; stuck posts wait for the posting timeout", self.path)
            return False
        alone = True
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            alone = False
        fcntl.flock(fd, fcntl.LOCK_SH)  # converts (or waits for a peer's brief exclusive check)
        self._fd = fd
        return alone

    def leave(self) -> None:
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._fd)  # closing releases the flock
            self._fd = None
