"""Statement ids as numbers: the vectorised conversion agrees with Python's own hex parsing, refuses what is
not an id, and both row lookups (by numbers, by id strings) find exactly the rows ``np.isin`` finds."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pytest

from quoteline.ids import statement_id
from quoteline.query.id_numbers import RowsById, number_of, rows_with, to_ids, to_numbers


def _ids(n: int, seed: int) -> list[str]:
    return [statement_id(f"article {seed}-{i}", "direct", "Ilse Maarten", i, i + 9) for i in range(n)]


def test_ids_and_numbers_round_trip() -> None:
    ids = [*_ids(500, 1), "0" * 16, "f" * 16, "000000000000000a"]
    numbers = to_numbers(pa.array(ids))
    assert numbers is not None
    assert numbers.dtype == np.uint64
    assert numbers.tolist() == [int(i, 16) for i in ids]
    assert to_ids(numbers).to_pylist() == ids
    assert to_ids(np.zeros(0, np.uint64)).to_pylist() == []


@pytest.mark.parametrize(
    "make",
    [
        lambda ids: pa.array(ids, pa.large_string()),
        lambda ids: pa.array(["x" * 16, *ids]).slice(1),  # an offset into the buffers
        lambda ids: pa.chunked_array([pa.array(ids[:7]), pa.array(ids[7:])]),
        lambda ids: pa.array(ids).dictionary_encode(),  # another string type: cast first
    ],
)
def test_every_arrow_layout_of_the_ids(make: object) -> None:
    ids = _ids(40, 2)
    numbers = to_numbers(make(ids))  # type: ignore[operator]
    assert numbers is not None
    assert numbers.tolist() == [int(i, 16) for i in ids]


@pytest.mark.parametrize(
    "odd",
    [
        "0123456789abcdeF",  # uppercase: ids are written lowercase
        "0123456789abcdeg",
        "0123456789abcde:",
        "0123456789abcde`",
        "0123456789abcde/",
        "0123456789abcdé",  # 16 bytes, not 16 characters
        "0123456789abcde",  # too short
        "0123456789abcdef0",  # too long
        "",
    ],
)
def test_what_is_not_an_id_has_no_number(odd: str) -> None:
    assert to_numbers(pa.array([*_ids(3, 3), odd])) is None
    assert to_numbers(pa.array([*_ids(3, 3), None])) is None
    assert number_of(odd) is None


def test_one_id_has_the_number_its_column_has() -> None:
    ids = [*_ids(30, 6), "0" * 16, "f" * 16]
    numbers = to_numbers(pa.array(ids))
    assert numbers is not None
    assert [number_of(i) for i in ids] == numbers.tolist()


def test_rows_with_ids_given_as_strings() -> None:
    ids = _ids(400, 7)
    numbers = to_numbers(pa.array(ids))
    assert numbers is not None
    wanted = [ids[3], ids[399], ids[3], *_ids(5, 8), "not an id", None]
    want = np.isin(numbers, [int(i, 16) for i in (ids[3], ids[399])])
    assert (rows_with(numbers, wanted) == want).all()
    assert (rows_with(numbers, pa.array(wanted)) == want).all()
    assert (rows_with(numbers, pa.chunked_array([pa.array(wanted)])) == want).all()
    assert not rows_with(numbers, ["not an id"]).any()
    assert len(rows_with(numbers, [])) == len(ids)


def test_rows_by_id_finds_what_isin_finds() -> None:
    ids = _ids(3000, 4)
    index = RowsById.of(pa.array(ids))
    assert index is not None
    numbers = np.array([int(i, 16) for i in ids], np.uint64)
    rng = np.random.default_rng(5)
    absent = np.array([int(i, 16) for i in _ids(50, 5)], np.uint64)
    for wanted in (
        np.sort(rng.choice(numbers, 700, replace=False)),
        np.sort(np.concatenate([rng.choice(numbers, 20, replace=False), absent])),
        absent,
        np.array([numbers.max(), numbers.min()], np.uint64),
        np.array([np.iinfo(np.uint64).max, 0], np.uint64),  # past the last id, before the first
        np.zeros(0, np.uint64),
    ):
        assert (index.mask(wanted) == np.isin(numbers, wanted)).all()
    assert RowsById.of(pa.array(["not an id"])) is None
    assert not RowsById.of(pa.array([], pa.string())).mask(numbers[:3]).any()  # type: ignore[union-attr]
