"""The charts as viewers with a colour-vision deficiency see them: screenshots to look at.

One `streamlit run app.py` server and one headless Chromium at 1280 x 720; for each chart
below, a screenshot with normal vision and with Chromium's simulated deuteranopia and
protanopia (CDP Emulation.setEmulatedVisionDeficiency). Nothing is asserted: a person opens
the pictures and checks that the categories a chart tells apart by colour (signs of the
weights, the HS path, the loss before and after, the three output layers) stay apart.
Writes test-artifacts/colour_vision/<chart>_<vision>.png and prints their paths.
Run: python bench/colour_vision.py
"""
from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests" / "e2e"))
sys.path.insert(0, str(HERE.parent))

from playwright.sync_api import sync_playwright  # noqa: E402

from e2e_helpers import ARTIFACTS, CHART, CHROMIUM, CHROMIUM_ARGS, PROJECTOR, serve, settle  # noqa: E402

OUT = ARTIFACTS / "colour_vision"
CHARTS = {            # name -> (address, which chart of the page)
    "network": ("step_inspector?corpus=eat_drink&eta=0.1x3&panel=Network", 0),
    "loss": ("step_inspector?corpus=eat_drink&eta=0.1x30&panel=Loss", 0),
    "hs_tree": ("hierarchical_softmax?corpus=eat_drink&eta=0.1x3", 0),
    "three_outputs_EH": ("three_outputs?corpus=eat_drink&eta=0.1x3", 1),
}
VISIONS = ("none", "deuteranopia", "protanopia")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with serve() as (url, _), sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport=PROJECTOR)
        cdp = page.context.new_cdp_session(page)
        for name, (address, nth) in CHARTS.items():
            page.goto(f"{url}/{address}")
            page.locator(CHART).first.wait_for()
            settle(page)
            page.wait_for_timeout(1500)                       # Plotly's first draw
            chart = page.locator(CHART).nth(nth)
            chart.scroll_into_view_if_needed()
            for vision in VISIONS:
                cdp.send("Emulation.setEmulatedVisionDeficiency", {"type": vision})
                page.wait_for_timeout(300)
                path = OUT / f"{name}_{vision}.png"
                chart.screenshot(path=str(path))
                print(path)
        browser.close()


if __name__ == "__main__":
    main()
