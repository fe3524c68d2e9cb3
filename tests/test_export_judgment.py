"""Every output carries the clinical-judgment items where its format can:
Moodle (GIFT and Cloze), Canvas (QTI), Anki (checked with the real ``anki``
package), printed exams and keys, Blackboard; and says what it cannot."""

from __future__ import annotations

import html
import io
import re
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import replace

import pytest
from click.testing import CliRunner

import judgment_fixtures as jf
from factdrill.cli import cli
from factdrill.exporters.gift import to_gift
from factdrill.exporters.moodle_cloze import escape_answer, to_moodle_xml
from factdrill.exporters.qti import to_qti_zip
from factdrill.generators.items import ItemKind
from factdrill.generators.judgment_keys import expand_cases, points
from gift_reference import moodle_grade, parse

ITEMS = jf.items()
NASTY = 'a <b>bold</b> {x} ~y =z #w /v "q" \\ 50% -> end'


def first(kind, fact="glorb", items=ITEMS):
    return next(i for i in items if i.kind is kind and i.fact_ids[0] == fact)


def nasty_items():
    """The fixture deck with hostile text in every claim of one situation."""
    s = jf.SITUATIONS[0]
    bad = replace(s, cues=(replace(s.cues[0], text=NASTY + " cue"), *s.cues[1:]),
                  priority=replace(s.priority, text=NASTY + " first"))
    return jf.items(replace(jf.DECK, facts=(bad, *jf.SITUATIONS[1:])))


# -- Moodle ---------------------------------------------------------------------------------


def test_gift_holds_every_judgment_kind_but_drop_downs_in_moodles_nearest_type():
    qs = {q.name: q for q in parse(to_gift(jf.DECK, ITEMS))}
    flat = expand_cases(ITEMS)
    for it in flat:
        if it.kind in (ItemKind.DROPDOWN, ItemKind.RATIONALE):
            assert it.id not in qs
            continue
        q = qs[it.id]
        expected = {ItemKind.PRIORITY: "multichoice", ItemKind.TEACHING: "multichoice",
                    ItemKind.HIGHLIGHT: "multichoice_multi", ItemKind.MATRIX_MR: "multichoice_multi",
                    ItemKind.BOWTIE: "multichoice_multi", ItemKind.MATRIX_MC: "matching",
                    ItemKind.ACTION_ORDER: "matching"}[it.kind]
        assert q.qtype == expected, it.kind
    assert not any(i.kind is ItemKind.CASE for i in flat)  # a case is its steps


def test_gift_highlight_and_grid_cells_reproduce_ncsbn_plus_minus():
    for item in (first(ItemKind.HIGHLIGHT), first(ItemKind.MATRIX_MR, "zent")):
        q = parse(to_gift(jf.DECK, [item]))[0]
        keys = {a.text for a in q.answers if a.weight > 0}
        wrong = [a.text for a in q.answers if a.weight < 0]
        assert moodle_grade(q, keys) == pytest.approx(1)
        assert moodle_grade(q, keys | set(wrong[:1])) == pytest.approx((len(keys) - 1) / len(keys), abs=1e-4)
        assert moodle_grade(q, set(wrong)) == 0


def test_gift_grid_matches_each_row_to_its_column():
    item = first(ItemKind.MATRIX_MC)
    q = parse(to_gift(jf.DECK, [item]))[0]
    cols = item.extra["columns"]
    assert q.pairs == [(r, cols[k[0]]) for r, k in zip(item.extra["rows"], item.extra["row_keys"])]


def test_drop_downs_are_moodle_cloze_questions_one_subquestion_per_blank():
    dropdowns = [i for i in nasty_items() if i.kind in (ItemKind.DROPDOWN, ItemKind.RATIONALE)]
    root = ET.fromstring(to_moodle_xml(jf.DECK, dropdowns))
    questions = [q for q in root if q.get("type") == "cloze"]
    assert len(questions) == len(dropdowns)
    for q, item in zip(questions, dropdowns):
        text = q.find("questiontext/text").text
        subs = re.findall(r"\{1:MULTICHOICE:((?:\\.|[^}\\])*)\}", text)
        assert len(subs) == len(item.extra["blanks"])
        for sub, blank in zip(subs, item.extra["blanks"]):
            answers = re.split(r"(?<!\\)~", sub)
            assert [a.startswith("=") for a in answers] == [i == blank["key"] for i in range(len(answers))]
            texts = [re.split(r"(?<!\\)#", a.lstrip("="))[0] for a in answers]
            unescaped = [html.unescape(re.sub(r"\\(.)", r"\1", t)) for t in texts]
            assert unescaped == [" ".join(o.split()) for o in blank["options"]]
        assert "<b>" not in text  # deck text never becomes markup
    assert escape_answer('} # ~ / " \\') == '\\} \\# \\~ \\/ \\" \\\\'


def test_export_gift_writes_the_cloze_file_beside_it_and_says_why(tmp_path, monkeypatch):
    deck_dir = tmp_path / "decks"
    runner = CliRunner()
    made = runner.invoke(cli, ["new", "demo", "--dir", str(deck_dir)])
    assert made.exit_code == 0
    out = tmp_path / "demo.gift"
    result = runner.invoke(cli, ["export", "gift", str(deck_dir / "demo"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    cloze = tmp_path / "demo.cloze.xml"
    assert cloze.exists() and "drop-down questions" in result.output and "Moodle XML" in result.output
    assert "each blank scores on its own" in result.output  # rationale pairs
    ET.fromstring(cloze.read_text())
    to_stdout = runner.invoke(cli, ["export", "gift", str(deck_dir / "demo"), "--kinds", "dropdown,mcq"])
    assert to_stdout.exit_code == 0 and "left out" in to_stdout.output and "-o FILE" in to_stdout.output


# -- Canvas ---------------------------------------------------------------------------------

NS = {"q": "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"}


def _qti_items(data: bytes) -> dict[str, ET.Element]:
    z = zipfile.ZipFile(io.BytesIO(data))
    name = next(n for n in z.namelist() if n.endswith(".xml") and "/" in n and not n.endswith("assessment_meta.xml"))
    root = ET.fromstring(z.read(name))
    return {el.get("title"): el for el in root.iter(f"{{{NS['q']}}}item")}, z


def _qtype(el):
    for f in el.iter(f"{{{NS['q']}}}qtimetadatafield"):
        if f.find("q:fieldlabel", NS).text == "question_type":
            return f.find("q:fieldentry", NS).text


def test_canvas_gets_matching_and_multiple_dropdowns_questions_with_their_keys():
    items = nasty_items()
    data, quiz = to_qti_zip(jf.DECK, items)
    got, z = _qti_items(data)
    flat = expand_cases(items)
    assert set(got) == {i.id for i in flat}
    types = {ItemKind.MATRIX_MC: "matching_question", ItemKind.ACTION_ORDER: "matching_question",
             ItemKind.DROPDOWN: "multiple_dropdowns_question", ItemKind.RATIONALE: "multiple_dropdowns_question",
             ItemKind.PRIORITY: "multiple_choice_question", ItemKind.TEACHING: "multiple_choice_question",
             ItemKind.HIGHLIGHT: "multiple_answers_question", ItemKind.MATRIX_MR: "multiple_answers_question",
             ItemKind.BOWTIE: "multiple_answers_question"}
    for it in flat:
        el = got[it.id]
        assert _qtype(el) == types[it.kind], it.kind
        if it.kind in (ItemKind.DROPDOWN, ItemKind.RATIONALE):
            text = el.find("q:presentation/q:material/q:mattext", NS).text
            assert all(f"[blank{n}]" in text for n in range(1, len(it.extra["blanks"]) + 1))
            assert "<b>" not in text  # deck text is never markup
            if it.fact_ids[0] == "glorb":
                assert "&lt;b&gt;bold&lt;/b&gt;" in text  # ...but text Canvas shows as it is
            lids = el.findall("q:presentation/q:response_lid", NS)
            assert len(lids) == len(it.extra["blanks"])
            for lid, blank in zip(lids, it.extra["blanks"]):
                labels = lid.findall(".//q:response_label", NS)
                right = [c for c in el.iter(f"{{{NS['q']}}}varequal") if c.get("respident") == lid.get("ident")]
                keyed = next(lab for lab in labels if lab.get("ident") == right[0].text)
                assert keyed.find(".//q:mattext", NS).text == " ".join(blank["options"][blank["key"]].split())
    total = sum(points(i) for i in flat)
    meta = next(n for n in z.namelist() if n.endswith("assessment_meta.xml"))
    assert f"<points_possible>{total:.1f}</points_possible>" in z.read(meta).decode()


def test_a_quiz_of_only_grids_still_builds():
    grids = [i for i in ITEMS if i.kind is ItemKind.MATRIX_MC]
    data, quiz = to_qti_zip(jf.DECK, grids)
    got, _ = _qti_items(data)
    assert set(got) == {i.id for i in grids}  # the placeholder text2qti needed is gone


# -- Anki -----------------------------------------------------------------------------------

anki_collection = pytest.importorskip("anki.collection")


@pytest.fixture
def col(tmp_path):
    c = anki_collection.Collection(str(tmp_path / "collection.anki2"))
    yield c
    c.close()


def _text(fragment: str) -> str:
    fragment = re.sub(r"<style>.*?</style>", "", fragment, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]*>", " ", fragment)).split())


def test_anki_note_types_render_the_grid_the_bowtie_and_the_case(col, tmp_path):
    from factdrill.exporters.anki import export_deck

    items = nasty_items()
    res = export_deck(jf.DECK, items, tmp_path / "out")
    req = anki_collection.ImportAnkiPackageRequest(
        package_path=str(res.path),
        options=anki_collection.ImportAnkiPackageOptions(with_scheduling=False, merge_notetypes=True))
    log = col.import_anki_package(req).log
    assert len(log.new) == res.notes == len(items)

    def cards(model):
        return [col.get_card(c) for c in col.find_cards(f'"note:{model}"')]

    grids = cards("factdrill Matrix")
    assert len(grids) == sum(i.kind in (ItemKind.MATRIX_MC, ItemKind.MATRIX_MR) for i in items)
    card = grids[0]
    item = next(i for i in items if i.id in {card.note()["FactId"]} or i.fact_ids[0] == card.note()["FactId"]
                and i.kind in (ItemKind.MATRIX_MC, ItemKind.MATRIX_MR))
    q, a = card.question(), card.answer()
    assert q.count("&#9744;") >= len(item.extra["rows"]) and "&#10003;" not in q
    assert "&#10003;" in a and all(c in _text(q) for c in item.extra["columns"])

    bowties = cards("factdrill Bowtie")
    q, a = _text(bowties[0].question()), _text(bowties[0].answer())
    for label in ("Actions to take (choose 2)", "Condition most likely experiencing (choose 1)",
                  "Parameters to monitor (choose 2)"):
        assert label in q
    assert "Correct" in a and "Correct" not in q

    cases = cards("factdrill Case study")
    assert len(cases) == sum(i.kind is ItemKind.CASE for i in items)  # a case is one card
    q, a = _text(cases[0].question()), _text(cases[0].answer())
    assert all(f"Step {n}:" in q for n in range(1, 7)) and "08:30" in q and "some days later" in q
    assert all(f"Step {n}" in a for n in range(1, 7)) and "Correct" in a

    dropdown = next(c for c in cards("factdrill Cloze"))
    q, a = _text(dropdown.question()), _text(dropdown.answer())
    assert " / " in q  # the options as the cloze hint
    # hostile deck text renders as text, never as markup
    for c in grids + bowties + cases:
        assert "<b>bold</b>" not in c.question() + c.answer()


# -- exams, Blackboard ----------------------------------------------------------------------


def test_printed_exam_lays_out_each_kind_and_its_key_gives_ncsbn_rules(tmp_path):
    from factdrill.instructor.exam import make_versions
    from factdrill.instructor.exam_pages import render_exam_html, render_exam_markdown, render_key_markdown

    picked = [first(k) for k in (ItemKind.MATRIX_MC, ItemKind.DROPDOWN, ItemKind.BOWTIE, ItemKind.HIGHLIGHT)]
    picked.append(first(ItemKind.CASE, "zent"))
    form = make_versions(jf.DECK, picked, 1)[0]
    assert len(form.numbered()) == 4 + 6  # a case prints as its six steps
    page = render_exam_html(jf.DECK, form)
    assert '<table class="grid">' in page and 'class="bowtie"' in page and 'class="client"' in page
    assert page.count('<span class="num">') == 10 and "step 6 of 6" in page
    md = render_exam_markdown(jf.DECK, form)
    assert "| [ ] |" in md and "____" in md
    key = render_key_markdown(jf.DECK, form)
    for rule in ("NCSBN 0/1 scoring per row", "NCSBN 0/1 scoring per blank", "NCSBN 0/1 scoring per target",
                 "NCSBN +/- scoring", "NCSBN rationale scoring"):
        assert rule in key


def test_blackboard_carries_what_it_can_and_says_what_it_leaves_out(tmp_path):
    deck_dir = tmp_path / "decks"
    runner = CliRunner()
    runner.invoke(cli, ["new", "demo", "--dir", str(deck_dir)])
    result = runner.invoke(cli, ["export", "blackboard", str(deck_dir / "demo"), "--kinds",
                                 "matrix_mc,bowtie,dropdown,action_order"])
    assert result.exit_code == 0, result.output
    assert "left out" in result.output and "drop-down" in result.output
    rows = [line.split("\t") for line in result.output.splitlines() if "\t" in line]
    assert {r[0] for r in rows} == {"MAT", "MA", "ORD"}


def test_quizlet_says_it_leaves_the_judgment_items_out(tmp_path):
    result = CliRunner().invoke(cli, ["export", "quizlet", "-o", str(tmp_path / "cards.tsv")])
    assert result.exit_code == 0 and "left out the clinical-judgment items" in result.output
