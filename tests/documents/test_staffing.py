from documents.staffing import Staffing, staffing


def test_needs_registrations_and_boardings_meet_per_employer():
    rows = staffing(
        [("甲公司", 30), ("乙公司", 5), ("甲公司", 10)],
        registered=["甲公司"] * 12 + ["乙公司"] * 7 + ["丙公司"] * 2,
        boarded=["甲公司"] * 9 + ["丙公司"],
    )
    assert rows == [
        Staffing("甲公司", 40, 12, 9),
        Staffing("丙公司", 0, 2, 1),
        Staffing("乙公司", 5, 7, 0),
    ]
    assert [r.shortfall for r in rows] == [28, 0, 0]  # more registered than needed is no shortfall


def test_spellings_of_one_employer_are_one_row():
    rows = staffing(
        [("某某科技", 3)],
        registered=["郑州某某科技有限公司"],
        boarded=[],
        keys=lambda names: [n.removeprefix("郑州").removesuffix("有限公司") for n in names],
    )
    assert rows == [Staffing("某某科技", 3, 1, 0)]
