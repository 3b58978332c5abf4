"""The cluster keys computed a column at a time (``quoteline.store.cluster_keys``) equal the one-value
functions, and the cluster index built on them assigns exactly the clusters session 20's index assigned
(``tests/cluster_reference.py``), non-ASCII text included."""

from __future__ import annotations

import logging
import random
import unicodedata

import cluster_reference
import pyarrow as pa
import pytest

from quoteline.store import cluster_keys
from quoteline.store.cluster_keys import FOLDS, day_number, day_numbers, normalise_quote, normalised
from quoteline.store.clusters import ClusterIndex

# Letters whose folding Arrow's lower-casing or NFKC do not give as ``casefold`` does, and other traps:
# German sharp s, Turkish dotted and dotless i, Greek sigmas, ligatures, a combining accent, no-break and
# ideographic spaces, a line separator, the Kelvin sign, a fullwidth letter.
TRAPS = "ßẞİıΣσςﬁﬂﬀŉǰ\u0301\u00a0\u2028\u3000\u212aＡé"
WORDS = ("harbour", "Straße", "STRASSE", "İzmir", "ΟΔΟΣ", "οδος", "ﬁnal", "final", "the", "ferry", "Ölbach")


def _text(rng: random.Random, alphabet: str, most: int = 30) -> str:
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, most)))


def test_every_ascii_character_and_every_fold_normalise_alike() -> None:
    singles = [chr(i) for i in range(128)] + list(FOLDS) + list(TRAPS)
    # Each alone, between letters, and doubled at both ends (the strip and the space collapse).
    texts = [t for c in singles for t in (c, f"a{c}B", f"{c}{c} Zq {c}{c}")]
    assert normalised(pa.array(texts)).to_pylist() == [normalise_quote(t) for t in texts]


def test_the_folded_marks_need_no_nfkc() -> None:
    """Why a quote of ASCII and folded marks may skip NFKC: NFKC changes no ASCII character, and each mark
    it changes, it changes into what the fold gives anyway."""
    table = str.maketrans(FOLDS)
    for c in [chr(i) for i in range(128)]:
        assert unicodedata.normalize("NFKC", c) == c
    for c in FOLDS:
        assert unicodedata.normalize("NFKC", c).translate(table) == c.translate(table)
        assert unicodedata.combining(c) == 0


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_generated_text_normalises_alike(seed: int) -> None:
    rng = random.Random(seed)
    alphabet = "".join(chr(i) for i in range(128)) + "".join(FOLDS) + TRAPS
    texts = [_text(rng, alphabet) for _ in range(3000)]
    texts += [" ".join(rng.choice(WORDS) for _ in range(4)) for _ in range(500)]
    got = normalised(pa.chunked_array([pa.array(texts[:1000]), pa.array(texts[1000:])]))
    assert got.to_pylist() == [normalise_quote(t) for t in texts]


def test_the_trap_letters_go_through_casefold() -> None:
    """The rows Arrow cannot fold are the ones that matter: ß is "ss" and ς is σ, as ``casefold`` has it."""
    got = normalised(pa.array(["Straße", "ΟΔΟΣ", "οδος", "ﬁnal"])).to_pylist()
    assert got == ["strasse", "οδοσ", "οδοσ", "final"]


def test_day_numbers_equal_day_number(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger=cluster_keys.__name__)
    rng = random.Random(5)
    dates: list[str | None] = [
        None,
        "",
        "2021",
        "2021-02",
        "2020-02-29",
        "2021-02-29",
        "1900-02-29",
        "2000-02-29",
    ]
    dates += ["0000-01-01", "0001-01-01", "9999-12-31", "2021-13", "2021-00", "2021-04-31", "2021-1-5", "abc"]
    dates += [" 2021", "+2021-01-01", "2021-01-01-01", "21-01-05", "٢٠٢١"]
    for _ in range(3000):
        year, month, day = rng.randint(0, 2100), rng.randint(0, 13), rng.randint(0, 32)
        dates.append(
            rng.choice([f"{year:04d}", f"{year:04d}-{month:02d}", f"{year:04d}-{month:02d}-{day:02d}"])
        )
    expected = [day_number(d) for d in dates]
    one_value_logs = len(caplog.records)
    caplog.clear()
    assert day_numbers(pa.array(dates, pa.string())).tolist() == expected
    # Each date that is no calendar day is logged once, as the one-value form logs it.
    assert len(caplog.records) == one_value_logs > 0
    assert cluster_keys.UNDATED in expected


def _history(seed: int) -> list[tuple[str, list[tuple[str, str, str | None, str]]]]:
    """Invented extends and batches for one index: ("extend", stored rows) or ("assign", new statements
    as (speaker, text, date, statement id)); texts repeat, with small edits and non-ASCII spellings."""
    rng = random.Random(seed)
    speakers = ("Minister Oduya Fenn", "Governor Mirela Sand", "Bürgermeisterin Jördis Kaß")
    base = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 6))) for _ in range(40)]

    def variant(text: str) -> str:
        change = rng.randrange(6)
        if change == 0:
            return f"“{text}”"
        if change == 1:
            return text.upper()
        if change == 2:
            return text + rng.choice(["s", " again", "!", " —"])
        if change == 3:
            return text.replace("ss", "ß").replace("fi", "ﬁ")
        return text

    def when() -> str | None:
        if rng.random() < 0.1:
            return None
        day = rng.randint(1, 60)
        return rng.choice(
            [f"2021-{1 + day // 28:02d}-{1 + day % 28:02d}", f"2021-{1 + day // 28:02d}", "2021"]
        )

    steps: list[tuple[str, list[tuple[str, str, str | None, str]]]] = []
    n = 0
    for step in range(8):
        rows = []
        for _ in range(rng.randint(5, 60)):
            n += 1
            # Stored cluster ids repeat, so that two clusters can hold the same words.
            rows.append(
                (rng.choice(speakers), variant(rng.choice(base)), when(), f"c{rng.randint(0, n):06d}")
            )
        steps.append(("extend" if step % 2 == 0 else "assign", rows))
    return steps


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("threshold", [90.0, 70.0])
def test_the_index_assigns_what_session_20s_index_assigns(seed: int, threshold: float) -> None:
    new = ClusterIndex(threshold=threshold, window_days=14)
    old = cluster_reference.ClusterIndex(threshold=threshold, window_days=14)
    joined = 0
    for kind, rows in _history(seed):
        if kind == "extend":
            new.extend(rows)
            old.extend(rows)
            continue
        for speaker, text, date, sid in rows:
            expected = old.assign(speaker, text, date, sid)
            assert new.assign(speaker, text, date, sid) == expected, (speaker, text, date)
            joined += expected != sid
    assert joined > 0  # the history exercised joins, not only new clusters
