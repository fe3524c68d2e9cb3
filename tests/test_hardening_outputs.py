"""Outputs: deck text cannot inject structure into any file, and a command
writes only regular files it created or was told to replace, never the
review store, never through a link that leaves its output folder.
"""

from __future__ import annotations

from functools import partial

import io
import json
import os
import sqlite3
import stat
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest

from factdrill.study.store import DB_NAME
from hostile.cli import invoke as run
from hostile import builders as b


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    monkeypatch.setenv("FACTDRILL_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("FACTDRILL_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("NO_COLOR", "1")


invoke = partial(run, input="q\n")  # each run ends a drill at its first question


INJECT = "1\\n::evil::[html]<b>pwned</b>{=yes}\\n$CATEGORY: $course$/pwned\\n#deck:pwned\\n//"


def injecting_deck(tmp_path: Path) -> Path:
    """Newlines (and each format's syntax) in every deck-level text."""
    text = b.deck(title=f'"Title {INJECT}"', version=INJECT)
    text = text.replace("title: Bone", f'title: "Bone {INJECT}"').replace("title: A reference", f'title: "Ref {INJECT}"')
    text = text.replace("id: hostile\n", f'id: hostile\ndescription: "Desc {INJECT}"\nauthors: ["A {INJECT}"]\n')
    return b.write(tmp_path, "inject.yaml", text)


def test_gift_header_and_comments_cannot_start_a_question(tmp_path):
    out = tmp_path / "q.gift"
    assert invoke("export", "gift", injecting_deck(tmp_path), "-o", out).exit_code == 0
    text = out.read_text(encoding="utf-8")
    starts = [line for line in text.splitlines() if line and not line.startswith(("//", "\t", "}", "$CATEGORY:"))]
    assert all(line.startswith("::") for line in starts), starts
    assert not any(line.startswith("::evil::") for line in text.splitlines())
    assert sum(line.startswith("$CATEGORY:") for line in text.splitlines()) == 1
    assert not [line for line in text.splitlines() if "<b>pwned" in line and not line.startswith("//")]


def test_every_format_keeps_its_structure_with_newlines_in_deck_text(tmp_path):
    deck = injecting_deck(tmp_path)
    assert invoke("export", "csv", deck, "-o", tmp_path).exit_code == 0
    headers = [line for line in (tmp_path / "hostile.tsv").read_text(encoding="utf-8").splitlines() if line.startswith("#")]
    assert len(headers) == 5 and headers[-1].startswith("#deck:Title 1 :evil:"), headers
    assert invoke("export", "qti", deck, "-o", tmp_path / "q.zip").exit_code == 0
    with zipfile.ZipFile(tmp_path / "q.zip") as zf:
        for name in zf.namelist():
            if name.endswith(".xml"):
                root = ElementTree.fromstring(zf.read(name))
                titles = [el.get("title") for el in root.iter() if el.get("title")]
                assert all("\n" not in t for t in titles)
    assert invoke("export", "anki", deck, "-o", tmp_path).exit_code == 0
    with zipfile.ZipFile(tmp_path / "hostile.apkg") as zf:
        (tmp_path / "c.anki2").write_bytes(zf.read("collection.anki2"))
    con = sqlite3.connect(tmp_path / "c.anki2")
    names = [d["name"] for d in json.loads(con.execute("SELECT decks FROM col").fetchone()[0]).values()]
    con.close()
    assert all("\n" not in n for n in names) and any(n.startswith("Title 1 ::evil::") or "Title" in n for n in names)
    bb = invoke("export", "blackboard", deck)
    assert all(line.split("\t")[0] in {"MC", "MA", "TF", "NUM", "FIB", "MAT", "ORD"} for line in bb.stdout.splitlines())
    for suffix in ("html", "md"):
        assert invoke("sheet", deck, "-o", tmp_path / f"s.{suffix}").exit_code == 0
        assert "<b>pwned" not in (tmp_path / f"s.{suffix}").read_text(encoding="utf-8")


# ------------------------------------------------------------------ where outputs go


@pytest.fixture
def home(tmp_path) -> Path:
    home = tmp_path / "home"
    assert invoke("drill", "--kind", "flashcard", "--new", "2", input="\n3\n" * 2 + "q\n").exit_code == 0
    return home


def writers(target: Path) -> list[tuple]:
    """Every command that writes a file named by the user."""
    return [
        ("export-reviews", target), ("export", "gift", "-o", target), ("export", "qti", "-o", target),
        ("export", "blackboard", "-o", target), ("export", "quizlet", "-o", target), ("sheet", "-o", target),
    ]


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm"])
def test_no_export_overwrites_the_review_store(home, suffix):
    store = home / (DB_NAME + suffix)
    if not store.exists():
        store.write_bytes(b"")  # a journal file next to the store is the store's too
    before = store.read_bytes()
    for args in writers(store):
        result = invoke(*args)
        assert result.exit_code != 0 and "review store" in result.output, (args, result.output)
        # SQLite itself removes an empty journal when a command closes the store
        assert (suffix and not store.exists()) or store.read_bytes() == before, args


@pytest.mark.parametrize("special", ["fifo", "dev-null", "folder", "link-out"])
def test_outputs_are_only_regular_files_never_through_a_link_out(tmp_path, special):
    out = tmp_path / "out"
    out.mkdir()
    outside = tmp_path / "outside.txt"
    outside.write_text("precious", encoding="utf-8")
    target = out / "target"
    if special == "fifo":
        os.mkfifo(target)
    elif special == "dev-null":
        # a device node of our own, with /dev/null's numbers: never the
        # machine's, which a regression (as root) would replace
        target = out / "null"
        try:
            os.mknod(target, stat.S_IFCHR | 0o666, os.makedev(1, 3))
        except PermissionError:
            os.mkfifo(target)
    elif special == "folder":
        target.mkdir()
    else:
        target.symlink_to(outside)
    for args in writers(target):
        result = invoke(*args)
        if special == "folder" and args[0] != "export-reviews":
            # the -o convention: a folder gets the format's usual file name inside it
            assert result.exit_code == 0 and target.is_dir(), (args, result.output)
            continue
        assert result.exit_code != 0 and "Error:" in result.output, (args, result.output)
    assert outside.read_text(encoding="utf-8") == "precious"
    if special == "folder":
        assert target.is_dir() and all(p.is_file() for p in target.iterdir())
    if special == "fifo":
        assert target.is_fifo()


def test_a_link_inside_the_output_folder_is_followed(tmp_path):
    real = tmp_path / "real.gift"
    real.write_text("old", encoding="utf-8")
    (tmp_path / "link.gift").symlink_to("real.gift")
    assert invoke("export", "gift", "-o", tmp_path / "link.gift").exit_code == 0
    assert real.read_text(encoding="utf-8").startswith("//") and (tmp_path / "link.gift").is_symlink()


@pytest.mark.parametrize("fmt, name", [("anki", "breast-cancer-metastasis.apkg"), ("csv", "breast-cancer-metastasis.tsv")])
def test_per_deck_files_never_follow_a_planted_link(tmp_path, fmt, name):
    out = tmp_path / "out"
    out.mkdir()
    outside = tmp_path / "outside"
    outside.write_text("precious", encoding="utf-8")
    (out / name).symlink_to(outside)
    (out / (name + ".tmp")).symlink_to(outside)  # the old fixed temporary name
    result = invoke("export", fmt, "-o", out)
    assert result.exit_code != 0 and "outside" in result.output
    (out / name).unlink()
    assert invoke("export", fmt, "-o", out).exit_code == 0
    assert outside.read_text(encoding="utf-8") == "precious"


def test_a_failed_write_keeps_the_old_file_whole(tmp_path, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    target = out / "q.gift"
    target.write_text("old export", encoding="utf-8")
    import factdrill.safeio as safeio

    def full(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(safeio.os, "replace", full)
    result = invoke("export", "gift", "-o", target)
    assert result.exit_code != 0 and "No space left" in result.output
    assert target.read_text(encoding="utf-8") == "old export"
    assert [p.name for p in out.iterdir()] == ["q.gift"]  # no temporary file left behind


@pytest.mark.parametrize("cmd", [("export", "anki"), ("export", "csv"), ("drill",)])
def test_two_decks_with_one_id_in_one_run_are_refused(tmp_path, cmd):
    first = b.write(tmp_path, "a.yaml", b.deck(deck_id="same"))
    second = b.write(tmp_path, "b.yaml", b.deck(deck_id="same", title="Other"))
    out = tmp_path / "out"
    args = (*cmd, first, second) + (("-o", out) if cmd[0] == "export" else ())
    result = invoke(*args)
    assert result.exit_code != 0 and "both have the id 'same'" in result.output, result.output
    assert not out.exists() or not list(out.iterdir())


# ------------------------------------------------------------------ the previous .apkg


def _zip(path: Path, entries: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return path


def test_a_zip_bomb_as_the_previous_export_is_refused(tmp_path, monkeypatch):
    import factdrill.exporters.anki.package as package

    monkeypatch.setattr(package, "MAX_PREVIOUS_BYTES", 10 * 1024 * 1024)
    bomb = _zip(tmp_path / "bomb.apkg", {"collection.anki2": b"\0" * (50 * 1024 * 1024)})
    assert bomb.stat().st_size < 1024 * 1024
    result = invoke("export", "anki", "--previous", bomb, "-o", tmp_path / "out")
    assert result.exit_code != 0 and "would unpack to" in result.output


def _collection_with_models(path: Path, models_json: str) -> bytes:
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE notes (guid, mod, mid, flds, tags)")
    con.execute("CREATE TABLE col (models)")
    con.execute("INSERT INTO col VALUES (?)", (models_json,))
    con.commit()
    con.close()
    return path.read_bytes()


@pytest.mark.parametrize("models", ["[" * 100_000 + "]" * 100_000, '{"1": []}', "not json"])
def test_a_hostile_previous_collection_is_one_line(tmp_path, models):
    data = _collection_with_models(tmp_path / "c.anki2", models)
    apkg = _zip(tmp_path / "prev.apkg", {"collection.anki2": data})
    result = invoke("export", "anki", "--previous", apkg, "-o", tmp_path / "out")
    assert result.exit_code != 0 and "is not a readable .apkg" in result.output, result.output


def test_a_pipe_as_the_previous_export_is_refused_without_waiting(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    os.mkfifo(out / "breast-cancer-metastasis.apkg")
    result = invoke("export", "anki", "-o", out)
    assert result.exit_code != 0 and "named pipe" in result.output


# ------------------------------------------------------------------ QTI numbers


@pytest.mark.parametrize("value", ["0.00005", "0", "[0, 5]", "1.23456"])
def test_qti_leaves_out_numeric_keys_canvas_cannot_hold_and_says_why(tmp_path, value):
    deck = b.write(tmp_path, "n.yaml", b.deck(b.TERMS + b.statistic(value, unit="grams", recall=True)))
    result = invoke("export", "qti", deck, "-o", tmp_path / "q.zip")
    assert result.exit_code == 0, result.output
    assert "left out numeric question" in result.output and "cannot include 0" not in result.output
    assert (tmp_path / "q.zip").exists()
