"""Start-up stays lean: what ``factdrill drill`` has imported when the first
question waits for an answer (with the deck cached, as on every start after
the first). fsrs, genanki, anki and YAML cost tens of milliseconds each and
are not needed before the first answer; a regression here shows up in the
start-up benchmark, this test says which import caused it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

HEAVY = ("fsrs", "genanki", "anki", "yaml", "factdrill.generators.registry",
         "factdrill.generators.common", "factdrill.deck.yamlnodes")

PROBE = """
import json, sys
import factdrill.commands.drill as drill

def first_prompt(prompt):
    print(json.dumps({m: m in sys.modules for m in %r}), file=sys.stderr)
    raise EOFError

drill._read_line = first_prompt
from factdrill.cli import cli
cli(["drill"], standalone_mode=False)
""" % (HEAVY,)


def test_nothing_heavy_is_imported_before_the_first_question(tmp_path):
    env = dict(os.environ, FACTDRILL_HOME=str(tmp_path / "home"), FACTDRILL_CACHE=str(tmp_path / "cache"),
               NO_COLOR="1")
    warm = subprocess.run([sys.executable, "-m", "factdrill", "drill"], stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, env=env, timeout=120)
    assert warm.returncode == 0, warm.stderr  # fills the items cache and the store
    probe = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, env=env, timeout=120)
    loaded = json.loads(probe.stderr.strip().splitlines()[-1])
    assert [m for m, present in loaded.items() if present] == []
