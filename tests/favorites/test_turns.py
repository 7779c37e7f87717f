"""Turns: a lock granted in the order it was asked for."""

import threading
import time

from finder.favorites.turns import Turns


def test_turns_are_granted_in_arrival_order():
    turns, order = Turns(), []
    turns.__enter__()  # held while the others queue up, one after another

    def wait_for_turn(number: int) -> None:
        with turns:
            order.append(number)

    threads = []
    for number in range(6):
        thread = threading.Thread(target=wait_for_turn, args=(number,))
        thread.start()
        threads.append(thread)
        time.sleep(0.05)  # this one is queued before the next arrives
    turns.__exit__(None, None, None)
    for thread in threads:
        thread.join(timeout=10)
    assert order == list(range(6))


def test_a_turn_is_given_back_when_the_holder_raises():
    turns = Turns()
    try:
        with turns:
            raise RuntimeError("the write failed")
    except RuntimeError:
        pass
    acquired = threading.Event()
    thread = threading.Thread(target=lambda: (turns.__enter__(), acquired.set(), turns.__exit__(None, None, None)))
    thread.start()
    thread.join(timeout=10)
    assert acquired.is_set()
