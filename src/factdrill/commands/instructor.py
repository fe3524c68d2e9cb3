"""Instructor commands: ``new`` (template deck), ``sheet`` (study sheet), ``exam``."""

from __future__ import annotations

import textwrap
from pathlib import Path

import click

from ..exporters.lms import kind_option


@click.command()
@click.argument("name")
@click.option(
    "--dir",
    "parent",
    type=click.Path(file_okay=False),
    default="decks",
    show_default=True,
    help="Folder to create the deck in.",
)
def new(name: str, parent: str) -> None:
    """Create deck NAME from a template with an example of every fact kind.

    The new deck passes 'factdrill check' as created; replace the examples
    with your own facts. Existing files are never overwritten.
    """
    from ..deck.scaffold import create_deck
    from ..terminal import printable

    made = create_deck(name, Path(parent))
    for f in made.files:
        click.echo(printable(f"created {f}", one_line=True))
    click.echo(printable(f"next: edit the facts, then run 'factdrill check {made.folder}'", one_line=True))


@click.command()
@click.argument("deck", required=False)
@click.option("-o", "--output", type=click.Path(), help="File to write (.html or .md), or a folder (default: stdout).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["html", "md"]),
    help="Output format (default: from the file name, else Markdown).",
)
def sheet(deck: str | None, output: str | None, fmt: str | None) -> None:
    """Write a printable study sheet of DECK's facts, grouped by topic.

    HTML prints cleanly from a browser; Markdown pastes into notes. The
    numbered reference list comes last.
    """
    from ..deck.loader import load_deck, resolve_deck
    from ..exporters.outputs import write_text_output
    from ..instructor.sheet import build_sheet, render_html, render_markdown

    from ..exporters.outputs import file_target

    if fmt is None:
        fmt = "html" if output and Path(output).suffix.lower() in {".html", ".htm"} else "md"
    d = load_deck(resolve_deck(deck))
    target = file_target(output, f"{d.id}-sheet.{fmt}", what="a study sheet", suffixes=(".html", ".htm", ".md"))
    output = None if target is None else str(target)
    sh = build_sheet(d)
    text = render_html(sh) if fmt == "html" else render_markdown(sh)
    n = sum(len(s.entries) for s in sh.sections)
    write_text_output(text, output, what=f"study sheet of {n} facts")


@click.command()
@click.argument("deck", required=False)
@click.option("--items", "n_items", type=int, required=True, help="Number of questions per version.")
@click.option("--versions", type=int, default=1, show_default=True,
              help="Number of forms (A, B, C...); each draws other questions where the deck allows.")
@click.option("--seed", type=int, default=0, show_default=True, help="Same seed, same files.")
@click.option("--topic-weights", metavar="T=W,...", help="Share of questions per topic, e.g. bone=2,liver=1.")
@kind_option("Item kinds to use")
@click.option("--blueprint", metavar="PLAN", help="Draw to a test plan's category ranges, e.g. nclex-rn.")
@click.option("--cases", type=click.IntRange(0, 10), default=1, show_default=True,
              help="With --blueprint: case studies on the form (6 items each).")
@click.option(
    "--section-breaks/--no-section-breaks",
    default=False,
    show_default=True,
    help="Start each topic section on a new page (default: sections run on, no question split).",
)
@click.option("--pdf", is_flag=True, help="Also print each page to PDF (needs Chromium or Chrome).")
@click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(),
    default="exams",
    show_default=True,
    help="Folder for the exam and key files.",
)
def exam(
    deck: str | None,
    n_items: int,
    versions: int,
    seed: int,
    topic_weights: str | None,
    kinds: tuple[str, ...],
    blueprint: str | None,
    cases: int,
    section_breaks: bool,
    pdf: bool,
    out_dir: str,
) -> None:
    """Write printable exam versions of DECK with an answer key for each.

    Questions are balanced across topics (or by --topic-weights), never two on
    one fact, never one that gives another's answer away. Alternate forms
    draw different questions where the deck has enough facts (two forms
    share at most half). Each version is an HTML and a Markdown file (and a
    PDF with --pdf); each key lists the answers, the NCLEX scoring rule (+/-
    for select-all-that-apply), the explanation and the reference.

    With --blueprint nclex-rn the items are drawn so each NCLEX client-needs
    category gets its share of the 2023 NCLEX-RN test plan (a case study
    counts as six items); categories the deck cannot fill are named.
    """
    from ..instructor.exam import make_versions, parse_topic_weights, select_forms, shared_questions
    from ..instructor.exam_pages import build_exam_files
    from ..exporters import safe_output_path
    from ..exporters.outputs import folder_target
    from ..errors import ExportError
    from ..exporters.lms import load_items, parse_kinds

    from ..errors import UsageProblem
    from ..generators.items import ItemKind
    from ..generators.keys import GRADED_KINDS

    if n_items < 1:
        raise UsageProblem("--items must be at least 1")
    if blueprint and topic_weights:
        raise UsageProblem("--blueprint sets the mix by category; leave out --topic-weights")
    folder = folder_target(out_dir, what="an exam writes")
    if pdf:  # before any work: no Chromium, no PDF
        from ..instructor.pdf import html_to_pdf, require_chromium

        browser = require_chromium()
    # a case prints as six questions; outside a blueprint it comes only when asked for
    default = GRADED_KINDS if blueprint else [k for k in GRADED_KINDS if k is not ItemKind.CASE]
    chosen_kinds = parse_kinds(",".join(kinds), default=default)
    d, items = load_items(deck, seed=seed, kinds=chosen_kinds)
    if blueprint:
        from ..instructor import blueprint as plan_mod

        form = plan_mod.select(items, d, n_items, plan_mod.load_plan(blueprint), seed=seed, cases=cases)
        picked = [list(form.items)]  # one draw to the plan; versions reorder it
        for line in plan_mod.report(form):
            click.echo(line, err=True)
    else:
        weights = parse_topic_weights(topic_weights, d)
        picked = select_forms(items, d, n_items, max(1, versions), seed=seed, weights=weights, allow_fewer=True)
        if len(picked[0]) < n_items:
            click.echo(f"note: the deck has {len(picked[0])} facts that fit these kinds and topics (one question "
                       f"per fact): each form has {len(picked[0])} questions, not {n_items}", err=True)
    forms = make_versions(d, picked[0], versions, seed=seed, alternates=None if blueprint else picked)
    files = build_exam_files(d, forms, section_breaks=section_breaks)
    from ..exporters.outputs import write_file
    from ..terminal import printable

    written: list[str] = []
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"cannot write to {folder}: {exc.strerror or exc}") from None
    for f in files:
        path = write_file(safe_output_path(folder, f.name), f.text.encode("utf-8"))
        written.append(f.name)
        if pdf and f.name.endswith(".html"):
            written.append(html_to_pdf(path, path.with_suffix(".pdf"), chromium=browser).name)
    n_questions = len(forms[0].numbered())
    click.echo(printable(f"wrote {len(forms)} version(s) of {n_questions} questions to {folder}:", one_line=True))
    for name in written:
        click.echo(f"  {name}")
    if len(forms) > 1 and not blueprint:
        click.echo(f"forms share at most {shared_questions(picked)} of {n_questions} questions", err=True)
    by_topic: dict[str, int] = {}
    for it in picked[0]:
        by_topic[it.topic] = by_topic.get(it.topic, 0) + max(1, len(it.steps))
    summary = "questions per topic: " + ", ".join(f"{t} {n}" for t, n in by_topic.items())
    click.echo(textwrap.fill(summary, width=79, subsequent_indent="  "), err=True)
