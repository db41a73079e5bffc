"""A command run on a real pseudo-terminal, for what behaves differently on a terminal than on a pipe."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import struct
import subprocess
import termios
import time
from pathlib import Path


class Terminal:
    """The command's stdin, stdout and stderr are one pseudo-terminal, 120 columns wide; `expect` reads
    its output until a pattern shows, `send` types."""

    def __init__(self, command: list[str], env: dict[str, str], cwd: Path) -> None:
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        self.process = subprocess.Popen(
            command, stdin=slave, stdout=slave, stderr=slave, env={**env, "TERM": "xterm"}, cwd=cwd
        )
        os.close(slave)
        self._master = master
        self.output = ""

    def expect(self, pattern: str, timeout: float = 120.0, start: int = 0) -> int:
        """Read until `pattern` (a regex) appears in the output after `start`; where it ends."""
        deadline = time.monotonic() + timeout
        while (found := re.search(pattern, self.output[start:])) is None:
            if not self._read(deadline - time.monotonic()):
                raise AssertionError(
                    f"{pattern!r} never appeared; the terminal showed:\n{self.output[-3000:]}"
                )
        return start + found.end()

    def send(self, text: str) -> int:
        """Type `text`; where the output stood before it."""
        os.write(self._master, text.encode())
        return len(self.output)

    def finish(self, timeout: float = 60.0) -> int:
        """Read to the end and wait for the exit code."""
        deadline = time.monotonic() + timeout
        while self._read(deadline - time.monotonic()):
            pass
        code = self.process.wait(timeout=max(deadline - time.monotonic(), 1))
        os.close(self._master)
        return code

    def _read(self, timeout: float) -> bool:
        if timeout <= 0 or not select.select([self._master], [], [], timeout)[0]:
            return False
        try:
            chunk = os.read(self._master, 65536)
        except OSError:  # EIO: the command closed the terminal
            return False
        self.output += chunk.decode(errors="replace")
        return bool(chunk)
