"""The app's own CSS, one rule set sent once per page run by app.py (static text: no user
input ever reaches it).

- Equations: a displayed equation wider than its column scrolls sideways, with a scrollbar
  that stays visible (Streamlit's own are transparent until hovered) and a shadow at the edge that has more (the "scroll shadows" of
  Lea Verou: two white covers scroll with the content and hide a shadow once its edge is
  reached); on a phone KaTeX's text is a little smaller.
- Phone (up to 640 px): the Step inspector's settings go below the step (its keyed
  container ``insp_settings``; its settings, buttons and metrics are horizontal containers,
  which wrap by themselves), any row of metrics in columns wraps two to a row instead of one
  per line, less space above the page. Charts are built on the server,
  which does not know the screen's width, for a laptop's: a phone draws them CHART_MIN_PX
  wide and scrolls them sideways (a visible scrollbar) rather than squeeze their words
  onto each other. The Hand-check sheet's tables keep room above them for their toolbar,
  so it never covers a table's title.
- The Network panel draws its diagram on a wide screen and a table of its neurons on a
  phone (the keyed chart ``insp_network``, the keyed container ``insp_net_narrow``); a live
  class's answer buttons (keys ``class_vote_*``) are tall and large, a thumb's target, and
  its votes chart (key ``class_votes``, short labels) takes the phone's width instead of
  scrolling.
  Here, not in the fragments that draw them: a student's screen is redrawn for every step
  of the class, and a style element sent with it each time costs the server for every
  screen of the hall.
- Presenter mode (``presenting=True``): the sidebar starts collapsed (app.py) and opens
  over the page instead of pushing it aside; every text of the main area at least 18 px.
"""
from __future__ import annotations

import streamlit as st

from ui import a11y

SETTINGS_KEY = "insp_settings"      # the Step inspector's settings block (pages/step_inspector.py)
PHONE = "(max-width: 640px)"        # Streamlit stacks columns below this width
CHART_MIN_PX = 800                  # a phone draws charts this wide and scrolls them sideways
PRESENTER_CHART_MIN_PX = 1200       # ... in presenter mode (the projector's width, its fonts)

# "local" covers scroll with the equation, "scroll" shadows stay at the box's edges
EQUATIONS = """
.katex-display { overflow-x: auto; overflow-y: hidden; padding: 0.2rem 0 0.35rem;
  background:
    linear-gradient(to right, #fff 30%, rgba(255,255,255,0)) left center / 2.5rem 100% no-repeat local,
    linear-gradient(to left, #fff 30%, rgba(255,255,255,0)) right center / 2.5rem 100% no-repeat local,
    radial-gradient(farthest-side at 0 50%, rgba(0,0,0,.28), rgba(0,0,0,0)) left center / 0.9rem 100% no-repeat scroll,
    radial-gradient(farthest-side at 100% 50%, rgba(0,0,0,.28), rgba(0,0,0,0)) right center / 0.9rem 100% no-repeat scroll; }
.katex-display { scrollbar-width: auto; scrollbar-color: #9e9e9e #ececec; }
.katex-display::-webkit-scrollbar { height: 9px; }
.katex-display::-webkit-scrollbar-thumb { background: #9e9e9e; border-radius: 5px; }
.katex-display::-webkit-scrollbar-track { background: #ececec; border-radius: 5px; }
"""

SHEET = """
[data-testid="stElementContainer"][class*="st-key-insp_sheet_"]:has([data-testid="stDataFrame"])
  { margin-top: 1.25rem; }
"""

NARROW = f"""
@media {PHONE} {{
  [data-testid="stMainBlockContainer"] {{ padding-top: 3.75rem; }}
  .katex-display > .katex {{ font-size: 1em; }}
  [data-testid="stLayoutWrapper"]:has(> .st-key-{SETTINGS_KEY}) {{ order: 1; }}
  [data-testid="stHorizontalBlock"]:has(> [data-testid="stColumn"] [data-testid="stMetric"]) {{
    flex-wrap: wrap; gap: 0.5rem; }}
  [data-testid="stHorizontalBlock"]:has(> [data-testid="stColumn"] [data-testid="stMetric"])
    > [data-testid="stColumn"] {{ min-width: 45% !important; flex: 1 1 45% !important; }}
  [data-testid="stMetricValue"] {{ font-size: 1.6rem; }}
  .st-key-insp_overview_net {{ display: none; }}
  [data-testid="stElementContainer"]:has(.w2v-chart, .stPlotlyChart) {{ overflow-x: auto;
    overflow-y: hidden; scrollbar-width: auto; scrollbar-color: #9e9e9e #ececec; }}
  .w2v-chart, [data-testid="stFullScreenFrame"]:has(> .stPlotlyChart) {{
    min-width: {CHART_MIN_PX}px; }}
  .st-key-insp_network {{ display: none; }}
  .st-key-class_votes .w2v-chart {{ min-width: 0; }}
}}
@media (min-width: 641px) {{ .st-key-insp_net_narrow {{ display: none; }} }}
[class*='st-key-class_vote_'] button {{ min-height: 3.6rem; justify-content: flex-start; }}
[class*='st-key-class_vote_'] button * {{ font-size: 1.15rem; text-align: left;
  justify-content: flex-start; }}
"""

# Presenter mode. Text: at least 18 px, larger sizes kept (max(18px, 1em) of the parent's);
# headings, metric values and KaTeX keep their own sizes (KaTeX's are relative to its own
# base, raised to 1.3em so that most sub- and superscripts reach 18 px too).
PRESENTER = """
[data-testid="stSidebar"] { position: fixed; z-index: 999990; height: 100vh;
  box-shadow: 0 0 1.5rem rgba(0,0,0,0.25); }
[data-testid="stMain"] :is(p, li, span, label, button, input, textarea, summary, small, code, a,
  td, th, div, kbd):not(h1, h2, h3, h4, h5, h6, h1 *, h2 *, h3 *, h4 *, h5 *, h6 *, .katex, .katex *,
  [data-testid="stMetricValue"], [data-testid="stMetricValue"] *) { font-size: max(18px, 1em) !important; }
[data-testid="stMain"] .katex { font-size: 1.3em; }
[data-testid="stMain"] [data-testid="stMetricValue"] { font-size: 2rem; }
@media %s { .w2v-chart, [data-testid="stFullScreenFrame"]:has(> .stPlotlyChart) {
  min-width: %dpx; } }
""" % (PHONE, PRESENTER_CHART_MIN_PX)


def css(presenting: bool) -> str:
    """The style sheet of a page run (the presenter rules only when presenting)."""
    return ("<style>" + EQUATIONS + SHEET + NARROW + a11y.CSS + (PRESENTER if presenting else "")
            + "</style>")


def inject(presenting: bool) -> None:
    """Send the style sheet (a style-only st.html takes no room on the page)."""
    st.html(css(presenting))
