"""Drive a real ``factdrill drill`` process over pipes, as a scripted student.

Used by the crash-safety and concurrency tests: it answers whatever is on
screen (right answers, built by ``drill_keys`` from the generated items),
and reads back which answers the session acknowledged on screen (the
``Rated ... Next:`` line is printed only after the review is committed).
"""

from __future__ import annotations

import os
import re
import select
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import drill_keys

FACTDRILL = str(Path(sys.executable).with_name("factdrill"))
ACK = re.compile(r"Rated \w+\. Next: ")
MARKER = re.compile(r"\[(\w+) ([\w-]+)\]\n")
SELF_RATE = "1-4 (Enter = 3 Good) > "
FEEDBACK = "u: undo  q: quit > "
AHEAD = "Enter: study them now  q: end the session > "


def acknowledged(text: str) -> list[str]:
    """Item ids whose answers the screen acknowledged, in order."""
    out = []
    for m in ACK.finditer(text):
        markers = list(MARKER.finditer(text, 0, m.start()))
        if markers:
            out.append(markers[-1].group(2))
    return out


class PipedDrill:
    """One ``factdrill drill`` process with stdin/stdout on pipes."""

    def __init__(self, home: Path, items: dict, *args: str, cache: Path | None = None) -> None:
        env = dict(os.environ, NO_COLOR="1", COLUMNS="80", FACTDRILL_HOME=str(home))
        if cache is not None:
            env["FACTDRILL_CACHE"] = str(cache)
        self.items = items
        self.proc = subprocess.Popen([FACTDRILL, "drill", *args], env=env, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.raw = b""
        self.eof = False
        self.answered = 0

    @property
    def text(self) -> str:
        return self.raw.decode("utf-8", "replace")

    def _read(self, timeout: float) -> None:
        assert self.proc.stdout is not None
        ready, _, _ = select.select([self.proc.stdout], [], [], timeout)
        if ready:
            chunk = os.read(self.proc.stdout.fileno(), 65536)
            if chunk:
                self.raw += chunk
            else:
                self.eof = True

    def wait_prompt(self, timeout: float = 30) -> bool:
        """Wait until the session waits for a line; False if it ended."""
        end = time.monotonic() + timeout
        while not self.eof and time.monotonic() < end:
            if self.raw.endswith(b"> "):
                return True
            self._read(0.05)
        if self.eof:
            return False
        raise TimeoutError(f"no prompt within {timeout} s:\n{self.text[-2000:]}")

    def reply(self) -> str:
        """The line to send to the prompt now on screen (right answers)."""
        text = self.text
        if text.endswith(SELF_RATE):
            return "3"
        if text.endswith(FEEDBACK) or text.endswith(AHEAD):
            return ""
        found = list(MARKER.finditer(text))
        if not found:
            return ""
        m = found[-1]
        item = self.items[m.group(2)]
        return drill_keys.answer(item, text[m.end():])

    def send(self, line: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(line.encode() + b"\n")
        self.proc.stdin.flush()

    def step(self) -> bool:
        """Answer the prompt on screen; False when the session has ended."""
        if not self.wait_prompt():
            return False
        self.send(self.reply())
        self.raw += b"\n"  # mark the line as answered so the next prompt is new output
        self.answered += 1
        return True

    def kill(self) -> None:
        """SIGKILL, then collect whatever the process had already written."""
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()
        assert self.proc.stdout is not None
        rest = self.proc.stdout.read()
        self.raw += rest or b""
        self.eof = True
        self._close()

    def quit(self) -> int:
        """Send :q, read to the end, and return the exit code."""
        if not self.eof and self.wait_prompt():
            self.send(":q")
        assert self.proc.stdout is not None and self.proc.stdin is not None
        self.proc.stdin.close()
        self.raw += self.proc.stdout.read()
        code = self.proc.wait(timeout=60)
        self._close()
        return code

    def _close(self) -> None:
        for f in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            try:
                if f is not None:
                    f.close()
            except OSError:
                pass

    def acked(self) -> Counter:
        return Counter(acknowledged(self.text))
