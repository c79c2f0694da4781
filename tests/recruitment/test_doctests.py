import doctest

import pytest

import recruitment.aggregate
import recruitment.columns
import recruitment.dedupe
import recruitment.locations
import recruitment.needs
import recruitment.normalize
import recruitment.normalize.keys
import recruitment.normalize.lists
import recruitment.normalize.postings
import recruitment.normalize.salary
import recruitment.readers


@pytest.mark.parametrize(
    "module",
    [
        recruitment.normalize,
        recruitment.normalize.salary,
        recruitment.normalize.keys,
        recruitment.normalize.lists,
        recruitment.normalize.postings,
        recruitment.readers,
        recruitment.dedupe,
        recruitment.aggregate,
        recruitment.needs,
        recruitment.locations,
        recruitment.columns,
    ],
)
def test_docstring_examples_hold(module):
    result = doctest.testmod(module)
    assert result.failed == 0
