"""How often the place resolver is right on tests/places/cases.csv, and how fast it is.

    python benchmarks/places_accuracy.py            # accuracy per set, wrong answers, refusals
    python benchmarks/places_accuracy.py --quiet    # figures only

Prints, per set, right / wrong / wrong province / refused, then every wrong answer and every
refusal that should have been an answer, then the CPU time per call (median of 5 passes over all
cases; timing on a shared machine is noisy, the counts are not).
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script

from places import Gazetteer, PlaceError
from tests.places.scoring import Score, generated_cases, read_cases, score


def report(result: Score) -> None:
    print(
        f"{'set':<28}{'cases':>6}{'right':>7}{'wrong':>7}{'wrong prov.':>12}{'refused':>9}{'right %':>9}"
    )
    groups = [
        ("peer + company, unique county", ("peer", "company"), True),
        ("peer + company, other", ("peer", "company"), False),
        ("renamed", ("renamed",), None),
        ("sign-up, unique county", ("signup",), True),
        ("sign-up, other", ("signup",), False),
    ]
    for label, sets, county in groups:
        c = Score.counts(result.of(*sets, county=county))
        share = 100 * c["right"] / c["cases"] if c["cases"] else 0
        print(
            f"{label:<28}{c['cases']:>6}{c['right']:>7}{c['wrong']:>7}{c['wrong province']:>12}"
            f"{c['refused']:>9}{share:>8.1f}%"
        )


def details(result: Score) -> None:
    wrong = [o for o in result.outcomes if not o.right and not o.refused]
    refused = [o for o in result.outcomes if not o.right and o.refused]
    missed = [o for o in result.outcomes if not o.right and o.case.expected_code == ""]
    print(f"\nwrong answers ({len(wrong)}):")
    for o in wrong:
        flag = "" if o.province_ok else "  [wrong province]"
        print(
            f"  [{o.case.set}] {o.case.text!r}: {o.answer} ({o.code}), expected "
            f"{o.case.expected_name or 'a refusal'}{flag}"
        )
    print(f"\nrefused, expected an answer ({len(refused)}):")
    for o in refused:
        print(f"  [{o.case.set}] {o.case.text!r}: {o.answer}; expected {o.case.expected_name}")
    print(f"\nanswered, expected a refusal ({len(missed)}): see wrong answers above")


def speed(texts: list[str], *, repeated: bool) -> float:
    """CPU µs per call, median of 5 passes; the answer cache is cleared before each pass unless
    `repeated` (rosters and postings repeat their places, so most real calls hit the cache)."""
    gazetteer = Gazetteer.default()
    passes = []
    for _ in range(5):
        if not repeated:
            gazetteer._cached.cache_clear()
        start = time.process_time()
        for text in texts:
            with contextlib.suppress(PlaceError):
                gazetteer.resolve(text)
        passes.append((time.process_time() - start) / len(texts) * 1e6)
    return statistics.median(passes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quiet", action="store_true", help="figures only")
    args = parser.parse_args()
    start = time.perf_counter()
    Gazetteer.default()
    print(f"gazetteer loaded in {time.perf_counter() - start:.2f} s")
    cases = read_cases()
    result = score(cases)
    report(result)
    if not args.quiet:
        details(result)
    print("\ngenerated: every county-level division in six forms (tests/places/scoring.py)")
    generated = score(generated_cases())
    print(f"{'form':<28}{'cases':>6}{'right':>7}{'wrong':>7}{'wrong prov.':>12}{'refused':>9}")
    for form in dict.fromkeys(c.set for c in generated_cases()):
        c = Score.counts(generated.of(form))
        print(
            f"{form:<28}{c['cases']:>6}{c['right']:>7}{c['wrong']:>7}{c['wrong province']:>12}"
            f"{c['refused']:>9}"
        )
    texts = [c.text for c in cases]
    print(
        f"\nCPU time per call over {len(texts)} texts (median of 5 passes): "
        f"{speed(texts, repeated=False):.0f} µs the first time, "
        f"{speed(texts, repeated=True):.1f} µs repeated"
    )


if __name__ == "__main__":
    main()
