"""Sessions starring at the same moment lose nothing: 20 threads x 200 toggles match a serial run."""

import random
import threading

from finder.favorites import new_list_id

THREADS, TOGGLES, STUDIOS = 20, 200, 5


def plans() -> list[list[int]]:
    """Each thread's fixed, seeded sequence of studio numbers to toggle."""
    return [[random.Random(1000 + thread).randrange(STUDIOS) for _ in range(TOGGLES)] for thread in range(THREADS)]


def test_concurrent_toggles_end_as_a_serial_run_does(store, make_studio):
    studios = [make_studio(number) for number in range(STUDIOS)]
    work = plans()

    serial = new_list_id()
    for plan in work:
        for number in plan:
            store.toggle(serial, studios[number])
    odd = {f"studio-{n}" for n in range(STUDIOS) if sum(plan.count(n) for plan in work) % 2}
    assert store.ids(serial) == odd

    concurrent = new_list_id()
    barrier = threading.Barrier(THREADS)
    returned: list[list[tuple[int, bool]]] = [[] for _ in range(THREADS)]
    errors: list[BaseException] = []

    def run(thread: int) -> None:
        try:
            barrier.wait()
            for number in work[thread]:
                returned[thread].append((number, store.toggle(concurrent, studios[number])))
        except BaseException as err:  # reported below, not lost in the thread
            errors.append(err)

    threads = [threading.Thread(target=run, args=(thread,)) for thread in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert store.ids(concurrent) == store.ids(serial)
    assert len(store.list(concurrent)) == len(odd)  # no duplicates
    # Every toggle flipped the state exactly once and said so: stars minus unstars is the end state.
    for number in range(STUDIOS):
        states = [state for results in returned for n, state in results if n == number]
        assert states.count(True) - states.count(False) == (f"studio-{number}" in odd)
