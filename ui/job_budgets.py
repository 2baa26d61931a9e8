"""The server's budgets of training jobs (ui.training_job): per client, per server, per job.

- one running job per client, a client being a browser: its tabs are separate sessions but
  send the same ``_streamlit_xsrf`` cookie, whose token Streamlit keeps for the browser's
  lifetime (it re-masks the cookie's text on every response, so the token is compared,
  ``client_key``). Not the IP address: a hall may sit behind one NAT address; not deploy/'s
  ``w2v_replica`` cookie, which names a replica. A second tab's Train click is refused
  with the running job named and a Stop button for it. Without the cookie (XSRF protection
  off, AppTest) each session counts as its own client;
- at most ``MAX_JOBS`` jobs at once on the server (one per core: a job keeps a core busy);
  a further Train click gets "the server is busy";
- ``JOB_CPU_SECONDS`` of CPU per job: a run whose estimated work (``w2v_core.train.work``)
  exceeds it is refused before training, saying what to lower, and a running job stops
  when its thread's CPU time passes it (the estimate can be off by a factor of 2). 120 s,
  so that every preset at the page's defaults (any output layer) is estimated under 6 s,
  and at the page's largest N, window, k and epochs (300, 10, 20, 200) with sample 1e-3 a
  skip-gram with negative sampling on the large generated preset takes about 90 s and
  hierarchical softmax 36 s; refused are, e.g., the same with sample 0 (about 180 s) or with
  full softmax (8 min), and long texts of a student's own at such settings;
- one BLAS thread per job (threadpoolctl): full softmax's matrix products would otherwise
  take a second core, and the job's CPU time would not count it. The limit is process-wide
  (OpenBLAS keeps one thread count), so it is held while any job runs;
- a job whose session is gone stops (``training_job.SessionWatch``).
"""
from __future__ import annotations

import binascii
import hashlib
import os
import threading

from threadpoolctl import threadpool_limits

MAX_JOBS = max(1, os.cpu_count() or 1)   # trainings at once on one server
JOB_CPU_SECONDS = 120.0                  # CPU time one training may use (see above)
XSRF_COOKIE = "_streamlit_xsrf"          # Streamlit's cookie, one token per browser


def client_key(cookies) -> str | None:
    """Who the browser is, from its cookies: a hash of the token of Streamlit's XSRF cookie
    ("2|mask|token XOR mask|time", the mask new on every response), None without one.

    >>> one, two = "2|00000000|0a0b|1", "2|01010101|0b0a|1"     # one token, two masks
    >>> client_key({XSRF_COOKIE: one}) == client_key({XSRF_COOKIE: two}) != client_key({})
    True
    """
    value = str(cookies.get(XSRF_COOKIE) or "").strip("\"'")
    parts = value.split("|")
    try:
        if len(parts) == 4 and parts[0] == "2":
            mask, masked = binascii.a2b_hex(parts[1]), binascii.a2b_hex(parts[2])
            token = bytes(b ^ mask[i % 4] for i, b in enumerate(masked)) if mask else masked
        else:
            token = value.encode("latin-1")
    except (binascii.Error, ValueError, UnicodeEncodeError):
        token = value.encode("utf-8", "replace")
    return "browser-" + hashlib.sha256(token).hexdigest()[:16] if token else None


class ServerBusy(Exception):
    """Every job slot of the server is taken."""


class ClientBusy(Exception):
    """This browser runs a job already (``.job``, in another tab)."""

    def __init__(self, job: "TrainingJob"):
        super().__init__(job.corpus_name)
        self.job = job


class JobSlots:
    """At most ``limit`` jobs running at once, and one per client, shared by every session
    of the server."""

    def __init__(self, limit: int):
        self.limit = limit
        self._lock = threading.Lock()
        self._running: set = set()

    def take(self, job) -> None:
        """Count ``job`` in, or raise ClientBusy (its client runs one) or ServerBusy."""
        with self._lock:
            mine = self._of(job.client)
            if mine is not None:
                raise ClientBusy(mine)
            if len(self._running) >= self.limit:
                raise ServerBusy
            self._running.add(job)

    def give_back(self, job) -> None:
        with self._lock:
            self._running.discard(job)

    def _of(self, client):
        """The running job of ``client`` (None: not counted per client), or None."""
        return next((j for j in self._running if client is not None and j.client == client),
                    None)

    def __len__(self) -> int:
        with self._lock:
            return len(self._running)


SLOTS = JobSlots(MAX_JOBS)


class _OneBlasThread:
    """BLAS limited to one thread while any job runs (the limit is per process)."""

    def __init__(self):
        self._lock, self._users, self._limiter = threading.Lock(), 0, None

    def __enter__(self):
        with self._lock:
            if self._users == 0:
                self._limiter = threadpool_limits(limits=1, user_api="blas")
            self._users += 1

    def __exit__(self, *exc):
        with self._lock:
            self._users -= 1
            if self._users == 0:
                self._limiter.restore_original_limits()


ONE_BLAS_THREAD = _OneBlasThread()


