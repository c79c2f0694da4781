"""Places: address text -> the division of mainland China it names (county, zone, town, city), with
its current code, names at every level and coordinates, or a refusal listing the candidates.

    >>> from places import resolve
    >>> resolve("周口郸城县").code
    '411625'

Used by routing (worker origins, employer addresses) and recruitment (posting city and district).
It imports nothing else of ours.
"""

from places.gazetteer import Gazetteer
from places.model import Division, PlaceError


def resolve(text: str, *, within: str | None = None) -> Division:
    """Resolve `text` with the bundled gazetteer (loaded once). `within` is context (a province or
    prefecture such as "郑州市", or a posting's city) that breaks ties and lets zone aliases apply."""
    return Gazetteer.default().resolve(text, within=within)


__all__ = ["Division", "Gazetteer", "PlaceError", "resolve"]
