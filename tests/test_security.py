"""Security: deck text is data everywhere it goes.

* YAML is only ever loaded safely: Python tags are refused (and never run),
  and no module calls an unsafe PyYAML loader.
* A deck with ``<script>``, an HTML entity, a CDATA terminator and both
  quotes in every text field (``tests/hostile/decks/evil_markup.yaml``) is
  exported in every format; each HTML or XML output shows the markup as
  text (no live tag, the entity double-escaped, the XML well-formed), plain
  text outputs keep their row structure, and the text survives.
* Export file names built from deck (or topic) ids never leave the chosen
  output folder, even for ids the loader would refuse.
"""

from __future__ import annotations

import csv
import io
import re
import sqlite3
import zipfile
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import pytest

from hostile.cli import invoke
from hostile import DECKS

EVIL = DECKS / "evil_markup.yaml"
PAYLOAD = "<script>alert(1)</script> &amp; ]]> \"'"
SRC = Path(__file__).resolve().parents[1] / "src" / "factdrill"


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    monkeypatch.setenv("FACTDRILL_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("FACTDRILL_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("NO_COLOR", "1")




# ----------------------------------------------------------------------------- YAML


@pytest.mark.parametrize(
    "tagged",
    [
        '!!python/object/apply:os.system ["touch {marker}"]',
        '!!python/object/new:subprocess.Popen [["touch", "{marker}"]]',
        "!!python/name:os.system",
        '!!python/module:os',
        '!!binary "aGVsbG8="',
        "!custom {{a: 1}}",
    ],
)
def test_yaml_tags_are_refused_and_never_run(tmp_path, tagged):
    marker = tmp_path / "pwned"
    deck = tmp_path / "tagged.yaml"
    deck.write_text(
        "id: tagged\ntitle: Tagged\nsources:\n  ref:\n    title: R\ntopics:\n  - id: bone\n    title: Bone\n"
        "facts:\n  - id: t1\n    kind: term\n    topic: bone\n    term: " + tagged.format(marker=marker)
        + "\n    definition: breakdown of bone\n    sources: [ref]\n",
        encoding="utf-8",
    )
    result = invoke("check", deck)
    assert result.exit_code != 0
    assert re.search(r"tag '.*' is not allowed", result.output), result.output
    for args in (("items", deck), ("drill", deck), ("export", "anki", deck, "-o", tmp_path)):
        result = invoke(*args)
        assert result.exit_code != 0 and result.output.startswith("Error: ")
    assert not marker.exists()


def test_no_module_uses_an_unsafe_yaml_loader():
    unsafe = re.compile(
        r"yaml\.(unsafe_load|full_load|load_all|UnsafeLoader|FullLoader|Loader\b|CLoader|CFullLoader|CUnsafeLoader)"
        r"|yaml\.load\((?![^)]*Safe)"
    )
    found = []
    for path in SRC.rglob("*.py"):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if unsafe.search(line) and not line.lstrip().startswith("#"):
                found.append(f"{path.relative_to(SRC)}:{n}: {line.strip()}")
    assert found == []


# ----------------------------------------------------------------------------- escaping


class _Tags(HTMLParser):
    """Collects the tags and attributes an HTML fragment really has."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += [name for name, _ in attrs]

    def handle_data(self, data):
        self.text.append(data)


def inert(fragment: str) -> str:
    """Assert ``fragment`` has no script tag or event handler; return its text."""
    p = _Tags()
    p.feed(fragment)
    p.close()
    assert "script" not in p.tags, fragment[:300]
    assert not [a for a in p.attrs if a.lower().startswith("on")], p.attrs
    return "".join(p.text)


def shown(fragment: str) -> str:
    """The text a student sees in an HTML fragment, whitespace collapsed."""
    return " ".join(inert(fragment).split())


def test_anki_fields_show_the_markup_as_text(tmp_path):
    assert invoke("export", "anki", EVIL, "-o", tmp_path).exit_code == 0
    with zipfile.ZipFile(tmp_path / "evil-markup.apkg") as zf:
        (tmp_path / "col.anki2").write_bytes(zf.read("collection.anki2"))
    con = sqlite3.connect(tmp_path / "col.anki2")
    try:
        fields = [f for (flds,) in con.execute("SELECT flds FROM notes") for f in flds.split("\x1f")]
        models = con.execute("SELECT models FROM col").fetchone()[0]
    finally:
        con.close()
    assert fields
    texts = [shown(f) for f in fields]
    assert any(PAYLOAD in t for t in texts), "the deck text must survive the escaping"
    assert any("&amp;amp;" in f for f in fields)  # the entity in the deck is text, not an ampersand
    assert "<script>" not in models


def test_anki_text_import_file_is_marked_plain_text(tmp_path):
    assert invoke("export", "csv", EVIL, "-o", tmp_path).exit_code == 0
    text = (tmp_path / "evil-markup.tsv").read_text(encoding="utf-8")
    headers = [line for line in text.splitlines() if line.startswith("#")]
    assert "#html:false" in headers  # Anki shows the fields as typed, never as HTML
    rows = list(csv.reader(io.StringIO("\n".join(l for l in text.splitlines() if not l.startswith("#"))),
                           delimiter="\t"))
    assert rows and all(len(r) == 3 for r in rows)
    assert any(PAYLOAD in r[0] for r in rows)


def test_gift_questions_are_escaped_html(tmp_path):
    out = tmp_path / "q.gift"
    assert invoke("export", "gift", EVIL, "-o", out).exit_code == 0
    text = out.read_text(encoding="utf-8")
    body = [line for line in text.splitlines() if not line.startswith("//")]
    assert body
    for line in body:
        inert(line)
    assert "&lt;script&gt;" in text
    # the comment lines that quote deck text stay single lines (cannot break out)
    comments = [line for line in text.splitlines() if line.startswith("//")]
    assert all("\r" not in c for c in comments)


def test_qti_is_well_formed_xml_with_escaped_html(tmp_path):
    out = tmp_path / "q.zip"
    assert invoke("export", "qti", EVIL, "-o", out).exit_code == 0
    seen = []
    with zipfile.ZipFile(out) as zf:
        for name in zf.namelist():
            if name.endswith(".xml"):
                root = ElementTree.fromstring(zf.read(name))  # ]]> and & must not break it
                for el in root.iter():
                    if el.tag.endswith("mattext") and el.text:
                        seen.append(shown(el.text) if el.get("texttype") == "text/html" else el.text)
    assert any(PAYLOAD in s for s in seen)


def test_blackboard_upload_is_escaped_html_in_tab_fields(tmp_path):
    out = tmp_path / "bb.txt"
    assert invoke("export", "blackboard", EVIL, "-o", out).exit_code == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines
    types = {"MC", "MA", "TF", "FIB", "NUM", "MAT", "ORD", "ESS", "SR", "FIB_PLUS", "OP", "JUMBLED_SENTENCE"}
    for line in lines:
        cols = line.split("\t")
        assert cols[0] in types, line[:80]
        for col in cols[1:]:
            inert(col)
    assert any(PAYLOAD in shown(c) for line in lines for c in line.split("\t")[1:])


def test_quizlet_rows_keep_their_shape(tmp_path):
    out = tmp_path / "ql.tsv"
    assert invoke("export", "quizlet", EVIL, "-o", out).exit_code == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines and all(line.count("\t") == 1 for line in lines)
    assert any(PAYLOAD in line for line in lines)  # plain text: shown as typed


@pytest.mark.parametrize("suffix", ["html", "md"])
def test_study_sheet_is_escaped(tmp_path, suffix):
    out = tmp_path / f"sheet.{suffix}"
    assert invoke("sheet", EVIL, "-o", out).exit_code == 0
    text = out.read_text(encoding="utf-8")
    # Markdown renderers pass raw HTML through, so both must be inert HTML
    seen = shown(text)
    if suffix == "md":
        seen = seen.replace("\\", "")  # Markdown escapes of ] and the like
    assert PAYLOAD.replace("&amp;", "&amp;") in seen or "<script>alert(1)</script>" in seen


def test_exam_and_key_files_are_escaped(tmp_path):
    assert invoke("exam", EVIL, "--items", "10", "--versions", "2", "-o", tmp_path).exit_code == 0
    files = sorted(tmp_path.glob("evil-markup-*"))
    assert len(files) == 8
    for f in files:
        seen = shown(f.read_text(encoding="utf-8"))
        assert "<script>alert(1)</script>" in seen.replace("\\", ""), f.name


# ----------------------------------------------------------------------------- paths


@pytest.mark.parametrize("bad_id", ["../../escaped", "/tmp/escaped-abs", "..", "a/../../b", "x\\..\\y", ""])
def test_export_file_names_never_leave_the_output_folder(tmp_path, bad_id):
    from factdrill.generators.cache import deck_and_items
    from factdrill.errors import FactdrillError
    from factdrill.exporters import anki
    from factdrill.exporters import csv as csv_export
    from factdrill.exporters import safe_output_path as safe_child
    from factdrill.instructor.exam_pages import ExamFile

    deck, items = deck_and_items(EVIL)
    hostile = replace(deck, id=bad_id)
    out = tmp_path / "a" / "b" / "out"
    out.mkdir(parents=True)
    before = set(tmp_path.rglob("*"))
    writers = [
        lambda: anki.export_deck(hostile, items, out),
        lambda: csv_export.export_csv(hostile, items, out),
        # how exam, sheet and blackboard --by-topic place their files
        lambda: safe_child(out, ExamFile(f"{bad_id}-exam-A.html", "x").name).write_text("x"),
        lambda: safe_child(out, f"{bad_id}-bone-pool.txt").write_text("x"),
    ]
    for write in writers:
        try:
            write()
        except FactdrillError as exc:
            assert "refusing to write" in str(exc)
    written = set(tmp_path.rglob("*")) - before
    assert all(out in p.parents for p in written), written
    assert not Path("/tmp/escaped-abs.apkg").exists() and not Path("/tmp/escaped-abs.tsv").exists()


def test_deck_ids_that_are_paths_are_refused_by_the_loader(tmp_path):
    text = EVIL.read_text(encoding="utf-8").replace("id: evil-markup", "id: ../../escaped", 1)
    deck = tmp_path / "paths.yaml"
    deck.write_text(text, encoding="utf-8")
    result = invoke("export", "anki", deck, "-o", tmp_path / "out")
    assert result.exit_code != 0
    assert "Error:" in result.output and "id" in result.output
    assert not list(tmp_path.parent.glob("escaped*"))


@pytest.mark.parametrize("name", ["../escaped", "/tmp/escaped-abs-deck", "a/../../b", "..", "x\\..\\y"])
def test_new_deck_names_never_write_outside_the_decks_folder(tmp_path, name):
    folder = tmp_path / "work" / "decks"
    folder.mkdir(parents=True)
    before = set(tmp_path.rglob("*"))
    result = invoke("new", name, "--dir", folder)
    assert result.exit_code != 0 and "not a slug" in result.output
    assert set(tmp_path.rglob("*")) == before
    assert not Path("/tmp/escaped-abs-deck").exists()
