"""Attacks on the process boundary, written as plain Python (the language layer switched off).

Each program prints "ESCAPED" only if the harmful step worked. `$names` are filled in by
boundary_runner.py: `$bot` (the bot's pid), `$template`, `$victims` (a list of the pids of other
children, one of them running another member's program), `$wrapper` (a same-uid process holding
the token in its environment), `$db`, `$config`, `$bank` (files the bot can read), `$shared` (a
world-writable folder), `$tcp_port`, `$udp_port`, `$unix_path` (listeners the runner watches).

`evidence` is what the refusal must look like with the filter on: a substring of the traceback's
last line (or of the whole answer for a killed process).
"""

from __future__ import annotations

from dataclasses import dataclass

EPERM = "Operation not permitted"
KILLED = "stopped unexpectedly"  # the kernel killed the child (x32 / foreign-architecture call)


@dataclass(frozen=True)
class Attack:
    id: str
    code: str
    evidence: str = EPERM


def _read(path: str) -> str:
    return f"print('ESCAPED', open({path}, 'rb').read()[:200])"


def _ctypes(body: str) -> str:
    return (
        "import ctypes\nlibc = ctypes.CDLL(None, use_errno=True)\n"
        f"rc = {body}\n"
        "err = ctypes.get_errno()\n"
        "if rc >= 0:\n    print('ESCAPED', rc)\n"
        "raise OSError(err, __import__('os').strerror(err))\n"
    )


DEEP = 200_000
ATTACKS: list[Attack] = [
    # files the bot can read: sealed answers, tokens, the bank, the system
    Attack("read-db", _read("$db")),
    Attack("read-config", _read("$config")),
    Attack("read-bank", _read("$bank")),
    Attack("read-passwd", _read("'/etc/passwd'")),
    Attack("read-bot-environ", _read("'/proc/$bot/environ'")),
    Attack("read-template-environ", _read("'/proc/$template/environ'")),
    Attack("read-wrapper-environ", _read("'/proc/$wrapper/environ'")),
    Attack("read-own-environ", _read("'/proc/self/environ'")),
    Attack("read-bot-memory", "f = open('/proc/$bot/mem', 'rb')\nprint('ESCAPED', f)"),
    Attack("os-open-db", "import os\nprint('ESCAPED', os.read(os.open($db, os.O_RDONLY), 100))"),
    Attack("raw-openat", _ctypes("libc.syscall(257, -100, $db.encode(), 0)")),
    Attack("listdir-root", "import os\nprint('ESCAPED', os.listdir('/'))"),
    Attack("listdir-proc", "import os\nprint('ESCAPED', os.listdir('/proc'))"),
    Attack("stat-db", "import os\nprint('ESCAPED', os.stat($db))"),
    Attack("readlink-bot-exe", "import os\nprint('ESCAPED', os.readlink('/proc/$bot/exe'))"),
    # writing into other processes through /proc
    Attack(
        "write-template-stdin",
        "import pickle, struct\n"
        "p = pickle.dumps({'id': 1, 'code': 'print(1)', 'timeout': 1})\n"
        "open('/proc/$template/fd/0', 'wb').write(struct.pack('!I', len(p)) + p)\n"
        "print('ESCAPED')",
    ),
    Attack("write-bot-stdout", "open('/proc/$bot/fd/1', 'w').write('x')\nprint('ESCAPED')"),
    Attack("write-db", "open($db, 'ab').write(b'ESCAPED')\nprint('ESCAPED')"),
    # network: loopback listeners the runner watches, and other families
    Attack(
        "tcp-connect",
        "import socket\ns = socket.create_connection(('127.0.0.1', $tcp_port), timeout=1)\n"
        "s.sendall(b'ESCAPED')\nprint('ESCAPED')",
    ),
    Attack(
        "tcp6-connect",
        "import socket\ns = socket.socket(socket.AF_INET6)\ns.connect(('::1', $tcp_port))\n"
        "print('ESCAPED')",
    ),
    Attack(
        "udp-send",
        "import socket\n"
        "socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b'ESCAPED', "
        "('127.0.0.1', $udp_port))\nprint('ESCAPED')",
    ),
    Attack(
        "unix-connect",
        "import socket\ns = socket.socket(socket.AF_UNIX)\ns.connect($unix_path)\n"
        "s.sendall(b'ESCAPED')\nprint('ESCAPED')",
    ),
    Attack(
        "netlink-socket",
        "import socket\ns = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0)\n"
        "print('ESCAPED', s)",
    ),
    Attack(
        "dgram-socketpair",  # a datagram socket could send to any unix socket path
        "import socket\nprint('ESCAPED', socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM))",
    ),
    Attack(
        "socketpair-send-elsewhere",  # the stream pair asyncio needs cannot address anyone else
        "import socket\na, b = socket.socketpair()\na.sendto(b'ESCAPED', $unix_path)\n"
        "print('ESCAPED')",
        "already connected",
    ),
    Attack(
        "inet-socketpair",
        "import socket\nprint('ESCAPED', socket.socketpair(socket.AF_INET))",
    ),
    Attack("raw-socket-syscall", _ctypes("libc.syscall(41, 2, 1, 0)")),
    # signals to the bot, the template, other members' runs, anyone
    Attack("kill-bot", "import os\nos.kill($bot, 9)\nprint('ESCAPED')"),
    Attack("kill-template", "import os\nos.kill($template, 9)\nprint('ESCAPED')"),
    Attack(
        "kill-other-runs",
        "import os\nfor pid in $victims:\n    os.kill(pid, 9)\n    print('ESCAPED', pid)",
    ),
    Attack("kill-wrapper", "import os\nos.kill($wrapper, 9)\nprint('ESCAPED')"),
    Attack("kill-everyone", "import os\nos.kill(-1, 9)\nprint('ESCAPED')"),
    Attack("killpg-bot", "import os\nos.killpg(os.getpgid($template), 9)\nprint('ESCAPED')"),
    Attack("probe-bot", "import os\nos.kill($bot, 0)\nprint('ESCAPED')"),
    Attack("tgkill-template", _ctypes("libc.syscall(234, $template, $template, 9)")),
    # new processes and programs
    Attack("fork", "import os\npid = os.fork()\nif pid == 0:\n    os._exit(0)\nprint('ESCAPED')"),
    Attack("exec", "import os\nos.execv('/bin/sh', ['sh', '-c', 'echo ESCAPED'])"),
    Attack("posix-spawn", "import os\nos.posix_spawn('/bin/true', ['true'], {})\nprint('ESCAPED')"),
    Attack("subprocess", "import subprocess\nprint('ESCAPED', subprocess.run(['id']))"),
    Attack(
        "os-system",
        "import os\nrc = os.system('echo ESCAPED')\nif rc == 0:\n    print('ESCAPED')\n"
        "raise OSError(f'system() failed: {rc}')",
        "system() failed: 32512",  # glibc: posix_spawn failed, W_EXITCODE(127, 0)
    ),
    Attack("raw-clone", _ctypes("libc.syscall(56, 17, 0, 0, 0, 0)")),
    Attack(
        "memfd-exec",
        "import os\nfd = os.memfd_create('x')\nos.execve(fd, ['x'], {})\nprint('ESCAPED')",
    ),
    # creating or changing files and folders
    Attack("create-file", "open($shared + '/escape.txt', 'w').write('x')\nprint('ESCAPED')"),
    Attack("mkdir-shared", "import os\nos.mkdir($shared + '/escape-dir')\nprint('ESCAPED')"),
    Attack("mkdir-tmp", "import os\nos.mkdir('/tmp/escape-$runid')\nprint('ESCAPED')"),
    Attack(
        "fill-inodes",
        "for i in range(1000):\n    open(f'/tmp/escape-$runid-{i}', 'w').close()\nprint('ESCAPED')",
    ),
    Attack("mkfifo", "import os\nos.mkfifo($shared + '/escape-fifo')\nprint('ESCAPED')"),
    Attack("symlink", "import os\nos.symlink($db, $shared + '/escape-link')\nprint('ESCAPED')"),
    Attack("unlink-db", "import os\nos.unlink($db)\nprint('ESCAPED')"),
    Attack("rename-db", "import os\nos.rename($db, $db + '.x')\nprint('ESCAPED')"),
    Attack("chmod-db", "import os\nos.chmod($db, 0o777)\nprint('ESCAPED')"),
    Attack("truncate-db", "import os\nos.truncate($db, 0)\nprint('ESCAPED')"),
    # the kernel's other doors, through ctypes
    Attack("ptrace-bot", _ctypes("libc.ptrace(16, $bot, 0, 0)")),
    Attack("ptrace-template", _ctypes("libc.ptrace(16, $template, 0, 0)")),
    Attack(
        "process-vm-read",
        "import ctypes\nlibc = ctypes.CDLL(None, use_errno=True)\n"
        "buf = ctypes.create_string_buffer(64)\n"
        "iov = (ctypes.c_void_p * 2)(ctypes.addressof(buf), 64)\n"
        "rc = libc.syscall(310, $bot, iov, 1, iov, 1, 0)\n"
        "if rc >= 0:\n    print('ESCAPED')\n"
        "raise OSError(ctypes.get_errno(), 'Operation not permitted')",
    ),
    Attack("prctl-drop-filter", _ctypes("libc.prctl(22, 0, 0, 0, 0)")),
    Attack("prctl-dumpable", _ctypes("libc.prctl(4, 1, 0, 0, 0)")),
    Attack("seccomp-syscall", _ctypes("libc.syscall(317, 0, 0, 0)")),
    Attack("io-uring", _ctypes("libc.syscall(425, 8, 0)")),
    Attack("bpf", _ctypes("libc.syscall(321, 0, 0, 0)")),
    Attack("unshare-user", _ctypes("libc.unshare(0x10000000)")),
    Attack("setuid-root", "import os\nos.setuid(0)\nprint('ESCAPED')"),
    Attack("ioctl-tiocsti", _ctypes("libc.ioctl(1, 0x5412, b'x')")),
    Attack("x32-open", _ctypes("libc.syscall(0x40000002, b'/etc/passwd', 0)"), KILLED),
    # the result channel: what the template parses must not hurt it
    Attack(
        "malformed-results",
        "import os\nos.write(3, b'{not json\\n\\x00\\xff\\n[1, 2]\\n\"x\"\\n')\nprint('fine')",
        "",
    ),
    Attack(
        "deeply-nested-test-event",
        f"import os\nos.write(3, b'{{\"i\": 0, \"v\": ' + b'[' * {DEEP} + b']' * {DEEP} "
        "+ b'}\\n')\nprint('fine')",
        "",
    ),
    Attack(
        "deeply-nested-final-event",
        f'import os\nos.write(3, b\'{{"status": "ok", "traceback": \' + b\'[\' * {DEEP} '
        f"+ b']' * {DEEP} + b'}}\\n')",
        "",
    ),
    Attack(
        "deep-but-parsable-event",
        "import os\nos.write(3, b'{\"i\": 0, \"v\": ' + b'[' * 900 + b']' * 900 + b'}\\n')",
        "",
    ),
    Attack("result-flood", "import os\nwhile True:\n    os.write(3, b'{\"i\": 0}\\n' * 4096)", ""),
]
