"""Canvas QTI export: the zip read back with xml.etree (manifest, items, keys, feedback, escaping)."""

from __future__ import annotations

import io
import zipfile
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factdrill.errors import ExportError

from factdrill.generators.keys import flat, numeric_key
from factdrill.exporters.qti import QTI_KINDS, encode, to_qti_zip, to_text2qti
from factdrill.generators.items import ItemKind

from instructor_fixtures import _item, make_deck, make_items, opt

NS = {"q": "http://www.imsglobal.org/xsd/ims_qtiasiv1p2", "m": "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"}


class _Text(HTMLParser):
    """Collects the text of an HTML fragment and every tag it opens."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.parts = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.parts.append(data)


def html_text(fragment: str | None) -> tuple[str, list[str]]:
    p = _Text()
    p.feed(fragment or "")
    p.close()
    return " ".join("".join(p.parts).split()), p.tags


def read_zip(data: bytes):
    z = zipfile.ZipFile(io.BytesIO(data))
    names = z.namelist()
    manifest = ET.fromstring(z.read("imsmanifest.xml"))
    hrefs = [f.get("href") for f in manifest.iter() if f.tag.endswith("file")]
    assert hrefs and all(h in names for h in hrefs), (hrefs, names)  # the manifest points at real files
    assessment = next(n for n in names if n.endswith(".xml") and "/" in n and not n.endswith("assessment_meta.xml"))
    root = ET.fromstring(z.read(assessment))
    return manifest, root, z


def parse_items(root) -> dict[str, dict]:
    out = {}
    for el in root.iter(f"{{{NS['q']}}}item"):
        meta = {
            f.find("q:fieldlabel", NS).text: f.find("q:fieldentry", NS).text
            for f in el.iter(f"{{{NS['q']}}}qtimetadatafield")
        }
        prompt_html = el.find("q:presentation/q:material/q:mattext", NS).text
        labels = {
            lab.get("ident"): html_text(lab.find(".//q:mattext", NS).text)
            for lab in el.iter(f"{{{NS['q']}}}response_label")
            if lab.find(".//q:mattext", NS) is not None
        }
        feedback = {
            fb.get("ident"): html_text(fb.find(".//q:mattext", NS).text if fb.find(".//q:mattext", NS) is not None else "")[0]
            for fb in el.iter(f"{{{NS['q']}}}itemfeedback")
        }
        correct, bounds, equals = set(), [], []
        for cond in el.iter(f"{{{NS['q']}}}respcondition"):
            setvar = cond.find("q:setvar", NS)
            if setvar is None or setvar.text != "100":
                continue
            cv = cond.find("q:conditionvar", NS)
            negated = {id(v) for n in cv.iter(f"{{{NS['q']}}}not") for v in n.iter(f"{{{NS['q']}}}varequal")}
            for v in cv.iter(f"{{{NS['q']}}}varequal"):
                if id(v) not in negated:
                    (correct.add(v.text) if v.text in labels else equals.append(v.text))
            lo = [float(v.text) for v in cv.iter(f"{{{NS['q']}}}vargte")]
            hi = [float(v.text) for v in cv.iter(f"{{{NS['q']}}}varlte")]
            bounds += list(zip(lo, hi))
        out[el.get("title")] = {
            "type": meta["question_type"],
            "prompt": html_text(prompt_html),
            "choices": [labels[k][0] for k in labels],
            "correct": sorted(labels[k][0] for k in correct),
            "tags": [t for k in labels for t in labels[k][1]],
            "feedback": feedback,
            "bounds": bounds,
            "equals": equals,
            "choice_feedback": [feedback.get(f"{k}_fb", "") for k in labels],
        }
    return out


TYPES = {
    ItemKind.MCQ: "multiple_choice_question", ItemKind.SCENARIO: "multiple_choice_question",
    ItemKind.NUMERIC_MCQ: "multiple_choice_question", ItemKind.SATA: "multiple_answers_question",
    ItemKind.TRUE_FALSE: "true_false_question", ItemKind.NUMERIC: "numerical_question",
    ItemKind.CLOZE: "short_answer_question",
}


def test_zip_has_manifest_and_every_supported_item_with_its_key():
    deck, items = make_deck(), make_items()
    data, quiz = to_qti_zip(deck, items)
    manifest, root, _ = read_zip(data)
    assert manifest.tag.endswith("manifest")
    parsed = parse_items(root)
    expected = [i for i in items if i.kind in QTI_KINDS]
    assert len(parsed) == len(expected) == len(quiz.items)
    for it in expected:
        q = parsed[it.id]
        assert q["type"] == TYPES[it.kind]
        text, tags = q["prompt"]
        assert text == flat(it.prompt)
        assert tags == ["p"]  # no markup from deck text: <script> stays text
        assert q["feedback"]["general_fb"] == flat(it.explanation)
        if it.options and it.kind is not ItemKind.TRUE_FALSE:
            assert q["choices"] == [flat(o.text) for o in it.options]
            assert q["correct"] == sorted(flat(o.text) for o in it.options if o.correct)
            assert q["choice_feedback"] == [flat(o.rationale) for o in it.options]
            assert set(q["tags"]) <= {"p"}
        elif it.kind is ItemKind.TRUE_FALSE:
            assert q["choices"] == ["True", "False"]
            assert q["correct"] == ["False"]
            assert q["choice_feedback"] == ["It is still breast cancer.", "Right: still breast cancer."]
        elif it.kind is ItemKind.NUMERIC:
            key = numeric_key(it)
            assert len(q["bounds"]) == 1
            lo, hi = q["bounds"][0]
            assert lo == pytest.approx(key.low_bound) and hi == pytest.approx(key.high_bound)
        elif it.kind is ItemKind.CLOZE:
            assert sorted(q["equals"]) == sorted(it.answers)


def test_nasty_text_is_escaped_in_the_xml_itself():
    data, _ = to_qti_zip(make_deck(), make_items())
    _, _, z = read_zip(data)
    raw = b"".join(z.read(n) for n in z.namelist() if n.endswith(".xml")).decode()
    assert "<script>" not in raw and "&lt;script&gt;" not in raw  # double-escaped: &amp;#60;script...
    assert "]]>" not in raw


def test_random_groups_pick_per_topic():
    deck, items = make_deck(), make_items()
    quiz = to_text2qti(deck, items, pick=1)
    assert quiz.text.count("GROUP\npick: 1") == 4
    data, _ = to_qti_zip(deck, items, pick=1)
    _, root, _ = read_zip(data)
    sections = [s for s in root.iter(f"{{{NS['q']}}}section") if s.get("ident") != "root_section"]
    assert len(sections) == 4
    for s in sections:
        assert s.find("q:selection_ordering/q:selection/q:selection_number", NS).text == "1"


def test_shared_stems_are_kept_and_exact_duplicates_dropped():
    a = _item(ItemKind.MCQ, "d1", "bone", "Which is true?", ["a"], [opt("a", True), opt("b", False)])
    b = _item(ItemKind.MCQ, "d2", "bone", "Which is true?", ["c"], [opt("c", True), opt("d", False)])
    c = _item(ItemKind.MCQ, "d3", "bone", "Which is true?", ["a"], [opt("a", True), opt("b", False)])
    data, quiz = to_qti_zip(make_deck(), [a, b, c])
    assert [i.id for i in quiz.items] == [a.id, b.id] and [i.id for i in quiz.dropped] == [c.id]
    parsed = parse_items(read_zip(data)[1])
    assert parsed[a.id]["prompt"][0] == "Which is true?"
    assert parsed[b.id]["prompt"][0] == "Which is true?\u200b"  # invisible, keeps text2qti happy
    assert parsed[b.id]["correct"] == ["c"]


def test_unsupported_kinds_only_is_an_error():
    only = [i for i in make_items() if i.kind in (ItemKind.MATCHING, ItemKind.ORDERING)]
    with pytest.raises(ExportError, match="no items"):
        to_qti_zip(make_deck(), only)


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40)
       .filter(lambda s: s.strip()))
def test_any_prompt_and_option_text_arrives_literally(text):
    item = _item(ItemKind.MCQ, "h", "bone", text, ["x"],
                 [opt(text + " right", True, text), opt(text + " wrong", False, "no")], explanation=text)
    data, _ = to_qti_zip(make_deck(), [item])
    q = parse_items(read_zip(data)[1])[item.id]
    assert q["prompt"] == (flat(text), ["p"])
    assert q["choices"] == [flat(text + " right"), flat(text + " wrong")]
    assert q["correct"] == [flat(text + " right")]
    assert q["feedback"]["general_fb"] == flat(text)


def test_encode_leaves_only_letters_digits_and_spaces():
    assert encode('a*b_c `d` $e$ <f> & 1.') == "a&#42;b&#95;c &#96;d&#96; &#36;e&#36; &#60;f&#62; &#38; 1&#46;"
    assert encode("Ünïcode ok") == "Ünïcode ok"


def test_flagship_deck_zip_reads_back():
    from factdrill.exporters.lms import load_items

    deck, items = load_items(None, kinds=[k for k in ItemKind if k in QTI_KINDS])
    data, quiz = to_qti_zip(deck, items, pick=2)
    parsed = parse_items(read_zip(data)[1])
    assert len(parsed) == len(quiz.items) + len(quiz.injected) and len(quiz.items) > 250
    assert len(quiz.dropped) < 5
    for it in quiz.items:
        q = parsed[it.id]
        if it.kind not in TYPES:
            continue  # clinical-judgment kinds: tests/test_export_judgment.py
        assert q["type"] == TYPES[it.kind]
        if it.options and it.kind is not ItemKind.TRUE_FALSE:
            assert q["correct"] == sorted(flat(o.text) for o in it.options if o.correct)


@pytest.mark.parametrize("text", ["a\ufdd0b", "x\U0001fffe y", "p\uffffq"])
def test_noncharacters_survive_or_become_replacement_marks(text):
    item = _item(ItemKind.MCQ, "nc", "bone", text, ["x"],
                 [opt(text + " right", True, "r"), opt("other", False, "no")])
    data, _ = to_qti_zip(make_deck(), [item])
    q = parse_items(read_zip(data)[1])[item.id]  # the XML parses
    expected = text if "\uffff" not in text else text.replace("\uffff", "\ufffd")
    assert q["prompt"][0] == flat(expected)
