"""Print layout of an exam in headless Chromium: page count and no overflowing text.

Skipped where Debian's ``chromium`` is not installed (CI installs it).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from factdrill.instructor.exam import make_versions

from factdrill.instructor.exam_pages import render_exam_html
from factdrill.generators.items import ItemKind

from instructor_fixtures import _item, make_deck, make_items, opt

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")

LONG_WORD = "pneumonoultramicroscopicsilicovolcanoconiosis" * 6  # no break opportunity at all


def _chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    cmd = [
        CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
        f"--user-data-dir={tmp_path / 'profile'}", *args,
    ]
    # Chromium's crash handler writes under HOME: keep it in the test's folder
    env = dict(os.environ, HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path), XDG_CACHE_HOME=str(tmp_path))
    return subprocess.run(cmd, capture_output=True, text=True, timeout=180, env=env)


def _exam_html(section_breaks=True):
    deck = make_deck()
    items = [i for i in make_items() if i.kind is not ItemKind.FLASHCARD]
    items.append(_item(ItemKind.MCQ, "f-long", "liver", f"Which word is this: {LONG_WORD}?", [LONG_WORD],
                       [opt(LONG_WORD, True, LONG_WORD), opt("short", False)]))
    (form,) = make_versions(deck, items, 1, seed=1)
    return render_exam_html(deck, form, section_breaks=section_breaks), len(form.sections)


def test_exam_prints_one_page_per_section(tmp_path):
    page, sections = _exam_html()
    src = tmp_path / "exam.html"
    src.write_text(page, encoding="utf-8")
    pdf = tmp_path / "exam.pdf"
    proc = _chromium(tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", src.as_uri())
    assert pdf.exists(), proc.stderr[-2000:]
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))
    counts = [int(n) for n in re.findall(rb"/Count\s+(\d+)", data)]
    # each topic section starts on a new page and these short sections fit on one
    assert sections == 4
    assert pages == 4
    assert max(counts) == 4


OVERFLOW_PROBE = """
<script>
window.addEventListener('load', () => {
  const bad = [];
  const limit = document.documentElement.clientWidth;
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0) continue;
    if (r.right > limit + 1 || el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflow === 'visible'
        && el.clientWidth > 0) {
      bad.push(el.tagName + '.' + el.className + ':' + Math.round(r.right) + '/' + limit);
    }
  }
  const out = document.createElement('pre');
  out.id = 'probe';
  out.textContent = 'OVERFLOW[' + bad.join('|') + '] WIDTH=' + document.documentElement.scrollWidth + '/' + limit;
  document.body.appendChild(out);
});
</script>
"""


def test_no_text_overflows_the_printable_width(tmp_path):
    page, _ = _exam_html()
    assert "overflow-wrap: anywhere" in page
    probe = tmp_path / "probe.html"
    # the printable width of a letter page with the exam's 18 mm side margins, in CSS px
    probe.write_text(page.replace("</body>", OVERFLOW_PROBE + "</body>"), encoding="utf-8")
    proc = _chromium(tmp_path, "--window-size=680,900", "--virtual-time-budget=3000", "--dump-dom", probe.as_uri())
    m = re.search(r"OVERFLOW\[(.*?)\] WIDTH=(\d+)/(\d+)", proc.stdout)
    assert m, proc.stderr[-2000:]
    assert m.group(1) == "", f"elements wider than the page: {m.group(1)}"
    assert int(m.group(2)) <= int(m.group(3))
    assert LONG_WORD in proc.stdout  # the long word is there, wrapped rather than cut


def test_without_section_breaks_sections_share_pages(tmp_path):
    deck = make_deck()
    items = [i for i in make_items() if i.kind is not ItemKind.FLASHCARD]
    (form,) = make_versions(deck, items, 1, seed=1)
    src = tmp_path / "exam.html"
    src.write_text(render_exam_html(deck, form, section_breaks=False), encoding="utf-8")
    pdf = tmp_path / "exam.pdf"
    proc = _chromium(tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", src.as_uri())
    assert pdf.exists(), proc.stderr[-2000:]
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf.read_bytes()))
    assert 1 <= pages < len(form.sections)
