import io
from pathlib import Path

import pytest

from recruitment import sample
from recruitment.readers import read_postings
from recruitment.report import build_report

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "postings"
SAMPLE = ROOT / "data" / "postings"
SAMPLE_FILES = ("zhaopin.csv", "zhongbu.csv", "51job.csv", "boss.xlsx")
TINY_FILES = (
    "zhaopin_bom.csv",
    "zhongbu_gbk.csv",
    "51job_tags.csv",
    "boss_glued.xlsx",
    "english_gb18030.tsv",
    "bad_rows.csv",
)


def read(path: Path, **options):
    with path.open("rb") as fp:
        return read_postings(fp, source=path.name, **options)


@pytest.fixture(scope="session")
def tiny_report():
    """The six tiny board files of tests/data/postings in one report: 14 accepted postings, one
    cross-board duplicate (Java开发工程师 on 智联招聘 and 前程无忧), three rejected rows."""
    return build_report([read(DATA / name) for name in TINY_FILES])


@pytest.fixture(scope="session")
def sample_report():
    """The committed sample of data/postings (8,869 postings) as one report."""
    return build_report([read(SAMPLE / name) for name in SAMPLE_FILES])


@pytest.fixture(scope="session")
def sample_truth():
    """The generator's in-memory sample with each accepted row's true position number."""
    return sample.generate()


def as_file(text: str, encoding: str = "utf-8") -> io.BytesIO:
    return io.BytesIO(text.encode(encoding))
