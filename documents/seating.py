"""Seat numbers on a coach, following the load-factor rule.

A coach of N seats is modelled as rows of four (2 + aisle + 2) numbered front to back, left to
right, with the remainder added to a back row without an aisle: 45 seats are ten rows of four and a
back row of five. Seats are handed out in a preference order that depends on the load factor:

- full load (load factor 1): seats 1, 2, 3, ... in boarding order;
- half load or less (load factor <= 0.5): passengers sit apart, never side by side. They take the
  window seats of the front rows, alternate rows first (rows 1, 3, 5, ... then 2, 4, ...), and the
  last two rows stay empty as an observation area; only a trip with more passengers than those
  window seats (a 45-seat coach carries 22 at 0.5 but has 18 such seats) puts the rest on the
  observation rows, still apart;
- in between: the same window seats first, then the aisle seats of the front rows, and the
  observation rows last.

>>> layout = CoachLayout.from_seats(45)
>>> layout.rows[-1]
(41, 42, 43, 44, 45)
>>> assign_seats([7, 3, 9], seats=45, load_factor=0.5)
{7: 1, 3: 4, 9: 9}
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

ROW_WIDTH = 4
OBSERVATION_ROWS = 2
FULL_LOAD = 1.0 - 1e-9
HALF_LOAD = 0.5 + 1e-9


class SeatingError(ValueError):
    """More passengers than seats, or a coach that cannot exist."""


@dataclass(frozen=True)
class CoachLayout:
    """Seat numbers row by row, front row first. Rows of four have an aisle in the middle."""

    rows: tuple[tuple[int, ...], ...]

    def __post_init__(self) -> None:
        numbers = [seat for row in self.rows for seat in row]
        if not numbers or numbers != list(range(1, len(numbers) + 1)):
            raise SeatingError(
                "座位须按排从 1 到 N 编号 a coach layout numbers its seats 1..N, row after row"
            )

    @classmethod
    def from_seats(cls, seats: int) -> CoachLayout:
        """Rows of four; a remainder of 1-3 seats widens the back row (45 -> 10 x 4 + 5)."""
        if seats < 1:
            raise SeatingError(
                f"车辆至少要有一个座位（给出 {seats}）a coach needs at least one seat, got {seats}"
            )
        widths = [ROW_WIDTH] * (seats // ROW_WIDTH) or [0]
        widths[-1] += seats % ROW_WIDTH
        rows, first = [], 1
        for width in widths:
            rows.append(tuple(range(first, first + width)))
            first += width
        return cls(tuple(rows))

    @property
    def seats(self) -> int:
        return self.rows[-1][-1]

    def _has_aisle(self, row: tuple[int, ...]) -> bool:
        return len(row) == ROW_WIDTH

    def side_by_side(self, a: int, b: int) -> bool:
        """Two seats touching in the same row; seats across the aisle do not touch."""
        for row in self.rows:
            if a in row and b in row:
                i, j = sorted((row.index(a), row.index(b)))
                return j - i == 1 and not (self._has_aisle(row) and i == 1)
        return False

    def apart_seats(self, row: tuple[int, ...]) -> tuple[int, ...]:
        """Seats of a row no two of which touch: the two windows of a row of four, every other
        seat of a back row."""
        if self._has_aisle(row):
            return (row[0], row[-1])
        return row[::2]

    def observation_rows(self) -> tuple[tuple[int, ...], ...]:
        """The last two rows, when the coach has rows to spare for them."""
        return self.rows[-OBSERVATION_ROWS:] if len(self.rows) > OBSERVATION_ROWS else ()

    def preference(self, load_factor: float) -> tuple[int, ...]:
        """Every seat once, in the order passengers are given them under `load_factor`."""
        if not 0 < load_factor <= 1:
            raise SeatingError(
                f"载客率须在 (0, 1] 之间（给出 {load_factor}）load factor must be in (0, 1], got {load_factor}"
            )
        if load_factor >= FULL_LOAD:
            return tuple(range(1, self.seats + 1))
        observation = self.observation_rows()
        front = self.rows[: len(self.rows) - len(observation)]
        alternate = front[::2] + front[1::2]
        front_apart = [seat for row in alternate for seat in self.apart_seats(row)]
        back_apart = [seat for row in observation for seat in self.apart_seats(row)]
        front_rest = [seat for row in front for seat in row if seat not in front_apart]
        if load_factor <= HALF_LOAD:
            order = front_apart + back_apart + front_rest
        else:
            order = front_apart + front_rest + back_apart
        taken = set(order)
        order += [seat for row in observation for seat in row if seat not in taken]
        return tuple(order)


def assign_seats(passengers: Sequence[int], *, seats: int, load_factor: float) -> dict[int, int]:
    """Seat number of each passenger (by roster row), in boarding order."""
    if len(set(passengers)) != len(passengers):
        raise SeatingError("乘客重复 a passenger is listed twice")
    if len(passengers) > seats:
        raise SeatingError(
            f"{len(passengers)} 名乘客坐不下 {seats} 个座位 {len(passengers)} passengers do not fit in {seats} seats"
        )
    order = CoachLayout.from_seats(seats).preference(load_factor)
    return dict(zip(passengers, order, strict=False))
