from recruitment import cli
from tests.recruitment.conftest import SAMPLE, SAMPLE_FILES


def test_the_committed_sample_is_the_generators_output(tmp_path):
    assert cli.main(["sample", "--out", str(tmp_path)]) == 0
    for name in SAMPLE_FILES:
        assert (tmp_path / name).read_bytes() == (SAMPLE / name).read_bytes(), name


def test_sample_has_exactly_8869_postings_about_ten_percent_duplicates(sample_report, sample_truth):
    assert sample_report.headline.postings == 8869 == len(sample_truth.truth)
    copies = 8869 - sample_truth.unique_positions
    assert 0.09 <= copies / 8869 <= 0.11
    assert len(sample_report.rejected) > 0  # the broken rows are extra, not among the 8,869


def test_sample_has_the_promised_messiness(sample_report):
    raw = sample_report.postings
    assert (SAMPLE / "zhongbu.csv").read_bytes().decode("gbk")  # the GBK file
    assert raw["company"].str.endswith("...").sum() > 100  # cut company names
    assert (raw["salary_text"] == "面议").sum() > 0 and (raw["salary_text"] == "").sum() > 0
    assert raw["district"].isna().sum() > 0 and raw["education"].isna().sum() > 0
    for form in (
        "千/月",
        "万/月",
        "万/年",
        "元/天",
        "元/时",
        "K",
        "k-",
        "薪",
        "元/月",
        "以上",
        "以下",
    ):
        assert raw["salary_text"].str.contains(form, regex=False).any(), form
    assert raw["headcount_text"].str.contains("若干").any()


def test_dedupe_finds_the_generators_duplicates(sample_report, sample_truth):
    """Every pair of postings is judged the same position exactly when the generator made them
    so (on this sample, which is easier than real exports: see docs/recruitment.md)."""
    frame = sample_report.postings
    keys = list(zip(frame["source"].str.rsplit("/", n=1).str[-1], frame["row"], strict=True))
    truth = [sample_truth.truth[key] for key in keys]
    frame = frame.assign(truth=truth)
    found = frame.groupby("truth")["position_id"].nunique()
    merged = frame.groupby("position_id")["truth"].nunique()
    assert (merged == 1).all()
    # The generator re-posts some jobs on the same board under a new URL with other pay; the rules
    # keep those apart (one board's different URLs are different jobs unless title and pay agree).
    split = frame[frame["truth"].isin(found[found > 1].index)]
    for _, copies in split.groupby("truth"):
        assert (copies.groupby("board")["url"].nunique() > 1).any(), copies
        assert len(copies[["salary_min", "salary_max"]].fillna(-1).drop_duplicates()) > 1, copies
    assert len(split) <= 0.01 * len(frame)
