"""Option letters past z: one labelling (a..z, aa, ab...) for drills,
grading and every export, so a ranking of 27 or more items can be drilled.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

import pytest

from factdrill.generators.keys import letter as key_letter
from factdrill.generators.keys import letter_index
from factdrill.study.grading import InvalidResponse, grade, key_response, letter, parse_letters
from hostile.cli import invoke
from hostile import builders as b


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    monkeypatch.setenv("FACTDRILL_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("FACTDRILL_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("NO_COLOR", "1")




@given(st.integers(min_value=0, max_value=100_000))
def test_one_labelling_and_its_inverse(i):
    assert letter(i) == key_letter(i).lower()
    assert letter_index(letter(i)) == i and letter_index(key_letter(i)) == i


def test_labels_past_z():
    assert [letter(i) for i in (0, 25, 26, 27, 51, 52, 701, 702)] == ["a", "z", "aa", "ab", "az", "ba", "zz", "aaa"]


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=27, max_value=120), st.randoms(use_true_random=False))
def test_separated_labels_name_the_options_past_z(count, rnd):
    picks = [rnd.randrange(count) for _ in range(5)]
    assert parse_letters(" ".join(letter(i) for i in picks), count) == picks
    with pytest.raises(InvalidResponse):
        parse_letters(letter(count), count)  # one past the last


@pytest.mark.parametrize("n", [27, 30, 60, 100])
def test_a_long_ranking_is_previewed_drilled_and_graded(tmp_path, n):
    from factdrill.generators.cache import deck_and_items

    path = b.write_long_ranking(tmp_path, n, name=f"rank{n}.yaml")
    assert invoke("check", path).exit_code == 0
    preview = invoke("preview", path, "--kind", "ordering")
    assert preview.exit_code == 0 and f"{letter(n - 1)}) site" in preview.output
    _, items = deck_and_items(path)
    (item,) = [i for i in items if i.kind.value == "ordering"]
    assert grade(item, key_response(item)).score == 1.0
    drill = invoke("drill", path, "--kind", "ordering", "--new", "1", input=key_response(item) + "\n\n\nq\n")
    assert drill.exit_code == 0 and "Correct" in drill.output, drill.output[-800:]
    for fmt, target in (("gift", tmp_path / "q.gift"), ("blackboard", tmp_path / "bb.txt")):
        assert invoke("export", fmt, path, "-o", target).exit_code == 0
    assert invoke("export", "csv", path, "-o", tmp_path).exit_code == 0
    assert invoke("exam", path, "--items", "3", "--kinds", "ordering,mcq", "-o", tmp_path / "exam").exit_code == 0
