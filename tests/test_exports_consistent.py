"""Exports and exams an instructor can rely on: byte-identical files for the
same deck and seed, one ``-o`` convention, Blackboard's 250-question limit,
named QTI groups, a warning before an Anki export that students' notes
would never take, and alternate exam forms that draw different questions.
"""

from __future__ import annotations

import os
import re
import shutil
import zipfile
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner

from factdrill.cli import cli
from factdrill.instructor.exam import select_forms, shared_questions

from instructor_fixtures import _item, make_deck, opt
from factdrill.generators.items import ItemKind

DECK = "breast-cancer-metastasis"


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


@contextmanager
def inside(folder: Path):
    old = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(old)


# -- the same deck and seed, the same bytes --------------------------------------------

EXPORTS = [
    ("anki", "out.apkg"), ("csv", "out.tsv"), ("gift", "out.gift"), ("qti", "out.zip"),
    ("blackboard", "pools/"), ("quizlet", "out.txt"),
]  # fmt: skip


@pytest.mark.parametrize("fmt, name", EXPORTS)
def test_every_export_is_byte_identical_across_two_runs(tmp_path, fmt, name):
    """The README says --seed reproduces files: the QTI zip carried today's
    date in its manifest and the time on every entry."""
    outputs = []
    for run_no in ("1", "2"):
        folder = tmp_path / run_no
        folder.mkdir()
        target = folder / name
        extra = ["--by-topic"] if fmt == "blackboard" else []
        seed = [] if fmt == "quizlet" else ["--seed", "3"]  # flashcards have no option order
        result = run("export", fmt, *seed, *extra, "-o", str(target))
        assert result.exit_code == 0, result.output
        files = sorted(p for p in folder.rglob("*") if p.is_file())
        outputs.append([(p.relative_to(folder), p.read_bytes()) for p in files])
    assert outputs[0] == outputs[1] and outputs[0]


def test_exam_and_sheet_files_are_byte_identical_across_two_runs(tmp_path):
    runs = []
    for run_no in ("1", "2"):
        folder = tmp_path / run_no
        assert run("exam", "--items", "12", "--versions", "2", "--seed", "4", "-o", str(folder)).exit_code == 0
        assert run("sheet", "-o", str(folder / "sheet.html")).exit_code == 0
        runs.append({p.name: p.read_bytes() for p in folder.iterdir()})
    assert runs[0] == runs[1]


def test_qti_zip_entries_and_manifest_carry_no_clock(tmp_path):
    target = tmp_path / "quiz.zip"
    assert run("export", "qti", "-o", str(target)).exit_code == 0
    with zipfile.ZipFile(target) as zf:
        assert {info.date_time for info in zf.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        manifest = zf.read("imsmanifest.xml").decode()
    assert "<imsmd:dateTime>1980-01-01</imsmd:dateTime>" in manifest or "1980-01-01" in manifest


def test_qti_random_groups_are_named_after_their_topics(tmp_path):
    target = tmp_path / "quiz.zip"
    assert run("export", "qti", "--pick", "1", "-o", str(target)).exit_code == 0
    with zipfile.ZipFile(target) as zf:
        xml = next(zf.read(n).decode() for n in zf.namelist() if n.endswith(".xml") and "meta" not in n
                   and "manifest" not in n)
    titles = re.findall(r'<section ident="text2qti_group_\w+" title="([^"]*)"', xml)
    assert titles and "Group" not in titles
    assert "Bone metastases" in " ".join(titles) or any("bone" in t.lower() for t in titles)


# -- one -o convention -----------------------------------------------------------------


def test_csv_dash_o_file_writes_that_file_not_a_folder(tmp_path):
    result = run("export", "csv", "-o", str(tmp_path / "cards.csv"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "cards.csv").is_file()  # it made a folder cards.csv/ before


@pytest.mark.parametrize("fmt, name, ending", [
    ("anki", "deck.txt", ".apkg"), ("qti", "quiz.apkg", ".zip"), ("gift", "quiz.zip", ".gift"),
])  # fmt: skip
def test_a_file_with_the_wrong_ending_is_refused_in_one_line(tmp_path, fmt, name, ending):
    result = run("export", fmt, "-o", str(tmp_path / name))
    assert result.exit_code == 2
    assert ending in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert not (tmp_path / name).exists()


def test_a_one_file_format_given_a_folder_writes_its_usual_name_there(tmp_path):
    assert run("export", "gift", "-o", str(tmp_path)).exit_code == 0
    assert (tmp_path / f"{DECK}.gift").is_file()
    assert run("export", "qti", "-o", str(tmp_path / "lms")).exit_code == 0  # no ending: a folder
    assert (tmp_path / "lms" / f"{DECK}-qti.zip").is_file()


def test_several_files_need_a_folder(tmp_path):
    result = run("exam", "--items", "5", "-o", str(tmp_path / "exam.html"))
    assert result.exit_code == 2 and "several files" in result.output and "-o exam/" in result.output
    (tmp_path / "taken").write_text("x")
    result = run("export", "blackboard", "--by-topic", "-o", str(tmp_path / "taken"))
    assert result.exit_code == 2 and "is a file" in result.output


def test_kinds_are_named_the_same_everywhere(tmp_path):
    for args in (["export", "gift", "--kind", "mcq,sata"], ["export", "gift", "--kind", "mcq", "--kind", "sata"],
                 ["export", "gift", "--kinds", "mcq,sata"]):
        assert run(*args, "-o", str(tmp_path / "q.gift")).exit_code == 0, args
    assert run("items", "--kind", "mcq,sata").exit_code == 0
    # --items is a count (exam, quiz), never a list of kinds
    assert run("export", "gift", "--items", "mcq").exit_code == 2


# -- Blackboard: 250 questions a file --------------------------------------------------


def test_blackboard_splits_over_250_questions_into_files_of_250(tmp_path):
    out = tmp_path / "bb"
    result = run("export", "blackboard", "-o", str(out))
    assert result.exit_code == 0, result.output
    files = sorted(out.iterdir())
    counts = [len(p.read_text(encoding="utf-8").splitlines()) for p in files]
    assert len(files) >= 2 and max(counts) <= 250 and sum(counts) > 250
    assert [p.name for p in files] == [f"{DECK}-blackboard-{n}.txt" for n in range(1, len(files) + 1)]


def test_blackboard_over_250_to_stdout_or_a_file_asks_for_a_folder(tmp_path):
    result = run("export", "blackboard")
    assert result.exit_code != 0 and "give a folder with -o" in result.output
    result = run("export", "blackboard", "-o", str(tmp_path / "all.txt"))
    assert result.exit_code == 2 and "several files" in result.output


def test_blackboard_under_250_stays_one_file(tmp_path):
    result = run("export", "blackboard", "--kind", "sata", "-o", str(tmp_path / "sata.txt"))
    assert result.exit_code == 0 and (tmp_path / "sata.txt").is_file()


# -- Anki: an export into an empty folder ------------------------------------------------


def test_anki_export_into_an_empty_folder_warns_that_notes_would_not_update(tmp_path):
    first = run("export", "anki", "-o", str(tmp_path / "new"))
    assert first.exit_code == 0
    assert "warning: no earlier export" in first.stderr and "--previous" in first.stderr
    again = run("export", "anki", "-o", str(tmp_path / "new"))
    assert "warning" not in again.stderr


# -- exams -----------------------------------------------------------------------------


def _pool(facts_per_topic=20):
    items = []
    for t in ("bone", "liver", "brain", "stats"):
        for i in range(facts_per_topic):
            items.append(_item(ItemKind.MCQ, f"{t}-{i}", t, f"Question {i} on {t}?", [f"key{t}{i}"],
                               [opt(f"key{t}{i}", True), opt(f"no{t}{i}a", False), opt(f"no{t}{i}b", False)]))
    return items


# 4 topics: 24 facts each hold 3 disjoint forms of 30 (8 a topic); 12 each (48) allow no
# more than half shared; 9 each (36) force two forms of 30 to share 24.
@pytest.mark.parametrize("facts_per_topic, most_shared", [(24, 0), (12, 15), (9, 24)])
def test_three_forms_share_at_most_half_their_questions_when_the_pool_allows(facts_per_topic, most_shared):
    forms = select_forms(_pool(facts_per_topic), make_deck(), 30, 3, seed=2)
    assert [len(f) for f in forms] == [30, 30, 30]
    assert shared_questions(forms) <= most_shared


def test_flagship_exam_of_three_versions_draws_different_questions(tmp_path):
    result = run("exam", "--items", "30", "--versions", "3", "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    m = re.search(r"forms share at most (\d+) of 30 questions", result.stderr)
    assert m and int(m.group(1)) <= 15
    keys = [re.findall(r'<p class="prompt">(.*?)</p>', (tmp_path / f"{DECK}-key-{v}.html").read_text())
            for v in "ABC"]
    assert len(set(keys[0]) & set(keys[1])) <= 15 and len(set(keys[0]) & set(keys[2])) <= 15


def test_readme_exam_example_works_on_the_scaffolded_deck(tmp_path):
    with inside(tmp_path):
        assert run("new", "my-deck").exit_code == 0
        result = run("exam", "my-deck", "--items", "30", "--versions", "3", "-o", "exams/")
        assert result.exit_code == 0, result.output
        assert "each form has" in result.stderr  # fewer facts than asked for: said, not refused
        assert len(list(Path("exams").glob("my-deck-exam-*.html"))) == 3


def test_sections_run_on_by_default_and_headings_stay_with_their_questions(tmp_path):
    assert run("exam", "--items", "30", "-o", str(tmp_path)).exit_code == 0
    page = (tmp_path / f"{DECK}-exam-A.html").read_text()
    assert '<body class="section-breaks">' not in page
    assert "break-after: avoid" in page and "break-inside: avoid" in page
    assert run("exam", "--items", "30", "--section-breaks", "-o", str(tmp_path)).exit_code == 0
    assert '<body class="section-breaks">' in (tmp_path / f"{DECK}-exam-A.html").read_text()


def test_scaffold_names_its_set_without_doubling_the_count(tmp_path):
    with inside(tmp_path):
        assert run("new", "my-deck").exit_code == 0
        out = run("items", "my-deck", "--kind", "flashcard").output
    assert "four four" not in out and "Name the four classic vital signs" in out


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
def test_exam_pdf_prints_each_page_with_chromium(tmp_path):
    result = run("exam", "--items", "30", "--pdf", "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    pdf = (tmp_path / f"{DECK}-exam-A.pdf").read_bytes()
    assert pdf.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))
    assert 1 <= pages <= 10  # 30 questions (grids among them) with sections running on, not a page per topic (14)
    assert (tmp_path / f"{DECK}-key-A.pdf").is_file()


def test_exam_pdf_without_chromium_says_what_to_do(tmp_path, monkeypatch):
    from factdrill.instructor import pdf

    monkeypatch.setattr(pdf, "find_chromium", lambda: None)
    result = run("exam", "--items", "5", "--pdf", "-o", str(tmp_path))
    assert result.exit_code == 1 and "--pdf needs Chromium" in result.output
    assert not any(tmp_path.iterdir())  # refused before writing half an exam


def test_no_typed_number_card_repeats_a_flashcard_of_the_same_fact():
    """The .apkg once held, for 12 statistics, a typed-number card and a
    flashcard asking the same figure (fixed on main by the item rework)."""
    from factdrill.deck.loader import load_deck, resolve_deck
    from factdrill.exporters.anki import build_notes
    from factdrill.generators import generate

    deck = load_deck(resolve_deck(None))
    items = list(generate(deck, seed=0))
    numeric_facts = {i.fact_ids[0] for i in items if i.kind is ItemKind.NUMERIC}
    flash_facts = {i.fact_ids[0] for i in items if i.kind is ItemKind.FLASHCARD}
    assert numeric_facts and not numeric_facts & flash_facts
    per_fact: dict[tuple[str, str], int] = {}
    for note in build_notes(deck, items):
        if note.fields[-1] in numeric_facts:
            key = (note.fields[-1], note.note_type.name)
            per_fact[key] = per_fact.get(key, 0) + 1
    assert per_fact and max(per_fact.values()) == 1  # one note of each type per statistic
