"""The syscall allowlist every sandbox child installs before member code runs (the OS boundary).

The filter is compiled once, in the template, by libseccomp (which knows each architecture's
syscall numbers, the x32 ABI trap and the architecture check) and exported as raw BPF bytes; each
child then loads those bytes with two `prctl` calls, which costs a few microseconds. Loaded
filters cannot be removed, are inherited and stack with any filter already in place (Docker's
default profile included), and `PR_SET_NO_NEW_PRIVS` makes them work without privileges.

What the allowlist admits is what CPython needs to compute and report: memory (mmap, brk...),
futexes, clocks and sleeping, randomness, signal handling of its own, reading its request pipe,
writing its output and result pipes, closing descriptors and exiting. Everything else (open,
stat, socket, connect, kill, ptrace, fork, clone, execve, mkdir, unlink, ioctl, prctl,
process_vm_*, ...) fails with EPERM, so member code sees an ordinary `PermissionError`. A syscall
of a foreign architecture or the x32 ABI kills the process: there, failing is not safe.

libseccomp is loaded by its soname (`libseccomp.so.2`, Debian's `libseccomp2`, present in the
python:3.11-slim image), not through `ctypes.util.find_library`, which needs ldconfig or a
compiler. The binding is these few calls; pyseccomp (last release 2021) resolves the library
with find_library and fails in minimal images.
"""

from __future__ import annotations

import ctypes
import errno
import os
from collections.abc import Iterable

ACT_ALLOW = 0x7FFF0000
ACT_KILL_PROCESS = 0x80000000
ACT_ERRNO_EPERM = 0x00050000 | errno.EPERM
_CMP_EQ = 4
_CMP_MASKED_EQ = 7
_ATTR_ACT_BADARCH = 2
_PR_SET_NO_NEW_PRIVS = 38
_PR_SET_SECCOMP = 22
_SECCOMP_MODE_FILTER = 2
_PR_SET_DUMPABLE = 4
_PR_SET_PDEATHSIG = 1

# Syscalls allowed with any arguments. Names unknown on this architecture are skipped.
ALWAYS = (
    # memory
    "brk", "mmap", "munmap", "mremap", "madvise",
    # signals (its own handlers and masks; sending is not allowed) and restarts
    "rt_sigaction", "rt_sigprocmask", "rt_sigreturn", "sigaltstack", "restart_syscall",
    # time, sleep, randomness, locks, scheduling
    "clock_gettime", "clock_getres", "clock_nanosleep", "nanosleep", "gettimeofday", "time",
    "getrandom", "futex", "sched_yield",
    # waiting on its request pipe (a spare child selects with a timeout)
    "select", "pselect6", "poll", "ppoll",
    # its own identity (no effect on anything)
    "getpid", "gettid", "getppid", "getuid", "geteuid", "getgid", "getegid", "getgroups",
    "getpgid", "getpgrp", "getsid",
    # descriptors it already holds
    "close", "lseek",
    # leaving
    "exit", "exit_group",
)  # fmt: skip


class _ArgCmp(ctypes.Structure):
    _fields_ = [
        ("arg", ctypes.c_uint),
        ("op", ctypes.c_int),
        ("datum_a", ctypes.c_uint64),
        ("datum_b", ctypes.c_uint64),
    ]


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


class SeccompUnavailable(RuntimeError):
    """libseccomp could not be loaded or could not build the filter."""


def _libseccomp() -> ctypes.CDLL:
    try:
        lib = ctypes.CDLL("libseccomp.so.2", use_errno=True)
    except OSError as exc:
        raise SeccompUnavailable(
            "libseccomp.so.2 is not installed (Debian/Ubuntu: apt install libseccomp2); the "
            "sandbox will not run member code without its syscall filter"
        ) from exc
    lib.seccomp_init.restype = ctypes.c_void_p
    lib.seccomp_init.argtypes = [ctypes.c_uint32]
    lib.seccomp_release.argtypes = [ctypes.c_void_p]
    lib.seccomp_syscall_resolve_name.argtypes = [ctypes.c_char_p]
    lib.seccomp_rule_add_array.argtypes = [
        ctypes.c_void_p, ctypes.c_uint32, ctypes.c_int, ctypes.c_uint, ctypes.POINTER(_ArgCmp)
    ]  # fmt: skip
    lib.seccomp_attr_set.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_uint32]
    lib.seccomp_export_bpf.argtypes = [ctypes.c_void_p, ctypes.c_int]
    return lib


# (syscall, [(argument index, comparison, value, mask)]): allowed when every comparison holds.
# What asyncio's event loop needs, and nothing that reaches outside the process: an AF_UNIX
# *stream* socketpair (connected to itself; a stream socket cannot send to an address), epoll,
# send/recv on those sockets, and the one ioctl that makes them non-blocking.
_AF_UNIX, _SOCK_STREAM, _SOCK_TYPE_MASK, _FIONBIO = 1, 1, 0xF, 0x5421
_Rule = tuple[str, list[tuple[int, int, int, int]]]
EVENT_LOOP: list[_Rule] = [
    ("socketpair", [(0, _CMP_EQ, _AF_UNIX, 0), (1, _CMP_MASKED_EQ, _SOCK_STREAM, _SOCK_TYPE_MASK)]),
    ("ioctl", [(1, _CMP_EQ, _FIONBIO, 0)]),
    *((name, []) for name in ("epoll_create1", "epoll_ctl", "epoll_wait", "epoll_pwait",
                              "sendto", "recvfrom")),
]  # fmt: skip


def build_filter(read_fds: Iterable[int], write_fds: Iterable[int]) -> bytes:
    """The allowlist as raw BPF (struct sock_filter[]) for this machine's architecture.

    `read` is allowed only on `read_fds` and `write` only on `write_fds`; every syscall not
    listed fails with EPERM; a foreign-architecture or x32 syscall kills the process."""
    rules: list[_Rule] = [(name, []) for name in ALWAYS] + EVENT_LOOP
    rules += [("read", [(0, _CMP_EQ, fd, 0)]) for fd in read_fds]
    rules += [("write", [(0, _CMP_EQ, fd, 0)]) for fd in write_fds]
    lib = _libseccomp()
    ctx = lib.seccomp_init(ACT_ERRNO_EPERM)
    if not ctx:
        raise SeccompUnavailable("seccomp_init failed")
    try:
        if lib.seccomp_attr_set(ctx, _ATTR_ACT_BADARCH, ACT_KILL_PROCESS) != 0:
            raise SeccompUnavailable("cannot set the bad-architecture action")
        for name, checks in rules:
            number = lib.seccomp_syscall_resolve_name(name.encode())
            if number < 0:
                continue  # not a syscall on this architecture (e.g. "time" on aarch64)
            # MASKED_EQ takes (mask, value); the others (value, unused).
            cmps = (_ArgCmp * max(len(checks), 1))(
                *(
                    _ArgCmp(arg, op, mask, value)
                    if op == _CMP_MASKED_EQ
                    else _ArgCmp(arg, op, value, 0)
                    for arg, op, value, mask in checks
                )
            )
            rc = lib.seccomp_rule_add_array(ctx, ACT_ALLOW, number, len(checks), cmps)
            if rc != 0:
                raise SeccompUnavailable(f"cannot add the rule for {name}: {os.strerror(-rc)}")
        program = _export(lib, ctx)
    finally:
        lib.seccomp_release(ctx)
    if not program or len(program) % 8:
        raise SeccompUnavailable("libseccomp exported an empty or malformed filter")
    return program


def _export(lib: ctypes.CDLL, ctx: int) -> bytes:
    fd = os.memfd_create("studybot-seccomp")
    try:
        rc = lib.seccomp_export_bpf(ctx, fd)
        if rc != 0:
            raise SeccompUnavailable(f"cannot export the filter: {os.strerror(-rc)}")
        os.lseek(fd, 0, os.SEEK_SET)
        chunks = []
        while chunk := os.read(fd, 1 << 16):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


_libc = ctypes.CDLL(None, use_errno=True)
_libc.prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong,
                        ctypes.c_ulong]  # fmt: skip


class Filter:
    """A built program, ready to load: its buffers are made once (in the template), so that a
    child only makes the two `prctl` calls."""

    def __init__(self, program: bytes) -> None:
        self.program = program
        self._buffer = ctypes.create_string_buffer(program, len(program))
        self._prog = _SockFprog(len(program) // 8, ctypes.cast(self._buffer, ctypes.c_void_p))
        self._address = ctypes.addressof(self._prog)

    def install(self) -> None:
        """Load the filter into this process: from here on, and in anything it could start, only
        the allowlisted syscalls work. Raises OSError if the kernel refuses."""
        if _libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_SET_NO_NEW_PRIVS) failed")
        if _libc.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, self._address, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_SET_SECCOMP) failed")


def die_with_parent() -> None:
    """PR_SET_PDEATHSIG=SIGKILL: this process is killed when its parent (the template) exits."""
    _libc.prctl(_PR_SET_PDEATHSIG, 9, 0, 0, 0)


def make_undumpable() -> bool:
    """PR_SET_DUMPABLE=0: processes of the same uid can no longer ptrace this one or open its
    /proc entries (environ, mem, fd/*), which become owned by root. True when it worked."""
    return _libc.prctl(_PR_SET_DUMPABLE, 0, 0, 0, 0) == 0
