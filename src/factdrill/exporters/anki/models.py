"""The Anki note types factdrill exports: ids, names, fields, templates, CSS.

Identity: model ids, field names, template names and templates are fixed
once published; renaming any of them forks the note type in a student's
collection (see :mod:`factdrill.exporters.anki`).
"""

from __future__ import annotations

from enum import Enum

# 2025-01-01T00:00:00Z: the ``mod`` (and package timestamp) of a first export.
BASE_MOD = 1735689600
# Mixed into every Anki deck id (chosen once, like the model ids).
DECK_ID_SALT = 1671844557


class NoteType(str, Enum):
    """The note types we export; the value is the model key."""

    FLASHCARD = "flashcard"
    CLOZE = "cloze"
    MCQ = "mcq"
    SATA = "sata"
    TRUE_FALSE = "true_false"
    MATRIX = "matrix"
    BOWTIE = "bowtie"
    CASE = "case"


# Chosen once with random.randrange(1 << 30, 1 << 31). Never change them.
MODEL_IDS: dict[NoteType, int] = {
    NoteType.FLASHCARD: 2052675619,
    NoteType.CLOZE: 1551924740,
    NoteType.MCQ: 1375437994,
    NoteType.SATA: 1189378085,
    NoteType.TRUE_FALSE: 2065697976,
    NoteType.MATRIX: 1269194771,
    NoteType.BOWTIE: 1807248560,
    NoteType.CASE: 1384832745,
}

MODEL_NAMES: dict[NoteType, str] = {
    NoteType.FLASHCARD: "factdrill Flashcard",
    NoteType.CLOZE: "factdrill Cloze",
    NoteType.MCQ: "factdrill Multiple choice",
    NoteType.SATA: "factdrill Select all that apply",
    NoteType.TRUE_FALSE: "factdrill True or false",
    NoteType.MATRIX: "factdrill Matrix",
    NoteType.BOWTIE: "factdrill Bowtie",
    NoteType.CASE: "factdrill Case study",
}

_COMMON_FIELDS = ("Explanation", "Source", "FactId")
MODEL_FIELDS: dict[NoteType, tuple[str, ...]] = {
    NoteType.FLASHCARD: ("Front", "Back", "ReverseFront", "ReverseBack", *_COMMON_FIELDS),
    NoteType.CLOZE: ("Text", *_COMMON_FIELDS),
    NoteType.MCQ: ("Question", "Options", "Answer", "Rationales", *_COMMON_FIELDS),
    NoteType.SATA: ("Question", "Options", "Answer", "Rationales", *_COMMON_FIELDS),
    NoteType.TRUE_FALSE: ("Statement", "Answer", *_COMMON_FIELDS),
    NoteType.MATRIX: ("Question", "Grid", "AnswerGrid", "Rationales", *_COMMON_FIELDS),
    NoteType.BOWTIE: ("Question", "Actions", "Condition", "Parameters", "Answer", "Rationales", *_COMMON_FIELDS),
    NoteType.CASE: ("Client", "Steps", "Answers", *_COMMON_FIELDS),
}

_BACK_EXTRA = (
    "{{#Explanation}}<div class=\"fd-expl\">{{Explanation}}</div>{{/Explanation}}"
    "{{#Source}}<div class=\"fd-src\">Source: {{Source}}</div>{{/Source}}"
    "<div class=\"fd-id\">{{FactId}}</div>"
)
_CHOICE_BACK = (
    "{{FrontSide}}<hr id=\"answer\"><div class=\"fd\"><div class=\"fd-a\">{{Answer}}</div>"
    "{{#Rationales}}<div class=\"fd-rat\">{{Rationales}}</div>{{/Rationales}}"
    + _BACK_EXTRA
    + "</div>"
)

# name, question template, answer template
MODEL_TEMPLATES: dict[NoteType, tuple[tuple[str, str, str], ...]] = {
    NoteType.FLASHCARD: (
        (
            "Card 1",
            "<div class=\"fd\"><div class=\"fd-q\">{{Front}}</div></div>",
            "{{FrontSide}}<hr id=\"answer\"><div class=\"fd\"><div class=\"fd-a\">{{Back}}</div>"
            + _BACK_EXTRA
            + "</div>",
        ),
        (
            "Card 2",
            "{{#ReverseFront}}<div class=\"fd\"><div class=\"fd-q\">{{ReverseFront}}</div></div>"
            "{{/ReverseFront}}",
            "{{FrontSide}}<hr id=\"answer\"><div class=\"fd\"><div class=\"fd-a\">{{ReverseBack}}"
            "</div>" + _BACK_EXTRA + "</div>",
        ),
    ),
    NoteType.CLOZE: (
        (
            "Cloze",
            "<div class=\"fd\"><div class=\"fd-q\">{{cloze:Text}}</div></div>",
            "<div class=\"fd\"><div class=\"fd-q\">{{cloze:Text}}</div>" + _BACK_EXTRA + "</div>",
        ),
    ),
    NoteType.MCQ: (
        (
            "Multiple choice",
            "<div class=\"fd\"><div class=\"fd-q\">{{Question}}</div>{{Options}}</div>",
            _CHOICE_BACK,
        ),
    ),
    NoteType.SATA: (
        (
            "Select all that apply",
            "<div class=\"fd\"><div class=\"fd-q\">{{Question}}</div>"
            "<div class=\"fd-instr\">Select all that apply.</div>{{Options}}</div>",
            _CHOICE_BACK,
        ),
    ),
    NoteType.TRUE_FALSE: (
        (
            "True or false",
            "<div class=\"fd\"><div class=\"fd-instr\">True or false?</div>"
            "<div class=\"fd-q\">{{Statement}}</div></div>",
            "{{FrontSide}}<hr id=\"answer\"><div class=\"fd\"><div class=\"fd-a\">{{Answer}}</div>"
            + _BACK_EXTRA
            + "</div>",
        ),
    ),
}

_BOWTIE_FRONT = (
    "<div class=\"fd\"><div class=\"fd-q\">{{Question}}</div><div class=\"fd-bowtie\">"
    "<div class=\"fd-bt-side\"><div class=\"fd-instr\">Actions to take (choose 2)</div>{{Actions}}</div>"
    "<div class=\"fd-bt-mid\"><div class=\"fd-instr\">Condition most likely experiencing (choose 1)</div>"
    "{{Condition}}</div>"
    "<div class=\"fd-bt-side\"><div class=\"fd-instr\">Parameters to monitor (choose 2)</div>{{Parameters}}</div>"
    "</div></div>"
)
MODEL_TEMPLATES.update({
    NoteType.MATRIX: (
        (
            "Matrix",
            "<div class=\"fd\"><div class=\"fd-q\">{{Question}}</div>{{Grid}}</div>",
            "<div class=\"fd\"><div class=\"fd-q\">{{Question}}</div><hr id=\"answer\">{{AnswerGrid}}"
            "{{#Rationales}}<div class=\"fd-rat\">{{Rationales}}</div>{{/Rationales}}" + _BACK_EXTRA + "</div>",
        ),
    ),
    NoteType.BOWTIE: (
        (
            "Bowtie",
            _BOWTIE_FRONT,
            "{{FrontSide}}<hr id=\"answer\"><div class=\"fd\"><div class=\"fd-a\">{{Answer}}</div>"
            "{{#Rationales}}<div class=\"fd-rat\">{{Rationales}}</div>{{/Rationales}}" + _BACK_EXTRA + "</div>",
        ),
    ),
    NoteType.CASE: (
        (
            "Case study",
            "<div class=\"fd\"><div class=\"fd-q\">{{Client}}</div>{{Steps}}</div>",
            "<div class=\"fd\"><div class=\"fd-q\">{{Client}}</div><hr id=\"answer\">"
            "<div class=\"fd-case-key\">{{Answers}}</div>" + _BACK_EXTRA + "</div>",
        ),
    ),
})

# Light by default; Anki adds .nightMode (and legacy .night_mode) to the card
# body in night mode. Sizes in em/percent so a phone's text size applies.
CSS = """\
.card { font-family: -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  font-size: 20px; line-height: 1.45; color: #1f2328; background-color: #fbfbfa;
  text-align: left; }
.fd { max-width: 38em; margin: 0 auto; padding: 0 0.6em; overflow-wrap: anywhere; }
.fd-q { font-weight: 600; margin: 0.4em 0; }
.fd-instr { font-size: 0.85em; color: #57606a; margin: 0.3em 0; }
.fd-a { font-size: 1.05em; font-weight: 600; margin: 0.4em 0; }
.fd-options { margin: 0.4em 0; padding-left: 1.8em; }
.fd-options li { margin: 0.3em 0; }
.fd-rat ul { padding-left: 1.2em; margin: 0.4em 0; }
.fd-rat li { margin: 0.3em 0; }
.fd-ok { color: #1a7f37; font-weight: 600; }
.fd-no { color: #a40e26; font-weight: 600; }
.fd-expl { margin-top: 0.8em; padding: 0.5em 0.7em; border-left: 4px solid #0969da;
  background-color: #eef4fb; }
.fd-src { margin-top: 0.8em; font-size: 0.75em; color: #57606a; }
.fd-src a { color: inherit; }
.fd-id { margin-top: 0.5em; font-size: 0.65em; color: #8c959f; }
.cloze { font-weight: 700; color: #0969da; }
.fd-note { margin: 0.4em 0; padding: 0.4em 0.7em; border: 1px solid #d0d7de; font-size: 0.9em; }
.fd-note ul { margin: 0.2em 0; padding-left: 1.2em; }
table.fd-grid { border-collapse: collapse; margin: 0.5em 0; font-size: 0.9em; }
table.fd-grid th, table.fd-grid td { border: 1px solid #d0d7de; padding: 0.25em 0.5em; }
table.fd-grid td.fd-cell { text-align: center; min-width: 3em; }
.fd-bowtie { display: flex; flex-wrap: wrap; gap: 0.6em; align-items: center; }
.fd-bt-side, .fd-bt-mid { flex: 1 1 12em; border: 1px solid #d0d7de; padding: 0.3em 0.5em; }
.fd-bt-mid { border-width: 2px; }
.fd-step { margin: 0.8em 0; padding-top: 0.4em; border-top: 1px solid #d0d7de; }
.fd-step-head { font-weight: 600; }
.card.nightMode, .card.night_mode { color: #e6edf3; background-color: #1e1f22; }
.nightMode .fd-instr, .night_mode .fd-instr, .nightMode .fd-src, .night_mode .fd-src { color: #9aa4ae; }
.nightMode .fd-expl, .night_mode .fd-expl { background-color: #1c2a3a; border-left-color: #4493f8; }
.nightMode .fd-ok, .night_mode .fd-ok { color: #56d364; }
.nightMode .fd-no, .night_mode .fd-no { color: #ff7b72; }
.nightMode .cloze, .night_mode .cloze { color: #79c0ff; }
@media (max-width: 480px) { .card { font-size: 18px; } .fd { padding: 0 0.2em; } }
"""
