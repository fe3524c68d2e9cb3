"""Printing exam pages to PDF with headless Chromium, when it is installed.

The HTML pages carry their own print CSS (page size, margins, breaks), so
Chromium's ``--print-to-pdf`` gives the same pages a browser's Print would.
Chromium runs with a throw-away profile and ``HOME`` in a temporary folder:
nothing is written to the user's home, and it reaches no network
(background networking, updates and sync are off; the page is a local file).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import ExportError

# Executable names of Chromium and Chrome on Linux, macOS (when on PATH) and Windows.
CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome", "msedge")
ENV = "FACTDRILL_CHROMIUM"
TIMEOUT_S = 180


def find_chromium() -> str | None:
    """``$FACTDRILL_CHROMIUM``, else the first Chromium-like browser on PATH."""
    given = os.environ.get(ENV)
    if given:
        return shutil.which(given) or (given if Path(given).is_file() else None)
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def require_chromium() -> str:
    """The browser to print with, or ExportError saying how to get one."""
    browser = find_chromium()
    if browser is None:
        raise ExportError(
            "--pdf needs Chromium or Chrome (install 'chromium', or set FACTDRILL_CHROMIUM to its path); "
            "the .html files print to PDF from any browser"
        )
    return browser


def html_to_pdf(html: Path, pdf: Path, *, chromium: str | None = None) -> Path:
    """Print ``html`` to ``pdf``; ExportError (saying what to do) when it cannot."""
    browser = chromium or require_chromium()
    with tempfile.TemporaryDirectory(prefix="factdrill-chromium-") as tmp:
        env = dict(os.environ, HOME=tmp, XDG_CONFIG_HOME=tmp, XDG_CACHE_HOME=tmp)
        cmd = [
            browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
            "--no-pdf-header-footer", f"--user-data-dir={Path(tmp) / 'profile'}",
            f"--print-to-pdf={pdf.resolve()}", html.resolve().as_uri(),
        ]  # fmt: skip
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT_S, env=env, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise ExportError(f"cannot print {html} to PDF with {browser}: {exc}") from None
    if not pdf.is_file() or not pdf.read_bytes().startswith(b"%PDF"):
        last = (done.stderr or done.stdout or "no output").strip().splitlines()[-1:]
        raise ExportError(f"{browser} did not print {html} to PDF ({' '.join(last)[:200]})")
    return pdf
