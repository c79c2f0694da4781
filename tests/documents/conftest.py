import pytest

from routing import cli
from tests.routing.conftest import DATA

CAMPAIGN = DATA.parent / "campaign"
ROSTER = CAMPAIGN / "roster_5days.csv"


@pytest.fixture(scope="session")
def campaign_plan(tmp_path_factory):
    """The 60-worker, 5-day roster planned as a campaign (wait up to 2 days, half-full coaches
    of 45 seats): plan.json's path."""
    folder = tmp_path_factory.mktemp("plan")
    code = cli.main(
        [
            "plan",
            str(ROSTER),
            "--employers",
            str(CAMPAIGN / "employers.csv"),
            "--depart",
            "2020-02-20T06:00",
            "--days",
            "5",
            "--max-wait-days",
            "2",
            "--load-factor",
            "0.5",
            "--time-limit",
            "3",
            "--out",
            str(folder),
            "--quiet",
        ]
    )
    assert code == 0
    return folder / "plan.json"
