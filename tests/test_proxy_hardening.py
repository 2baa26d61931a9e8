"""deploy/ in a hostile or unlucky hall: supervision, fallback, memory ceiling, limits, headers.

- A replica killed with SIGKILL while students click is serving again (/_stcore/health on its
  own port) within 10 s; the other replica's students see no error meanwhile; a student whose
  cookie names the dead replica gets a page from a live one, and a new cookie.
- A replica whose memory passes its ceiling (-m MB) is killed and restarted; the other
  replica, nginx and their students are untouched (a runaway session costs one replica).
- nginx exiting stops everything (nothing would reach the replicas).
- Every response forbids framing by another site and MIME sniffing.
- The frontend's files (Streamlit's /static/, the app's /app/static/) come from nginx itself,
  the same bytes, cached for a year where Streamlit says so; no replica is asked for them.
- Upload PUTs: one session may PUT a burst of files, then is refused (429): Streamlit keeps
  every file a session PUTs, under ids the client makes up, until the session ends. Bodies up
  to 41 MB pass on the upload path (the app's largest lab file is 40 MB), other paths take 1 MB;
  Streamlit itself refuses a PUT past the app's largest file (server.maxUploadSize), also one
  that skips nginx.
- One address may hold a hall's worth of connections (the limit in the template, at least
  600: 300 students behind one NAT, 2 each) and no more; a burst of new sessions or page
  loads past the template's burst is refused with 429, while a student already in clicks on.
- A 15 MB lab file restores through the proxy in Chromium (nginx used to answer 413).
Skipped when nginx is not installed; the browser test also when Chromium is missing.
"""
import asyncio
import http.client
import os
import re
import selectors
import shutil
import signal
import socket
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "bench"), str(ROOT / "tests" / "e2e")]
from e2e_helpers import CHROMIUM, CHROMIUM_ARGS, new_page, no_exception, settle  # noqa: E402
from hall_replicas import gone, kill_replica, serve_replicas, wait_healthy  # noqa: E402
from load_client import Student, run_apart  # noqa: E402
import streamlit  # noqa: E402
from ui import kept_chart  # noqa: E402
from ui.keep import LAB_UPLOAD_MB  # noqa: E402   (the largest cap an uploader sets, in the browser)
from w2v_core.lab.saved import MAX_FILE_BYTES  # noqa: E402   (the largest lab file the app takes)

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(shutil.which("nginx") is None,
                                 reason="nginx is not installed (Debian: apt-get install nginx-light)")]
TEMPLATE = (ROOT / "deploy" / "nginx.conf.template").read_text()
BACK_WITHIN = 10.0                 # s: a killed replica answers again within this
MiB = 2**20
STREAMLIT_FILES = Path(streamlit.__file__).parent / "static" / "static"   # served as /static/


def template_number(pattern: str, default: int) -> int:
    """A limit as the template sets it: the tests follow the template, not a copy of it (the
    default, where it sets none, is what the test then expects of it)."""
    m = re.search(pattern, TEMPLATE)
    return int(m[1]) if m else default


@pytest.fixture(scope="module")
def hall():
    with serve_replicas(2) as h:
        yield h


def get(url: str, cookie: str = "", data: bytes | None = None):
    """(status, headers, body) of one request; HTTP errors are answers too."""
    request = urllib.request.Request(url, data=data, headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.urlopen(request, timeout=30) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read()


def put_file(base: str, student: Student, data: bytes, file_id: str | None = None) -> int | None:
    """PUT `data` into the student's session's upload store as the frontend does (multipart,
    XSRF header and cookie); the status, or None when the connection broke."""
    boundary = uuid.uuid4().hex
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; "
            f"filename=\"lab.npz\"\r\nContent-Type: application/octet-stream\r\n\r\n").encode() \
        + data + f"\r\n--{boundary}--\r\n".encode()
    xsrf = student.cookie("_streamlit_xsrf")
    cookie = "; ".join(f"{c.name}={c.value}" for c in student.cookies)
    request = urllib.request.Request(
        f"{base}/_stcore/upload_file/{student.session_id}/{file_id or uuid.uuid4()}", data=body,
        method="PUT", headers={"Content-Type": f"multipart/form-data; boundary={boundary}",
                               "X-Xsrftoken": xsrf, "Cookie": cookie})
    try:
        with urllib.request.urlopen(request, timeout=60) as r:
            return r.status
    except urllib.error.HTTPError as err:
        return err.code
    except OSError:
        return None


def put_length(base: str, student: Student, length: int) -> int:
    """The status of an upload PUT that announces `length` bytes and sends none of them: a
    size refused on the Content-Length alone (the body is never read)."""
    conn = http.client.HTTPConnection(base.split("//")[1], timeout=30)
    conn.putrequest("PUT", f"/_stcore/upload_file/{student.session_id}/{uuid.uuid4()}")
    xsrf = student.cookie("_streamlit_xsrf")
    for name, value in (("Content-Type", "multipart/form-data; boundary=b"),
                        ("Content-Length", str(length)), ("X-Xsrftoken", xsrf),
                        ("Cookie", "; ".join(f"{c.name}={c.value}" for c in student.cookies))):
        conn.putheader(name, value)
    conn.endheaders()
    try:
        return conn.getresponse().status
    finally:
        conn.close()


# ---- supervision and fallback -------------------------------------------------------------------
async def _click_on(students, log, stop):
    """Each student presses Step every 0.3 s until `stop`; log gets (student, Click or error)."""
    while not stop.is_set():
        for s in students:
            try:
                log.append((s, await s.click("Step")))
            except Exception as err:          # noqa: BLE001 (the test reads them all)
                log.append((s, err))
        await asyncio.sleep(0.3)


async def _kill_while_clicking(h):
    students = [Student(h.url, timeout=60) for _ in range(6)]     # 3 on each replica
    for s in students:
        await s.open()
    try:
        on = {name: [s for s in students if s.cookie("w2v_replica") == name] for name in h.replicas}
        assert on["r0"] and on["r1"], {n: len(v) for n, v in on.items()}
        log, stop = [], asyncio.Event()
        clicking = asyncio.create_task(_click_on(on["r1"], log, stop))
        while len(log) < 2 * len(on["r1"]):
            await asyncio.sleep(0.05)
        killed = await asyncio.to_thread(kill_replica, h, "r0")

        # pinned to the dead replica: a page from a live one, and a cookie naming it
        status, headers, body = await asyncio.to_thread(
            get, f"{h.url}/step_inspector", "w2v_replica=r0")
        assert status == 200 and b"<html" in body.lower()
        assert headers["X-W2V-Replica"] == "r1"
        assert any(c.startswith("w2v_replica=r1;") for c in headers.get_all("Set-Cookie"))
        victim = on["r0"][0]            # its websocket dropped: it reconnects, as a browser does
        await victim.reconnect()
        assert victim._ws.response.headers["X-W2V-Replica"] == "r1"
        assert victim._ws.response.headers["Set-Cookie"].startswith("w2v_replica=r1;")
        back = await asyncio.to_thread(wait_healthy, h.replica_url("r0"), killed, 30)
        print(f"the killed replica answered again after {back:.2f} s")
        await asyncio.sleep(1.0)                  # the survivors click on a while longer
        stop.set()
        await clicking
        assert back < BACK_WITHIN, f"the killed replica answered again after {back:.1f} s"
        errors = [(s.session_id, c) for s, c in log if isinstance(c, Exception) or c.exceptions]
        assert not errors
        for s in on["r1"]:              # every click counted, one step each, in the same session
            steps = [c.step for t, c in log if t is s]
            assert steps == list(range(steps[0], steps[0] + len(steps))) and len(steps) >= 3

        # the restarted replica serves its cookie's students again, through nginx
        late = Student(h.url, timeout=60)
        late.cookies = on["r0"][0].cookies
        await late.open()
        assert late._ws.response.headers["X-W2V-Replica"] == "r0"
        assert (await late.click("Step")).step == 1
        await late.close()
    finally:
        for s in students:
            await s.close()


def test_a_killed_replica_is_back_within_10_s_and_the_others_students_see_no_error():
    with serve_replicas(2) as h:
        run_apart(_kill_while_clicking(h))
        assert h.proc.poll() is None and not gone(h.replicas["r1"][0]) and not gone(h.nginx_pid)
        assert any(re.match(r"replica r0: .*restarted", line) for line in h.output), h.output


async def _runaway(h, ceiling_mb):
    bystander, runaway = Student(h.url, timeout=60), Student(h.url, timeout=60)
    await bystander.open()
    await runaway.open()
    try:
        on = {s.cookie("w2v_replica"): s for s in (bystander, runaway)}
        assert sorted(on) == ["r0", "r1"]
        runaway, bystander = on["r0"], on["r1"]
        # Direct to the replica, past nginx's rate limits: what a session that PUTs slowly
        # for long enough piles up. Each file stays in the replica's memory.
        statuses = []
        for _ in range(3 * ceiling_mb // 40):
            statuses.append(await asyncio.to_thread(
                put_file, h.replica_url("r0"), runaway, b"\0" * MAX_FILE_BYTES))
            if statuses[-1] is None:
                break
        assert statuses[-1] is None, f"{len(statuses)} files of 40 MB were kept: {statuses}"
        assert gone(h.replicas["r0"][0])
        await asyncio.to_thread(wait_healthy, h.replica_url("r0"), time.perf_counter(), 30)
        assert (await bystander.click("Step")).step == 1          # the other replica: untouched
        assert not gone(h.replicas["r1"][0]) and not gone(h.nginx_pid)
    finally:
        await bystander.close()
        await runaway.close()


def test_a_replica_over_its_memory_ceiling_is_restarted_and_the_others_are_untouched():
    ceiling_mb = 800
    with serve_replicas(2, "-m", str(ceiling_mb)) as h:
        run_apart(_runaway(h, ceiling_mb))
        assert any(re.search(r"replica r0: .*memory", line) for line in h.output), h.output


def test_nginx_exiting_stops_everything():
    with serve_replicas(1) as h:
        os.kill(h.nginx_pid, signal.SIGTERM)      # (SIGKILL would leave its workers serving)
        assert h.proc.wait(timeout=60) != 0
        assert not h.run_dir.exists()
        assert not [pid for pid in h.pids if Path(f"/proc/{pid}").exists()]


# ---- headers and bodies -------------------------------------------------------------------------
def test_every_response_forbids_framing_by_other_sites_and_sniffing(hall):
    for path in ("/", "/step_inspector", "/_stcore/health", "/no/such/page", "/_stcore/nothing",
                 *_frontend_files(hall.url)):
        status, headers, _ = get(hall.url + path)
        assert headers["X-Frame-Options"] == "SAMEORIGIN", path
        assert headers["Content-Security-Policy"] == "frame-ancestors 'self'", path
        assert headers.get_all("X-Content-Type-Options") == ["nosniff"], path


def _frontend_files(url: str) -> tuple[str, str]:
    """The paths of the page's entry script (Streamlit's /static/) and of plotly.js (the app's
    /app/static/)."""
    _, _, page = get(url + "/")
    entry = re.search(r'src="\./(static/js/index\.[^"]+\.js)"', page.decode()).group(1)
    return "/" + entry, f"/app/static/{kept_chart.PLOTLY_JS}"


def test_the_frontends_files_come_from_nginx_itself_not_from_a_replica(hall):
    entry, plotly_js = _frontend_files(hall.url)
    status, headers, body = get(hall.url + entry)
    assert status == 200 and "X-W2V-Replica" not in headers        # no replica was asked
    assert body == (STREAMLIT_FILES / entry.removeprefix("/static/")).read_bytes()
    assert headers["Content-Type"] == "application/javascript"
    assert headers["Cache-Control"] == "public, immutable, max-age=31536000"
    status, headers, body = get(hall.url + plotly_js)
    assert status == 200 and "X-W2V-Replica" not in headers
    assert headers["Content-Type"] == "application/javascript"
    assert body == (ROOT / "static" / kept_chart.PLOTLY_JS).read_bytes()
    assert get(hall.url + entry, data=b"x")[0] == 403                # GET and HEAD only
    assert get(hall.url + "/static/")[0] == 403                      # no listing
    assert get(hall.url + "/static/js/no-such-file.js")[0] == 404


async def _put_burst(url, extra):
    s, other = Student(url, timeout=60), Student(url, timeout=60)
    await s.open()
    await other.open()
    try:
        burst = template_number(r"limit_req zone=w2v_session_puts burst=(\d+)", 10)
        statuses = [await asyncio.to_thread(put_file, url, s, b"x" * 1000)
                    for _ in range(burst + 1 + extra)]
        assert statuses[:burst + 1] == [204] * (burst + 1)
        assert statuses[burst + 1:] == [429] * extra
        assert await asyncio.to_thread(put_file, url, other, b"x") == 204   # another session may
    finally:
        await s.close()
        await other.close()


def test_a_session_putting_files_under_made_up_ids_is_refused_after_its_burst(hall):
    run_apart(_put_burst(hall.url, extra=3))


async def _bodies(url):
    s = Student(url, timeout=60)
    await s.open()
    try:
        assert await asyncio.to_thread(put_file, url, s, b"\0" * MAX_FILE_BYTES) == 204  # largest
        assert await asyncio.to_thread(put_length, url, s, 42 * MiB) == 413
    finally:
        await s.close()
    assert get(f"{url}/_stcore/health", data=b"x" * (2 * MiB))[0] == 413


def test_uploads_take_41_mb_and_other_paths_1_mb(hall):
    run_apart(_bodies(hall.url))


async def _direct(h):
    s = Student(h.url, timeout=60)
    await s.open()
    try:
        replica = h.replica_url(s.cookie("w2v_replica"))           # past nginx
        assert await asyncio.to_thread(put_file, replica, s, b"\0" * MAX_FILE_BYTES) == 204
        assert await asyncio.to_thread(put_length, replica, s, LAB_UPLOAD_MB * MiB + 1) == 413
    finally:
        await s.close()


def test_streamlit_itself_refuses_a_put_past_the_apps_largest_file(hall):
    config = (ROOT / ".streamlit" / "config.toml").read_text()
    assert int(re.search(r"(?m)^maxUploadSize = (\d+)$", config)[1]) == LAB_UPLOAD_MB
    assert MAX_FILE_BYTES <= LAB_UPLOAD_MB * MiB
    run_apart(_direct(hall))


# ---- limits per address -------------------------------------------------------------------------
def _hold_connections(url, n):
    """n requests whose body never comes (nginx counts them as connections in use); returns
    (the sockets nginx keeps waiting on, how many it refused with 429, all the sockets)."""
    host, port = url.rsplit("/", 1)[1].split(":")
    socks, refused = [], 0
    sel = selectors.DefaultSelector()
    for _ in range(n):
        s = socket.create_connection((host, int(port)))
        s.sendall(b"POST /_stcore/health HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n")
        socks.append(s)
        sel.register(s, selectors.EVENT_READ)
    deadline = time.monotonic() + 5
    answered = set()
    while time.monotonic() < deadline:
        for key, _ in sel.select(timeout=0.5):
            answered.add(key.fileobj)
            sel.unregister(key.fileobj)
            refused += key.fileobj.recv(64).startswith(b"HTTP/1.1 429")
    sel.close()
    return [s for s in socks if s not in answered], refused, socks


def test_one_address_holds_a_halls_worth_of_connections_and_no_more():
    limit = template_number(r"limit_conn w2v_conn (\d+);", 1000)
    assert limit >= 600                            # 300 students behind one NAT, 2 each
    with serve_replicas(1) as h:
        waiting, refused, socks = _hold_connections(h.url, limit + 20)
        try:
            assert (len(waiting), refused) == (limit, 20)
            assert get(f"{h.url}/_stcore/health")[0] == 429      # full: refused at once
        finally:
            for s in socks:
                s.close()
        deadline = time.monotonic() + 10
        while get(f"{h.url}/_stcore/health")[0] != 200:       # nginx notices the closes
            assert time.monotonic() < deadline
            time.sleep(0.1)


def _statuses(url, path, n, threads=8):
    """Statuses of n GETs of `path`, sent as fast as `threads` keep-alive connections go,
    and the seconds they took."""
    host, lock, statuses = url.rsplit("/", 1)[1], threading.Lock(), []

    def send(count):
        conn = http.client.HTTPConnection(host, timeout=30)
        for _ in range(count):
            conn.request("GET", path)
            r = conn.getresponse()
            r.read()
            with lock:
                statuses.append(r.status)
            if r.will_close:
                conn.close()
                conn = http.client.HTTPConnection(host, timeout=30)
        conn.close()

    start = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(send, [n // threads + (i < n % threads) for i in range(threads)]))
    return statuses, time.perf_counter() - start


async def _burst_while_a_student_clicks(url, path, burst, rate):
    s = Student(url, timeout=60)
    await s.open()                                      # takes one request of the burst
    try:
        assert (await s.click("Step")).step == 1
        sent = burst + burst // 2
        statuses, seconds = await asyncio.to_thread(_statuses, url, path, sent)
        refused = statuses.count(429)
        assert sent - refused >= burst - 1              # a whole hall may arrive at once
        # the rest is refused, but for what the rate let in meanwhile
        assert 0 < refused >= sent - burst - rate * seconds - 1, (refused, seconds)
        assert (await s.click("Step")).step == 2        # who is in clicks on
    finally:
        await s.close()


@pytest.mark.parametrize("path, zone", [("/_stcore/stream", "w2v_sessions"),
                                        ("/step_inspector", "w2v_pages")])
def test_a_burst_of_new_sessions_or_page_loads_from_one_address_is_refused(path, zone):
    burst = template_number(rf"limit_req zone={zone} burst=(\d+)", 300)
    rate = template_number(rf"zone={zone}:\S+ rate=(\d+)r/s", 10)
    with serve_replicas(1) as h:
        run_apart(_burst_while_a_student_clicks(h.url, path, burst, rate))


# ---- a real lab file through the proxy, in a browser --------------------------------------------
def lab_file(path: Path) -> int:
    """A valid lab of about 15 MB (V = 10,000, N = 96, random vectors: they do not compress),
    as the app saves it; returns its size in bytes."""
    from w2v_core.lab import Cursor, Lab, LabSettings
    from w2v_core.lab.saved import save_lab
    rng = np.random.default_rng(0)
    V, N, tokens = 10_000, 96, 150_000
    ids = np.concatenate([np.arange(V), rng.integers(0, V, tokens - V)])
    rng.shuffle(ids)
    words = [f"w{i}" for i in ids]
    lab = Lab.from_text("\n".join(" ".join(words[i:i + 20]) for i in range(0, tokens, 20)),
                        LabSettings(dim=N))
    V = lab.vocab.size
    lab.restore(rng.normal(size=(V, N)), rng.normal(size=(V, N)), Cursor(1, 0, 0),
                rng.random((1000, 2)), lab.model.rng.bit_generator.state)
    path.write_bytes(save_lab(lab, "a 15 MB lab"))
    return path.stat().st_size


@pytest.mark.e2e
@pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"{CHROMIUM} is missing")
def test_a_15_mb_lab_restores_through_the_proxy_in_chromium(hall, tmp_path, playwright_session):
    path = tmp_path / "big_lab.npz"
    assert 15_000_000 <= lab_file(path) < 16_000_000
    browser = playwright_session.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    try:
        context, page = new_page(browser)
        page.goto(f"{hall.url}/training")
        page.get_by_role("heading", name=re.compile("Training")).first.wait_for()
        settle(page)
        uploader = page.locator('[data-testid="stFileUploader"]').filter(has_text="Restore a lab")
        with page.expect_response(lambda r: r.request.method == "PUT") as put:
            uploader.locator('input[type="file"]').set_input_files(str(path))
        assert put.value.status == 204                    # nginx used to answer 413
        uploader.get_by_role("button", name="Remove big_lab.npz", exact=True).wait_for()
        settle(page)
        page.get_by_role("button", name="Restore this lab").click()
        page.get_by_text(re.compile(r"Restored the lab from big_lab.npz: .*V = 10000")).wait_for()
        no_exception(page)
        context.close()
    finally:
        browser.close()
