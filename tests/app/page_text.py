"""What a page shows, as text, for assertions on AppTest runs."""

import re

ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")  # a markdown backslash escape of ASCII punctuation
TEXT_ELEMENTS = (
    "markdown",
    "caption",
    "header",
    "subheader",
    "error",
    "warning",
    "success",
    "info",
)


def displayed(markdown: str) -> str:
    """`markdown` as the reader sees it: `salary\\_min` is shown as `salary_min`."""
    return ESCAPED.sub(r"\1", markdown)


def texts(at) -> str:
    """Every text element of the page, as displayed."""
    return " ".join(displayed(str(e.value)) for kind in TEXT_ELEMENTS for e in getattr(at, kind))
