"""What the app adds for assistive technology and the keyboard (WCAG 2.1 AA), in one place.

- ``CSS``: a focus outline every focusable element shows when reached by keyboard (2.4.7,
  1.4.11: 3 px, #1a1a1a on white, 17:1), ``w2v-sr``, text only a screen reader reads,
  labels that wrap instead of ending in "…" (1.4.12: Streamlit cuts a widget's, a metric's
  and a sidebar link's label that does not fit, more so with widened text spacing), and
  no animation when the system asks for reduced motion (2.3.3: the PCA figure's Play hidden;
  the page's snapshot slider steps through the frames without motion).
- ``SCRIPT``: a static script (no user text in it) that makes every equation box that
  scrolls sideways reachable by Tab (2.1.1: it can then be scrolled with the arrow keys),
  named "equation" for a screen reader, and keeps one polite live region (4.1.3) at the end
  of the page, outside Streamlit's redrawn tree, so a change of its text is announced; and
  gives the focus back to a widget that a rerun redrew elsewhere (2.4.3: Presenter on).
- ``announce(text)``: put ``text`` (a one-line summary of a step) into that live region. The
  text travels as a JSON string and is set with textContent: never parsed as HTML.
- ``heading(text)``: a heading a screen reader finds (1.3.1) where the page shows the same
  words in another form (the panel picker names the open panel).
- ``shortcuts_on()``: whether single-key shortcuts (S, U, N) act: a switch (2.1.4).
"""
from __future__ import annotations

import html
import json

import streamlit as st

SHORTCUTS_KEY = "single_key_shortcuts"

CSS = """
:focus-visible { outline: 3px solid #1a1a1a !important; outline-offset: 2px !important; }
.katex-display:focus-visible { outline-offset: -3px !important; }
.w2v-sr { position: absolute !important; width: 1px; height: 1px; padding: 0; margin: -1px;
  overflow: hidden; clip: rect(0, 0, 0, 0); white-space: nowrap; border: 0; }
.stMarkdownEllipsis, .stMarkdownEllipsis *, [data-testid="stSidebarNavLink"] span,
  [data-testid="stNavSectionHeader"] span { white-space: normal !important;
  overflow-wrap: anywhere; overflow: visible !important; text-overflow: clip !important; }
@media (prefers-reduced-motion: reduce) { .st-key-tr_pca .updatemenu-container { display: none; } }
"""

SCRIPT = """<script>
(() => {
  const doc = window.parent && window.parent.document ? window.parent.document : document;
  if (!doc.w2vA11y) {
    doc.w2vA11y = true;
    const region = doc.createElement("div");
    region.id = "w2v-live"; region.className = "w2v-sr";
    region.setAttribute("role", "status"); region.setAttribute("aria-live", "polite");
    doc.body.appendChild(region);
    const focusable = () => doc.querySelectorAll(".katex-display").forEach((e) => {
      const wide = e.scrollWidth > e.clientWidth + 1;
      if (wide && !e.hasAttribute("tabindex")) {
        e.setAttribute("tabindex", "0"); e.setAttribute("role", "region");
        e.setAttribute("aria-label", "equation (scrolls sideways)");
      } else if (!wide && e.getAttribute("tabindex") === "0") {
        e.removeAttribute("tabindex"); e.removeAttribute("role"); e.removeAttribute("aria-label");
      }
    });
    // 2.4.3: a rerun that moves a widget (Presenter on: its switch goes to the bar) drops
    // the keyboard's focus to the top of the page; give it back to the same widget.
    let last = null;
    doc.addEventListener("focusin", (ev) => { last = ev.target; });
    const keyOf = (el) => [...(el.closest("[class*='st-key-']")?.classList || [])]
      .find((c) => c.startsWith("st-key-"));
    const refocus = () => {
      if (!last || last.isConnected || (doc.activeElement && doc.activeElement !== doc.body)) return;
      const key = keyOf(last), tag = last.tagName;
      const again = key && [...doc.querySelectorAll("." + key + " " + tag)]
        .find((e) => e.getClientRects().length);
      if (again) { last = again; again.focus({preventScroll: false}); }
    };
    new MutationObserver(() => { focusable(); refocus(); })
      .observe(doc.body, {childList: true, subtree: true});
    focusable();
  }
})();
</script>"""

ANNOUNCE = """<script>
(() => { const r = document.getElementById("w2v-live"); if (r) r.textContent = %s; })();
</script>"""


def inject() -> None:
    """The script above (once per page run: it installs itself once per tab)."""
    st.html(SCRIPT, unsafe_allow_javascript=True)


def announce(text: str) -> None:
    """Say ``text`` in the live region (plain text: JSON-encoded, '<' escaped)."""
    st.html(ANNOUNCE % json.dumps(text).replace("<", "\\u003c"), unsafe_allow_javascript=True)


def heading(text: str, level: int = 2) -> None:
    """A heading for screen readers only (its words are on screen in another form)."""
    st.html(f'<h{level} class="w2v-sr">{html.escape(text)}</h{level}>')


def described(text: str, where=st) -> None:
    """A chart's text alternative, read only by a screen reader (for charts Streamlit draws;
    the kept charts carry theirs as the chart's aria-label)."""
    where.html(f'<p class="w2v-sr">{html.escape(text)}</p>')


def shortcuts_on() -> bool:
    return bool(st.session_state.get(SHORTCUTS_KEY, True))


def shortcut(key: str | None) -> str | None:
    """``key`` while single-key shortcuts are on, else None (no shortcut)."""
    return key if shortcuts_on() else None


def shortcuts_switch(where=st) -> None:
    where.toggle("Single-key shortcuts", key=SHORTCUTS_KEY, value=True, persist_state="session",
                 help="S steps, U undoes, N opens the next panel, ← and → move through the "
                      "Lesson. Turn them off if they get in the way (speech input, a screen "
                      "reader's own keys).")
