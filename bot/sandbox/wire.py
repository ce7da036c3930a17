"""What travels between the bot and the template, and where the template keeps it.

Every child is forked from the template, so it starts with a copy of the template's memory. The
template therefore keeps members' data (requests: code and test inputs; children's output and
result events) only in `PrivateBuffer`s: anonymous mappings marked MADV_DONTFORK, which a forked
child does not get at all, read into and written from directly, never turned into Python objects
in the template (which would leave copies on its heap for the next child to inherit). The
template parses nothing but fixed-size headers; the bot unpickles nothing from the template and
parses the children's result events itself.

Bot -> template: REQUEST header (payload length, request id, timeout), then the payload (the
pickled request, which only the child unpickles).
Template -> bot: ANSWER header (request id, why the template stopped the child, its wait status,
duration, output length, results length), then the raw output and the raw result events.
"""

from __future__ import annotations

import contextlib
import mmap
import os
import struct

REQUEST = struct.Struct("!IQd")
ANSWER = struct.Struct("!QBidII")
MAX_PAYLOAD = 48 << 20  # a request larger than this is refused by the bot
INBUF = MAX_PAYLOAD + (1 << 20)  # the template's request buffer (virtual until touched)

# Why the template stopped a child (ANSWER's second field).
REASONS = ("", "timeout", "output_limit", "no_process")


class PrivateBuffer:
    """A fixed-capacity byte buffer that forked children never inherit (MADV_DONTFORK)."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self.map = mmap.mmap(-1, max(capacity, mmap.PAGESIZE))
        self.map.madvise(mmap.MADV_DONTFORK)
        self.length = 0

    @property
    def room(self) -> int:
        return self.capacity - self.length

    def read_from(self, fd: int) -> int:
        """Read what `fd` has (up to the room left) straight into the buffer; 0 at EOF or when
        full. Raises BlockingIOError when a non-blocking `fd` has nothing."""
        if self.room <= 0:
            return 0
        with memoryview(self.map) as whole, whole[self.length : self.capacity] as free:
            n = os.readv(fd, [free])
        self.length += n
        return n

    def write_to(self, fd: int, start: int = 0, end: int | None = None) -> None:
        """Write bytes [start, end) to a blocking `fd`, all of them."""
        end = self.length if end is None else end
        with memoryview(self.map) as whole:
            while start < end:
                with whole[start:end] as part:
                    start += os.write(fd, part)

    def consume(self, n: int) -> None:
        """Drop the first `n` bytes; what follows moves to the front, the freed tail is zeroed."""
        rest = self.length - n
        if rest:
            self.map.move(0, n, rest)
        self.map[rest : self.length] = bytes(self.length - rest)
        self.length = rest

    def clear(self) -> None:
        self.consume(self.length)

    def close(self) -> None:
        with contextlib.suppress(BufferError, ValueError):
            self.map.close()
