"""Instructor commands: ``new`` (template deck), ``sheet`` (study sheet), ``exam``."""

from __future__ import annotations

import textwrap
from pathlib import Path

import click



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
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="File to write (.html or .md).")
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

    if fmt is None:
        fmt = "html" if output and Path(output).suffix.lower() in {".html", ".htm"} else "md"
    d = load_deck(resolve_deck(deck))
    sh = build_sheet(d)
    text = render_html(sh) if fmt == "html" else render_markdown(sh)
    n = sum(len(s.entries) for s in sh.sections)
    write_text_output(text, output, what=f"study sheet of {n} facts")


@click.command()
@click.argument("deck", required=False)
@click.option("--items", "n_items", type=int, required=True, help="Number of questions per version.")
@click.option("--versions", type=int, default=1, show_default=True, help="Number of forms (A, B, C...).")
@click.option("--seed", type=int, default=0, show_default=True, help="Same seed, same files.")
@click.option("--topic-weights", metavar="T=W,...", help="Share of questions per topic, e.g. bone=2,liver=1.")
@click.option("--kinds", metavar="K,K", help="Item kinds to use (default: all gradable kinds).")
@click.option("--blueprint", metavar="PLAN", help="Draw to a test plan's category ranges, e.g. nclex-rn.")
@click.option("--cases", type=click.IntRange(0, 10), default=1, show_default=True,
              help="With --blueprint: case studies on the form (6 items each).")
@click.option(
    "--section-breaks/--no-section-breaks",
    default=True,
    show_default=True,
    help="Start each topic section on a new page.",
)
@click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(file_okay=False),
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
    kinds: str | None,
    blueprint: str | None,
    cases: int,
    section_breaks: bool,
    out_dir: str,
) -> None:
    """Write printable exam versions of DECK with an answer key for each.

    Questions are balanced across topics (or by --topic-weights), never two on
    one fact, never one that gives another's answer away. Each version is an
    HTML and a Markdown file; each key lists the answers, the NCLEX scoring
    rule (+/- for select-all-that-apply), the explanation and the reference.

    With --blueprint nclex-rn the items are drawn so each NCLEX client-needs
    category gets its share of the 2023 NCLEX-RN test plan (a case study
    counts as six items); categories the deck cannot fill are named.
    """
    from ..instructor.exam import make_versions, parse_topic_weights, select_items
    from ..instructor.exam_pages import build_exam_files
    from ..exporters import safe_output_path
    from ..errors import ExportError
    from ..exporters.lms import load_items, parse_kinds

    from ..generators.items import ItemKind
    from ..generators.keys import GRADED_KINDS

    # a case prints as six questions; outside a blueprint it comes only when asked for
    default = GRADED_KINDS if blueprint else [k for k in GRADED_KINDS if k is not ItemKind.CASE]
    chosen_kinds = parse_kinds(kinds, default=default)
    d, items = load_items(deck, seed=seed, kinds=chosen_kinds)
    if blueprint:
        from ..errors import UsageProblem
        from ..instructor import blueprint as plan_mod

        if topic_weights:
            raise UsageProblem("--blueprint sets the mix by category; leave out --topic-weights")
        form = plan_mod.select(items, d, n_items, plan_mod.load_plan(blueprint), seed=seed, cases=cases)
        picked = list(form.items)
        for line in plan_mod.report(form):
            click.echo(line, err=True)
    else:
        weights = parse_topic_weights(topic_weights, d)
        picked = select_items(items, d, n_items, seed=seed, weights=weights)
    forms = make_versions(d, picked, versions, seed=seed)
    files = build_exam_files(d, forms, section_breaks=section_breaks)
    from ..exporters.outputs import write_file
    from ..terminal import printable

    folder = Path(out_dir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"cannot write to {folder}: {exc.strerror or exc}") from None
    for f in files:
        write_file(safe_output_path(folder, f.name), f.text.encode("utf-8"))
    count = len(forms[0].numbered())
    click.echo(printable(f"wrote {len(forms)} version(s) of {count} questions to {folder}:", one_line=True))
    for f in files:
        click.echo(f"  {f.name}")
    by_topic: dict[str, int] = {}
    for it in picked:
        by_topic[it.topic] = by_topic.get(it.topic, 0) + max(1, len(it.steps))
    summary = "questions per topic: " + ", ".join(f"{t} {n}" for t, n in by_topic.items())
    click.echo(textwrap.fill(summary, width=79, subsequent_indent="  "), err=True)
