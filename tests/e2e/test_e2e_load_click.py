"""The load bench's simulated click (bench/load_client.py) is the message Chromium sends.

Chromium opens /step_inspector and presses Step; the websocket frames it sends are decoded
as BackMsg and compared with what a load_client.Student sends on a fresh session of the same
server: the same page, fragment, widget values and the button's trigger. Context (time zone,
URL) and the cache's message hashes are left out: they describe the browser, not the click.
"""
import sys
from pathlib import Path

import pytest
from streamlit.proto.BackMsg_pb2 import BackMsg

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from load_client import Student, run_apart  # noqa: E402

from e2e_helpers import STEP_BUTTON, settle  # noqa: E402

pytestmark = pytest.mark.e2e


def _essence(back: BackMsg) -> dict:
    rerun = back.rerun_script
    widgets = {w.id: (w.WhichOneof("value"), getattr(w, w.WhichOneof("value")))
               for w in rerun.widget_states.widgets}
    return {"page_script_hash": rerun.page_script_hash, "page_name": rerun.page_name,
            "fragment_id": rerun.fragment_id, "widgets": widgets}


def _browser_reruns(app_server, page) -> list[dict]:
    frames = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda f: frames.append(f)))
    page.goto(f"{app_server}/step_inspector")
    settle(page)
    page.locator(STEP_BUTTON).click()
    page.get_by_text("Step 1 · epoch 1").wait_for()
    settle(page)
    sent = []
    for frame in frames:
        back = BackMsg()
        back.ParseFromString(frame if isinstance(frame, bytes) else frame.encode("latin-1"))
        if back.HasField("rerun_script"):
            sent.append(_essence(back))
    return sent


async def _client_reruns(app_server) -> list[dict]:
    student = Student(app_server)
    try:
        await student.open()
        return [_essence(student.open_message()), _essence(student.click_message("Step"))]
    finally:
        await student.close()


def test_simulated_open_and_click_are_the_messages_a_browser_sends(app_server, page):
    browser = _browser_reruns(app_server, page)
    client = run_apart(_client_reruns(app_server))      # Playwright holds this thread's loop
    assert len(browser) == 2, f"Chromium sent {len(browser)} reruns, expected open + click"
    assert client == browser
    click = client[1]
    assert click["fragment_id"] and click["page_script_hash"]
    assert sum(kind == "trigger_value" for kind, _ in click["widgets"].values()) == 1
