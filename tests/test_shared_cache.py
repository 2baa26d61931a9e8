"""A hall of sessions asking for the same cached value at the same moment computes it once."""
import threading

from w2v_core.corpora import load_preset
from w2v_core.shared_cache import shared_cache


def test_threads_asking_at_once_compute_a_value_once():
    calls = []
    gate = threading.Barrier(8)

    @shared_cache(4)
    def slow(x):
        calls.append(x)
        threading.Event().wait(0.05)        # long enough for every thread to arrive meanwhile
        return x + 1

    def ask():
        gate.wait()
        assert slow(1) == 2

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert calls == [1]


def test_the_large_preset_is_read_once_for_a_hall():
    load_preset.cache_clear()
    texts, gate = [], threading.Barrier(6)

    def open_link():
        gate.wait()
        texts.append(load_preset("large_generated"))

    threads = [threading.Thread(target=open_link) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert load_preset.cache_info().misses == 1
    assert len(set(map(id, texts))) == 1         # one string, shared by every session
