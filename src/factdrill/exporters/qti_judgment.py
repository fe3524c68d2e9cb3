"""Clinical-judgment items for Canvas (QTI 1.2), each in Canvas's nearest question type.

text2qti writes the types it knows: priority and teaching items as
multiple choice; highlight, matrix multiple-response (one checkbox per
cell) and bowtie (one checkbox per choice of its three lists) as multiple
answers. text2qti has no matching or drop-down question, so this module
writes those items in Canvas's own QTI form and adds them to the zip
text2qti built: the matrix multiple-choice grid and the action order as a
**matching question** (each row, or position, with a drop-down of the
columns, or actions; Canvas scores matching per pair: NCSBN's 0/1 per row),
drop-down cloze and rationale items as a **multiple dropdowns question**
(``[blank1]`` in the text, one drop-down per blank; Canvas scores each
blank, so a rationale item's pairs are scored blank by blank there). A
case study is its six steps. Deck text is HTML-escaped, then XML-escaped by
ElementTree.
"""

from __future__ import annotations

import hashlib
import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence

from ..generators.items import Item, ItemKind
from ..generators.judgment_keys import points
from ..generators.keys import flat

TEXT2QTI_KINDS = frozenset({ItemKind.PRIORITY, ItemKind.TEACHING, ItemKind.HIGHLIGHT, ItemKind.MATRIX_MR,
                            ItemKind.BOWTIE})
INJECTED_KINDS = frozenset({ItemKind.MATRIX_MC, ItemKind.ACTION_ORDER, ItemKind.DROPDOWN, ItemKind.RATIONALE})
QTI_TYPE = {ItemKind.MATRIX_MC: "matching_question", ItemKind.ACTION_ORDER: "matching_question",
            ItemKind.DROPDOWN: "multiple_dropdowns_question", ItemKind.RATIONALE: "multiple_dropdowns_question"}


def text2qti_lines(item: Item, encode: Callable[[str], str]) -> list[str] | None:
    """The text2qti answer lines of a judgment item text2qti can hold, else None."""
    kind = ItemKind(item.kind)
    if kind in (ItemKind.PRIORITY, ItemKind.TEACHING):
        out = []
        for i, o in enumerate(item.options):
            out.append(f"{'*' if o.correct else ''}{'abcdefghijklmnopqrstuvwxyz'[i]}) {encode(o.text)}")
            out.append(f"... {encode(o.rationale)}")
        return out
    if kind is ItemKind.HIGHLIGHT:
        return [line for o in item.options
                for line in (f"{'[*]' if o.correct else '[ ]'} {encode(o.text)}", f"... {encode(o.rationale)}")]
    if kind is ItemKind.MATRIX_MR:
        cols = item.extra["columns"]
        return [f"{'[*]' if c in keys else '[ ]'} {encode(f'{row}: {col}')}"
                for row, keys in zip(item.extra["rows"], item.extra["row_keys"]) for c, col in enumerate(cols)]
    if kind is ItemKind.BOWTIE:
        from .gift_judgment import bowtie_label

        return [line for g in item.extra["groups"] for i, (o, why) in enumerate(zip(g["options"], g["rationales"]))
                for line in (f"{'[*]' if i in g['keys'] else '[ ]'} {encode(bowtie_label(g, o))}", f"... {encode(why)}")]
    return None


def stem(item: Item) -> str:
    """The question as Canvas shows it, with what its form cannot say itself."""
    kind = ItemKind(item.kind)
    extra = {ItemKind.MATRIX_MR: " Select every finding: condition pair that applies.",
             ItemKind.BOWTIE: " Select 1 condition, 2 actions and 2 parameters."}
    return item.prompt + extra.get(kind, "")


def _id(*parts: str) -> str:
    return "factdrill_" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:24]


def _html(text: str) -> str:
    return f"<p>{html.escape(flat(text))}</p>"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, tag, attrs)
    if text is not None:
        el.text = text
    return el


def _mattext(parent: ET.Element, text: str, texttype: str = "text/html") -> None:
    _sub(_sub(parent, "material"), "mattext", text, texttype=texttype)


def item_xml(item: Item) -> ET.Element:
    """One Canvas matching or multiple-dropdowns question."""
    kind = ItemKind(item.kind)
    el = ET.Element("item", {"ident": _id(item.id), "title": flat(item.id)})
    meta = _sub(_sub(el, "itemmetadata"), "qtimetadata")
    for label, entry in (("question_type", QTI_TYPE[kind]), ("points_possible", str(points(item)))):
        field = _sub(meta, "qtimetadatafield")
        _sub(field, "fieldlabel", label)
        _sub(field, "fieldentry", entry)
    pres = _sub(el, "presentation")
    slots = _slots(item)
    if kind in (ItemKind.DROPDOWN, ItemKind.RATIONALE):
        sentence = html.escape(flat(str(item.extra.get("text", ""))))
        for n in range(1, len(slots) + 1):
            sentence = sentence.replace(f"[{n}]", f"[blank{n}]")
        body = _html(item.prompt.replace(str(item.extra.get("text", "")), "").strip()) + f"<p>{sentence}</p>"
    else:
        body = _html(item.prompt + (" Match each row to its column." if kind is ItemKind.MATRIX_MC
                                    else " Match each position to the action that belongs there."))
    _mattext(pres, body)
    proc = _sub(el, "resprocessing")
    _sub(_sub(proc, "outcomes"), "decvar", maxvalue="100", minvalue="0", varname="SCORE", vartype="Decimal")
    share = f"{100 / len(slots):.2f}"
    for n, (label, choices, key) in enumerate(slots, 1):
        resp = _sub(pres, "response_lid", ident=f"response_{label}")
        _mattext(resp, label if kind in (ItemKind.DROPDOWN, ItemKind.RATIONALE) else flat(_slot_text(item, n)),
                 "text/plain")
        render = _sub(resp, "render_choice")
        for c, choice in enumerate(choices):
            lab = _sub(render, "response_label", ident=_id(item.id, label, str(c)))
            _mattext(lab, flat(choice), "text/plain")
        cond = _sub(proc, "respcondition")
        _sub(_sub(cond, "conditionvar"), "varequal", _id(item.id, label, str(key)), respident=f"response_{label}")
        _sub(cond, "setvar", share, varname="SCORE", action="Add")
    if item.explanation:
        fb = _sub(el, "itemfeedback", ident="general_fb")
        _mattext(_sub(fb, "flow_mat"), _html(item.explanation))
    return el


def _slots(item: Item) -> list[tuple[str, list[str], int]]:
    """(label, choices, key index) of each drop-down of the question."""
    kind = ItemKind(item.kind)
    extra = item.extra
    if kind in (ItemKind.DROPDOWN, ItemKind.RATIONALE):
        return [(f"blank{n}", list(b["options"]), int(b["key"])) for n, b in enumerate(extra["blanks"], 1)]
    if kind is ItemKind.MATRIX_MC:
        return [(f"row{n}", list(extra["columns"]), int(keys[0]))
                for n, keys in enumerate(extra["row_keys"], 1)]
    choices = list(extra.get("choices", item.answers))
    return [(f"position{n}", choices, choices.index(a)) for n, a in enumerate(item.answers, 1)]


def _slot_text(item: Item, n: int) -> str:
    if ItemKind(item.kind) is ItemKind.MATRIX_MC:
        return str(item.extra["rows"][n - 1])
    return f"Position {n}"


def inject(zip_bytes: bytes, items: Sequence[Item], drop_title: str | None = None) -> bytes:
    """The text2qti zip with ``items`` added to its quiz (and the question
    titled ``drop_title``, a placeholder, removed); points updated."""
    import io
    import zipfile

    src = zipfile.ZipFile(io.BytesIO(zip_bytes))
    out = io.BytesIO()
    added = sum(points(i) for i in items)
    xml = "".join("      " + ET.tostring(item_xml(i), encoding="unicode") + "\n" for i in items)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            name = info.filename
            if name.endswith(".xml") and "/" in name and not name.endswith("assessment_meta.xml"):
                text = data.decode("utf-8")
                if drop_title:
                    text, n = re.subn(rf'\s*<item ident="[^"]*" title="{re.escape(drop_title)}">.*?</item>', "",
                                      text, count=1, flags=re.S)
                    added -= n
                cut = text.rindex("</section>")
                text = text[:cut] + xml + "    " + text[cut:]
                data = text.encode("utf-8")
            elif name.endswith("assessment_meta.xml"):
                text = data.decode("utf-8")
                text = re.sub(r"<points_possible>([\d.]+)</points_possible>",
                              lambda m: f"<points_possible>{float(m.group(1)) + added:.1f}</points_possible>", text)
                data = text.encode("utf-8")
            dst.writestr(info, data)
    return out.getvalue()
