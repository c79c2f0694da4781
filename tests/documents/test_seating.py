import doctest

import pytest
from hypothesis import given
from hypothesis import strategies as st

from documents import seating
from documents.seating import CoachLayout, SeatingError, assign_seats


def test_a_45_seat_coach_is_ten_rows_of_four_and_a_back_row_of_five():
    layout = CoachLayout.from_seats(45)
    assert [len(row) for row in layout.rows] == [4] * 10 + [5]
    assert layout.rows[0] == (1, 2, 3, 4)
    assert layout.observation_rows() == ((37, 38, 39, 40), (41, 42, 43, 44, 45))


@pytest.mark.parametrize(
    ("seats", "widths"),
    [(1, [1]), (3, [3]), (4, [4]), (7, [7]), (19, [4, 4, 4, 7]), (48, [4] * 12)],
)
def test_small_and_odd_coaches_get_rows_too(seats, widths):
    assert [len(row) for row in CoachLayout.from_seats(seats).rows] == widths


def test_side_by_side_means_the_same_pair_of_a_row():
    layout = CoachLayout.from_seats(45)
    assert layout.side_by_side(1, 2) and layout.side_by_side(3, 4)
    assert not layout.side_by_side(2, 3)  # across the aisle
    assert not layout.side_by_side(4, 5)  # the next row
    assert layout.side_by_side(43, 44)  # the back row has no aisle


def test_full_load_seats_passengers_in_order():
    assert assign_seats([30, 10, 20], seats=45, load_factor=1.0) == {30: 1, 10: 2, 20: 3}


def test_half_load_uses_window_seats_of_alternate_rows_first():
    seats = assign_seats(list(range(1, 11)), seats=45, load_factor=0.5)
    assert sorted(seats.values()) == [1, 4, 9, 12, 17, 20, 25, 28, 33, 36]


def test_half_load_keeps_the_last_two_rows_free_while_the_front_has_room():
    seats = assign_seats(list(range(18)), seats=45, load_factor=0.5)
    assert max(seats.values()) <= 36


def test_a_full_half_load_coach_puts_the_last_passengers_apart_on_the_observation_rows():
    seats = sorted(assign_seats(list(range(22)), seats=45, load_factor=0.5).values())
    assert seats[-4:] == [37, 40, 41, 43]


def test_between_half_and_full_load_aisle_seats_come_before_the_observation_rows():
    seats = assign_seats(list(range(33)), seats=45, load_factor=0.75)
    assert max(seats.values()) <= 36


def test_impossible_requests_are_refused():
    with pytest.raises(SeatingError, match="46 passengers do not fit in 45 seats"):
        assign_seats(list(range(46)), seats=45, load_factor=1.0)
    with pytest.raises(SeatingError, match="load factor"):
        assign_seats([1], seats=45, load_factor=1.5)
    with pytest.raises(SeatingError, match="listed twice"):
        assign_seats([1, 1], seats=45, load_factor=1.0)
    with pytest.raises(SeatingError, match="at least one seat"):
        CoachLayout.from_seats(0)


@given(
    seats=st.integers(1, 60),
    load_factor=st.sampled_from([0.3, 0.5, 0.6, 0.75, 0.9, 1.0]),
    data=st.data(),
)
def test_every_passenger_gets_an_own_seat_on_the_coach(seats, load_factor, data):
    count = data.draw(st.integers(0, seats))
    assigned = assign_seats(list(range(100, 100 + count)), seats=seats, load_factor=load_factor)
    assert len(assigned) == count
    assert len(set(assigned.values())) == count
    assert all(1 <= seat <= seats for seat in assigned.values())


@given(seats=st.integers(1, 60), data=st.data())
def test_at_half_load_no_two_passengers_sit_side_by_side(seats, data):
    count = data.draw(st.integers(0, seats // 2))  # what a planner loads at 0.5
    taken = sorted(assign_seats(list(range(count)), seats=seats, load_factor=0.5).values())
    layout = CoachLayout.from_seats(seats)
    assert not [(a, b) for a in taken for b in taken if a < b and layout.side_by_side(a, b)]


@given(seats=st.integers(1, 60), load_factor=st.floats(0.05, 1.0))
def test_the_preference_is_every_seat_once(seats, load_factor):
    order = CoachLayout.from_seats(seats).preference(load_factor)
    assert sorted(order) == list(range(1, seats + 1))


def test_docstring_examples_run():
    assert doctest.testmod(seating).failed == 0
