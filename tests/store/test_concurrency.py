"""Several writers at once against one database: no registration lost or doubled, and an import
that breaks half-way leaves nothing behind."""

import threading

import pytest

from intake.identity import id_check_char
from routing.model import Employer, Place, Worker
from store import plans, workers

HOME = Place("河南省周口市郸城县", 33.64, 115.18)
WRITERS, OWN, SHARED = 8, 40, 10


def id_number(n: int) -> str:
    first17 = f"411625199001{n:05d}"
    return first17 + id_check_char(first17)


def worker(n: int, employer: str) -> Worker:
    return Worker(n, f"w{n}", id_number(n), "13800138000", HOME, employer)


def run_together(jobs) -> list[BaseException]:
    errors: list[BaseException] = []
    start = threading.Barrier(len(jobs))

    def run(job):
        start.wait()
        try:
            job()
        except BaseException as error:  # collected and asserted below
            errors.append(error)

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_concurrent_employers_lose_and_double_no_one(engine):
    names = [f"公司{k}" for k in range(WRITERS)]
    workers.save_employers(engine, [Employer(n, Place("郑州高新区", 34.81, 113.56)) for n in names])
    shared = [worker(90_000 + k, "公司0") for k in range(SHARED)]  # everyone uploads these too

    def employer_job(k: int):
        own = [worker(k * 1000 + i + 1, names[k]) for i in range(OWN)]
        return lambda: workers.register_workers(engine, own + shared, by=names[k])

    errors = run_together([employer_job(k) for k in range(WRITERS)])
    assert errors == []
    stored = workers.list_workers(engine)
    assert len(stored) == WRITERS * OWN + SHARED
    assert len({w.id_number for w in stored}) == len(stored)


def test_publishing_while_employers_register(engine):
    workers.save_employers(engine, [Employer("甲", Place("郑州高新区", 34.81, 113.56))])
    draft = plans.save_plan(engine, {"schema": "fanggang.plan/1", "trips": []}, by="planner")
    jobs = [lambda: plans.publish_plan(engine, draft.id, by="planner")]
    jobs += [
        lambda k=k: workers.register_workers(engine, [worker(k, "甲")], by="甲")
        for k in range(1, 6)
    ]
    assert run_together(jobs) == []
    assert plans.get_plan(engine, draft.id).status == "published"
    assert workers.count_workers(engine) == 5


def test_an_import_interrupted_half_way_stores_nothing(engine):
    workers.save_employers(engine, [Employer("甲", Place("郑州高新区", 34.81, 113.56))])

    def roster():
        for n in range(1, 11):
            if n == 6:
                raise ConnectionError("upload interrupted")
            yield worker(n, "甲")

    with pytest.raises(ConnectionError):
        workers.register_workers(engine, roster(), by="甲")
    assert workers.count_workers(engine) == 0
