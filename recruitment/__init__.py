"""Recruitment: job-board exports and employers' hiring needs, pure code (no screen, no SQL).

readers -> normalize -> dedupe -> aggregate, chained by `report.build_report`; `needs` holds the
hiring-need record and its comparison with postings; `python -m recruitment summarize` is the
command line. See docs/recruitment.md.
"""
