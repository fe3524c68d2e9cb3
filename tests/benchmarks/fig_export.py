"""Export figures: ``factdrill export anki`` over the previous file against a
genanki script doing the same work, in fresh child processes."""

from __future__ import annotations

import time
from pathlib import Path

from harness import Figure, child, env, med, peak_mib, reset_peak, spread, synth_folder


def child_export(mode: str, path: str, out: str) -> dict:
    """Write the deck's .apkg over the previous one at ``out`` (``run.py --child export``).

    Both sides start with the deck's items database open (up to date),
    genanki imported, and write over the previous export (the documented
    way: its note mod times are kept or bumped). Ours is what ``factdrill
    export anki`` does: each fact's note rows read from the items database
    (kept there by the warm-up run; a fact whose items changed would be
    rendered again), the previous file read, notes written a batch at a
    time, the zip. The floor is what a genanki script does with factdrill's
    finished note texts (loaded and built before its clock: ours reads its
    own inside the clock), hashing each note's GUID itself and doing the
    same work: collector paused, genanki's HTML check off, the previous
    file's notes read to keep or bump each note's mod time, the collection
    written without journal or fsync and stored in the zip. Peak memory
    counts from the point each clock starts.
    """
    import gc

    import genanki  # noqa: F401

    import factdrill.exporters.outputs  # noqa: F401  (imports before the clock, as everywhere)
    from factdrill.exporters import anki
    from factdrill.generators.cache import deck_and_items, open_items

    view = open_items(path)
    specs = None
    if mode == "floor":
        deck, items = deck_and_items(path)
        specs = anki.build_notes(deck, items)
    gc.collect()
    base = reset_peak()
    t0 = time.perf_counter()
    if mode == "ours":
        res = anki.export_view(view, out)
        n = res.notes
    else:
        assert specs is not None
        n = _genanki_script(deck, specs, Path(out) / f"{deck.id}-floor.apkg")
    view.close()
    return {"seconds": time.perf_counter() - t0, "notes": n, "base_mib": base, "maxrss_mib": peak_mib()}


def _genanki_script(deck, specs, target: Path) -> int:
    import json
    import shutil
    import sqlite3
    import tempfile
    import zipfile

    import genanki

    from factdrill.deck.gcpause import gc_paused
    from factdrill.exporters.anki import models as m
    from factdrill.exporters.anki.package import _anki_deck_id, _deck_name, note_digest

    with gc_paused(), tempfile.TemporaryDirectory() as tmp:
        previous: dict = {}
        if target.exists():
            db = Path(tmp) / "prev.anki2"
            with zipfile.ZipFile(target) as zf, zf.open("collection.anki2") as src, open(db, "wb") as dst:
                shutil.copyfileobj(src, dst, 1 << 20)
            conn = sqlite3.connect(db)
            # kept as digests, as the exporter keeps them (not every note's text)
            previous = {g: (mod, note_digest(flds, tags)) for g, mod, flds, tags in
                        conn.execute("SELECT guid, mod, flds, tags FROM notes")}
            conn.close()

        class Note(genanki.Note):
            mod = m.BASE_MOD

            def write_to_db(self, cursor, timestamp, deck_id, id_gen):
                super().write_to_db(cursor, self.mod, deck_id, id_gen)

            def _check_invalid_html_tags_in_fields(self):
                pass

        models = {nt: genanki.Model(
            m.MODEL_IDS[nt], m.MODEL_NAMES[nt], fields=[{"name": f} for f in m.MODEL_FIELDS[nt]],
            templates=[{"name": a, "qfmt": q, "afmt": b} for a, q, b in m.MODEL_TEMPLATES[nt]], css=m.CSS,
            model_type=genanki.Model.CLOZE if nt is m.NoteType.CLOZE else genanki.Model.FRONT_BACK,
        ) for nt in m.NoteType}
        parent_name = _deck_name(deck.title)
        topics = {t.id: t.title for t in deck.topics}
        decks: dict[str, genanki.Deck] = {"": genanki.Deck(_anki_deck_id(deck.id, ""), parent_name)}
        for spec in specs:
            d = decks.get(spec.subdeck)
            if d is None:
                d = decks[spec.subdeck] = genanki.Deck(_anki_deck_id(deck.id, spec.subdeck),
                                                        f"{parent_name}::{topics.get(spec.subdeck, spec.subdeck)}")
            # the script hashes each note's identity as the exporter does (genanki's guid_for)
            guid = genanki.guid_for("factdrill", spec.guid)
            note = Note(model=models[spec.note_type], fields=list(spec.fields), tags=list(spec.tags), guid=guid)
            prev = previous.get(guid)
            if prev is not None:
                same = prev[1] == note_digest("\x1f".join(spec.fields), note._format_tags())
                note.mod = prev[0] if same else prev[0] + 1
            d.add_note(note)
        db = Path(tmp) / "collection.anki2"
        conn = sqlite3.connect(db)
        conn.execute("PRAGMA journal_mode = OFF")
        conn.execute("PRAGMA synchronous = OFF")
        genanki.Package(list(decks.values())).write_to_db(conn.cursor(), m.BASE_MOD,
                                                          iter(range(m.BASE_MOD * 1000, 10**15)))
        conn.commit()
        conn.close()
        with zipfile.ZipFile(Path(tmp) / "out.apkg", "w") as zf:
            zf.write(db, "collection.anki2")
            zf.writestr("media", json.dumps({}))
        shutil.move(str(Path(tmp) / "out.apkg"), target)
    return len(specs)


def figures(tmp: Path, quick: bool) -> list[Figure]:
    e = env(tmp)
    out: list[Figure] = []
    for notes in (10_000,) if quick else (10_000, 100_000):
        path = str(synth_folder(tmp, round(notes / 6.3)))  # ~6.3 Anki notes a synthetic fact
        target = tmp / f"export-{notes}"
        target.mkdir(exist_ok=True)
        for mode in ("ours", "floor"):  # warm-up: the cache, and each side's previous file
            child("export", mode, path, str(target), environ=e)
        runs = 2 if quick else 3
        ours, floor, ours_mem, floor_mem, n = [], [], [], [], 0
        for i in range(runs):
            for mode in ("ours", "floor") if i % 2 == 0 else ("floor", "ours"):
                data = child("export", mode, path, str(target), environ=e)
                (ours if mode == "ours" else floor).append(data["seconds"])
                (ours_mem if mode == "ours" else floor_mem).append(data["maxrss_mib"] - data["base_mib"])
                n = data["notes"]
        label = f"{notes // 1000}k"
        out.append(Figure(f"export {label} notes", med(ours), med(floor), "s", 1.3,
                          note=f"{n} notes over the previous file; floor: a genanki script doing the same work "
                               f"(spread {spread(ours)} / {spread(floor)})"))
        out.append(Figure(f"export {label} peak mem", med(ours_mem), med(floor_mem), "MiB", 1.5,
                          note="peak RSS above the RSS when the clock starts (VmHWM after clear_refs)"))
    return out
