"""Measuring a Step click as the student's browser sees it (used by bench_browser.py and the
end-to-end tests): click to settled page, the renderer's main-thread time, the bytes the rerun
sends over the websocket.

``Probe(page)`` attaches a Chrome DevTools Protocol session to a Playwright page:
- main-thread time = the change of ``Performance.getMetrics``' TaskDuration (every task the
  renderer's main thread ran: script, style, layout, paint) over the click;
- bytes = the sum of the websocket frames received meanwhile (Streamlit's deltas, binary
  protobuf, reported base64-encoded by CDP);
- settled = the page shows "Step n" for the new n and Streamlit's status widget is gone.
"""
from __future__ import annotations

import base64
import time

STEP_SHOWN = """(n) => [...document.querySelectorAll('[data-testid="stMarkdownContainer"] strong')]
    .some(s => s.textContent.trim().startsWith(`Step ${n}`))"""
# Click, then poll every 5 ms in the page until the condition holds and Streamlit is idle,
# then until the page has painted and gone quiet (charts draw after the DOM update: three
# animation frames in a row each under 30 ms); resolves to the milliseconds from the click to
# the first quiet frame (performance.now(), no round trip to Python).
CLICK_AND_WAIT = """async ([key, condition, arg, timeoutMs]) => {
  const done = eval(condition);
  const idle = () => !document.querySelector('[data-testid="stStatusWidget"]');
  const btn = document.querySelector(`.st-key-${key} [data-testid^=stBaseButton]`);
  if (!btn) throw new Error(`no button with key ${key}`);
  const t0 = performance.now();
  btn.click();
  await new Promise((resolve, reject) => {
    const check = () => {
      if (done(arg) && idle()) resolve();
      else if (performance.now() - t0 > timeoutMs) reject(new Error(`${key}: not settled`));
      else setTimeout(check, 5);
    };
    setTimeout(check, 5);
  });
  const frame = () => new Promise(r => requestAnimationFrame(() => r(performance.now())));
  let last = await frame(), quietSince = last, quiet = 0;
  while (quiet < 3 && performance.now() - t0 < timeoutMs) {
    const now = await frame();
    if (now - last < 30) { if (quiet === 0) quietSince = last; quiet += 1; } else quiet = 0;
    last = now;
  }
  return quietSince - t0;
}"""


class Probe:
    """CDP metrics of one page; ``step(n)`` clicks Step and measures until step n is shown."""

    def __init__(self, page):
        self.page = page
        self.cdp = page.context.new_cdp_session(page)
        self.cdp.send("Performance.enable")
        self.cdp.send("Network.enable")
        self.received = 0
        self.cdp.on("Network.webSocketFrameReceived", self._frame)

    def _frame(self, event) -> None:
        payload = event["response"]["payloadData"]
        opcode = event["response"].get("opcode", 2)
        self.received += len(base64.b64decode(payload)) if opcode == 2 else len(payload)

    def task_seconds(self) -> float:
        metrics = self.cdp.send("Performance.getMetrics")["metrics"]
        return next(m["value"] for m in metrics if m["name"] == "TaskDuration")

    def click(self, key: str, condition: str, arg, timeout_s: float = 120.0) -> dict:
        """Click the button whose widget key is ``key``; wait until ``condition(arg)`` (a JS
        function's source) holds and the app is idle; the click's figures."""
        bytes0, task0 = self.received, self.task_seconds()
        settle_ms = self.page.evaluate(CLICK_AND_WAIT, [key, condition, arg, timeout_s * 1000])
        time.sleep(0.1)                   # paint and frames of the same rerun still in flight
        return dict(settle_ms=settle_ms, main_ms=(self.task_seconds() - task0) * 1000,
                    kib=(self.received - bytes0) / 1024)

    def step(self, n: int, key: str = "insp_step1", timeout_s: float = 120.0) -> dict:
        """Press Step; figures until "Step n" is shown and the app is idle."""
        return self.click(key, STEP_SHOWN, n, timeout_s)
