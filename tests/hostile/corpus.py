"""The hostile corpus: inputs of every defect class, for every command.

Each :class:`Input` builds one hostile input under a fresh folder. Deck
inputs are given to every command that reads a deck; store inputs replace
the review store for every command that opens it; target inputs are where
every writing command is told to write. ``tests/test_hostile_corpus.py``
runs each input through ``run_commands.py`` in its own process, with a
memory limit (RLIMIT_AS) and a timeout, and checks every result.

The classes follow issue 18's defects; each has the issue's inputs and at
least three more of our own. Small decks that read well as files live in
``decks/``; big or odd ones are built by :mod:`hostile.builders`.
"""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from . import DECKS
from . import builders as b

FLAGSHIP = Path(__file__).resolve().parents[2] / "decks" / "breast-cancer-metastasis"


@dataclass(frozen=True)
class Input:
    """One hostile input: its defect class, its name and how to build it in a folder."""

    klass: str
    name: str
    build: Callable[[Path], Path]


def _deck(text: str, name: str = "deck.yaml") -> Callable[[Path], Path]:
    return lambda folder: b.write(folder, name, text)


def _file(name: str) -> Callable[[Path], Path]:
    return lambda folder: DECKS / name


def _folder_with(extra: Callable[[Path], None]) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        deck = folder / "folder-deck"
        deck.mkdir()
        for f in FLAGSHIP.iterdir():
            if f.suffix == ".yaml":
                (deck / f.name).write_bytes(f.read_bytes())
        extra(deck)
        return deck
    return build


def _nested_anchors() -> str:
    """Anchors of lists of aliases of anchors: each level multiplies the text."""
    levels = ["  x0: &a0 \"" + "z" * 2000 + "\""]
    for i in range(1, 8):
        levels.append(f"  x{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 6) + "]")
    return "x-anchors:\n" + "\n".join(levels) + "\n" + b.deck()


def _escape_folder(folder: Path) -> Path:
    deck = folder / "\x1b]0;pwned\x07\u202eDeck"
    deck.mkdir()
    b.write(deck, "deck.yaml", b.deck())
    return deck


def _fifo(folder: Path) -> Path:
    path = folder / "pipe.yaml"
    os.mkfifo(path)
    return path


def _escape_named(folder: Path) -> Path:
    return b.write(folder, "\x1b[2J\x9b31m.yaml", b.deck())


SET = b.TERMS + (
    "  - id: s1\n    kind: set\n    topic: bone\n    name: signs\n    members: [Smoke, nausea, fever]\n"
    "    non_members: [{fake}, rash]\n    sources: [ref]\n    explanation: x\n"
)
INJECT = "1\\n::evil::[html]<b>pwned</b>{{=yes}}\\n$CATEGORY: x\\n#deck:x\\n]]></mattext><script>//"

DECK_INPUTS: list[Input] = [
    # deck text entering outputs (GIFT header, comments, headers, names)
    Input("injection", "gift-version", _deck(b.deck(version=INJECT))),
    Input("injection", "title-newlines", _deck(b.deck(title=f'"T {INJECT}"'))),
    Input("injection", "topic-title", _deck(b.deck().replace("title: Bone", f'title: "Bone {INJECT}"'))),
    Input("injection", "source-title", _deck(b.deck().replace("title: A reference", f'title: "R {INJECT}"'))),
    Input("injection", "evil-markup", _file("evil_markup.yaml")),
    # numbers that overflow or vanish
    Input("numbers", "1e308", _deck(b.deck(b.TERMS + b.statistic("1.0e+308", unit="cells")))),
    Input("numbers", "range-1e300", _deck(b.deck(b.TERMS + b.statistic("[1, 1.0e+300]")))),
    Input("numbers", "tolerance-1e308", _deck(b.deck(b.TERMS + b.statistic("41", tolerance="1.0e+308")))),
    Input("numbers", "tiny", _deck(b.deck(b.TERMS + b.statistic("1.0e-9", unit="grams")))),
    Input("numbers", "percent-150", _deck(b.deck(b.TERMS + b.statistic("150")))),
    # options past z
    Input("letters", "ranking-27", lambda f: b.write_long_ranking(f, 27)),
    Input("letters", "ranking-60", lambda f: b.write_long_ranking(f, 60)),
    Input("letters", "ranking-100", lambda f: b.write_long_ranking(f, 100)),
    Input("letters", "ranking-53", lambda f: b.write_long_ranking(f, 53)),
    # the size of one fact
    # (the sizes are in test_hardening_bounds; these are cheaper, still far over the bounds)
    Input("fact-size", "set-20k", lambda f: b.write_huge_set(f, 20_000)),
    Input("fact-size", "mapping-5k", lambda f: b.write_huge_mapping(f, 5_000)),
    Input("fact-size", "gaps-300", b.write_many_gaps),
    Input("fact-size", "ranking-1000", lambda f: b.write_long_ranking(f, 1_000)),
    Input("fact-size", "field-15MB", b.write_big_field),
    Input("fact-size", "non-members-1000", _deck(b.deck(SET.format(fake="x").replace(
        "non_members: [x, rash]", "non_members: [" + ", ".join(f"n{i}" for i in range(1000)) + "]")))),
    # YAML aliases that repeat text
    Input("aliases", "anchored-text", lambda f: b.write_alias_text_bomb(f, uses=300)),
    Input("aliases", "anchored-list", b.write_alias_list_bomb),
    Input("aliases", "merge-key", lambda f: b.write_merge_bomb(f, uses=500)),
    Input("aliases", "nested-anchors", lambda f: b.write(f, "nested.yaml", _nested_anchors())),
    Input("aliases", "billion-laughs", lambda f: DECKS.parent.parent / "broken_decks" / "billion_laughs.yaml"),
    # text that must never reach a terminal raw
    Input("terminal", "control-chars", _file("control_chars.yaml")),
    Input("terminal", "rtl", _file("rtl_text.yaml")),
    Input("terminal", "c1-bidi-title", _deck(b.deck(title='"\\x9b2J\\u202eevil\\u2066 \\e]0;pwned\\a"'))),
    Input("terminal", "escape-in-file-name", _escape_named),
    Input("terminal", "escape-in-folder-name", _escape_folder),
    Input("terminal", "unknown-topic-escape", _deck(b.deck().replace("topic: bone", 'topic: "\\x9b2J\\u202e"', 1))),
    # ids long enough to break file names
    Input("ids", "deck-id-300", _deck(b.deck(deck_id="d" * 300))),
    Input("ids", "fact-id-300", _deck(b.deck().replace("id: t1", "id: " + "f" * 300))),
    Input("ids", "topic-id-300", _deck(b.deck().replace("id: bone", "id: " + "t" * 300).replace("topic: bone", "topic: " + "t" * 300))),
    Input("ids", "tag-300", _deck(b.deck().replace("    sources: [ref]\n", "    sources: [ref]\n    tags: [" + "g" * 300 + "]\n", 1))),
    # explicit YAML tags that PyYAML keeps as text
    Input("tags", "bool-maybe", _deck(b.deck().replace("    definition: breakdown of bone tissue\n", "    definition: breakdown of bone tissue\n    reverse: !!bool maybe\n"))),
    Input("tags", "timestamp", _deck(b.deck().replace("definition: breakdown of bone tissue", "definition: !!timestamp not-a-date"))),
    Input("tags", "int-abc", _deck(b.deck().replace("definition: breakdown of bone tissue", "definition: !!int abc"))),
    Input("tags", "null-word", _deck(b.deck().replace("definition: breakdown of bone tissue", "definition: !!null something"))),
    Input("tags", "bool-in-list", _deck(b.deck().replace("sources: [ref]", "sources: [ref, !!bool perhaps]", 1))),
    Input("tags", "float-word", _deck(b.deck().replace("definition: breakdown of bone tissue", "definition: !!float twelve"))),
    # files and folders that are not what they seem
    Input("files", "fifo", _fifo),
    Input("files", "dev-zero", lambda f: Path("/dev/zero")),
    Input("files", "link-out", _folder_with(lambda d: (d / "zz.yaml").symlink_to("/etc/passwd"))),
    Input("files", "fifo-in-folder", _folder_with(lambda d: os.mkfifo(d / "zz.yaml"))),
    Input("files", "dev-zero-link", _folder_with(lambda d: (d / "zz.yaml").symlink_to("/dev/zero"))),
    Input("files", "dangling-link", _folder_with(lambda d: (d / "zz.yaml").symlink_to("nowhere.yaml"))),
    Input("files", "folder-named-yaml", _folder_with(lambda d: (d / "zz.yaml").mkdir())),
    # look-alike members and non-members
    Input("confusables", "cyrillic-o", _deck(b.deck(SET.format(fake='"Sm\\u043eke"')))),
    Input("confusables", "zero-width", _deck(b.deck(SET.format(fake='"Smo\\u200bke"')))),
    Input("confusables", "fullwidth", _deck(b.deck(SET.format(fake='"\\uff33moke"')))),
    Input("confusables", "soft-hyphen", _deck(b.deck(SET.format(fake='"Sm\\u00adoke"')))),
    Input("confusables", "variation-selector", _deck(b.deck(SET.format(fake='"Smoke\\ufe0f"')))),
    Input("confusables", "look-alike-members", _deck(b.deck(SET.format(fake="rash2").replace(
        "members: [Smoke, nausea, fever]", 'members: [Smoke, nausea, "\\u0455moke"]')))),
    # control characters and NUL in deck text
    Input("control", "nul", _deck(b.deck().replace("definition: breakdown of bone tissue", 'definition: "bone\\0 tissue"'))),
    Input("control", "esc-del", _deck(b.deck().replace("definition: breakdown of bone tissue", 'definition: "bone\\e[2J\\x7f"'))),
    Input("control", "c1", _deck(b.deck().replace("definition: breakdown of bone tissue", 'definition: "bone\\x9b\\x85x"'))),
    Input("control", "nul-in-topic-title", _deck(b.deck().replace("title: Bone", 'title: "Bo\\0ne"'))),
    Input("control", "del-in-source-title", _deck(b.deck().replace("title: A reference", 'title: "Ref\\x7f\\x1b]8;;x\\x07"'))),
]


# ------------------------------------------------------------------ stores


def _store_with_reviews(home: Path) -> Path:
    """A real store with a few reviews, made by the current code."""
    from click.testing import CliRunner

    from factdrill.cli import cli

    result = CliRunner().invoke(cli, ["drill", "--home", str(home), "--kind", "flashcard", "--new", "2"],
                                input="\n3\n\n3\nq\n")
    assert result.exit_code == 0, result.output
    return home / "factdrill.db"


def _damaged(home: Path) -> None:
    db = _store_with_reviews(home)
    con = sqlite3.connect(db)
    cols = ("deck, card_ref, item_id, item_kind, reviewed_at, response, correct, score, rating, elapsed_ms,"
            " confused_with, practice, state_before, before, after")
    row = list(con.execute(f"SELECT {cols} FROM reviews LIMIT 1").fetchone())
    con.executemany(f"INSERT INTO reviews ({cols}) VALUES ({', '.join('?' * 15)})",
                    [row[:4] + [row[4] + i + 1, "x" * 200] + row[6:] for i in range(2000)])
    con.commit()
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    pages = db.stat().st_size // 4096
    with open(db, "r+b") as f:
        f.seek((pages - 5) * 4096)
        f.write(b"\xff" * 64)


def _empty(home: Path) -> None:
    home.mkdir(parents=True)
    (home / "factdrill.db").write_bytes(b"")


def _fifo_store(home: Path) -> None:
    home.mkdir(parents=True)
    os.mkfifo(home / "factdrill.db")


def _fifo_wal(home: Path) -> None:
    _store_with_reviews(home)
    os.mkfifo(home / "factdrill.db-wal")


def _truncated(home: Path) -> None:
    db = _store_with_reviews(home)
    data = db.read_bytes()
    db.write_bytes(data[: len(data) // 2])


def _foreign(home: Path) -> None:
    home.mkdir(parents=True)
    con = sqlite3.connect(home / "factdrill.db")
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()


def _garbage_header(home: Path) -> None:
    db = _store_with_reviews(home)
    data = bytearray(db.read_bytes())
    data[16:24] = b"\xff" * 8  # page size and format bytes
    db.write_bytes(bytes(data))


STORE_INPUTS: list[Input] = [
    Input("store", "damaged-late-page", lambda home: _damaged(home) or home),
    Input("store", "empty-file", lambda home: _empty(home) or home),
    Input("store", "fifo", lambda home: _fifo_store(home) or home),
    Input("store", "fifo-wal", lambda home: _fifo_wal(home) or home),
    Input("store", "truncated", lambda home: _truncated(home) or home),
    Input("store", "foreign-sqlite", lambda home: _foreign(home) or home),
    Input("store", "garbage-header", lambda home: _garbage_header(home) or home),
]


# ------------------------------------------------------------------ output targets


def _device(folder: Path, minor: int = 7, name: str = "device") -> Path:
    """A character device of our own (/dev/full's numbers, or /dev/null's
    with ``minor=3``): a regression replacing it harms only this test
    folder. Never point a writing command at the machine's /dev nodes."""
    path = folder / name
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, minor))
    except (PermissionError, AttributeError):
        os.mkfifo(path)  # not root: a pipe is just as special
    return path


def _link_out(folder: Path) -> Path:
    outside = folder.parent / "outside-precious.txt"
    outside.write_text("precious", encoding="utf-8")
    path = folder / "link"
    path.symlink_to(outside)
    return path


def _store_target(folder: Path) -> Path:
    return _store_with_reviews(folder / "home")


def _folder_target(folder: Path) -> Path:
    path = folder / "a-folder"
    path.mkdir()
    return path


def _fifo_target(folder: Path) -> Path:
    path = folder / "pipe"
    os.mkfifo(path)
    return path


def _store_journal(folder: Path) -> Path:
    db = _store_with_reviews(folder / "home")
    return db.with_name(db.name + "-wal")  # absent: SQLite would read a file written there


def _dangling_out(folder: Path) -> Path:
    path = folder / "dangling"
    path.symlink_to(folder.parent / "not-yet-outside.txt")
    return path


TARGET_INPUTS: list[Input] = [
    Input("targets", "fifo", _fifo_target),
    Input("targets", "device", _device),
    Input("targets", "link-out", _link_out),
    Input("targets", "review-store", _store_target),
    Input("targets", "folder", _folder_target),
    Input("targets", "store-journal", _store_journal),
    Input("targets", "null-device", lambda f: _device(f, 3, "null")),
    Input("targets", "dangling-link-out", _dangling_out),
]


# ------------------------------------------------------------------ review backups


def _backup(folder: Path, **after) -> Path:
    home = folder / "donor"
    db = _store_with_reviews(home)
    from factdrill.study import backup
    from factdrill.study.store import Store

    import io

    buf = io.StringIO()
    with Store.open(home) as store:
        backup.export_reviews(store, buf)
    doc = json.loads(buf.getvalue())
    rec = dict(doc["reviews"][-1], reviewed_at="2031-01-01T00:00:00+00:00")
    rec["after"] = dict(rec["after"], **after)
    assert db.exists()
    path = folder / "backup.json"
    path.write_text(json.dumps(dict(doc, reviews=[rec]), allow_nan=True), encoding="utf-8")
    return path


def _zip_bomb(folder: Path) -> Path:
    """A tiny zip whose collection says it unpacks to 4 GB (a bomb's header,
    without spending the time to deflate gigabytes here)."""
    path = folder / "bomb.apkg"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("collection.anki2", b"\0" * 16)
    data = bytearray(path.read_bytes())
    central = data.index(b"PK\x01\x02")
    data[central + 24 : central + 28] = (0xFFFFFFF0).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    return path


def _zip_of(folder: Path, entries: dict[str, bytes]) -> Path:
    path = folder / "prev.apkg"
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return path


def _apkg(folder: Path, models_json: str) -> Path:
    db = folder / "c.anki2"
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE notes (guid, mod, mid, flds, tags)")
    con.execute("CREATE TABLE col (models)")
    con.execute("INSERT INTO col VALUES (?)", (models_json,))
    con.commit()
    con.close()
    return _zip_of(folder, {"collection.anki2": db.read_bytes()})


BACKUP_INPUTS: list[Input] = [
    Input("imports", "stability-null", lambda f: _backup(f, state="review", stability=None)),
    Input("imports", "stability-nan", lambda f: _backup(f, state="review", stability=float("nan"))),
    Input("imports", "stability-negative", lambda f: _backup(f, state="review", stability=-1.0)),
    Input("imports", "difficulty-99", lambda f: _backup(f, state="review", difficulty=99.0)),
    Input("imports", "reps-1e30", lambda f: _backup(f, reps=10**30)),
    Input("imports", "due-missing", lambda f: _backup(f, state="review", due=None)),
    Input("imports", "step-negative", lambda f: _backup(f, step=-3)),
    Input("imports", "due-overflow", lambda f: _backup(f, due="9999-12-31T23:59:59-23:59")),
]

PREVIOUS_APKG_INPUTS: list[Input] = [
    Input("previous-apkg", "zip-bomb", _zip_bomb),
    Input("previous-apkg", "fifo", lambda f: _fifo_target(f)),
    Input("previous-apkg", "not-a-zip", lambda f: b.write(f, "x.apkg", "not a zip")),
    Input("previous-apkg", "nested-json", lambda f: _apkg(f, "[" * 100_000 + "]" * 100_000)),
    Input("previous-apkg", "empty-file", lambda f: b.write(f, "empty.apkg", "")),
    Input("previous-apkg", "no-collection", lambda f: _zip_of(f, {"media": b"{}"})),
]
