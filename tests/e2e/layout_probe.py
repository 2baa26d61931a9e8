"""What the layout test measures in the page, as JavaScript run by Playwright (no fixtures).

Three checks, each returning a list of faults (empty: the page passes):

``overlaps(page)``   two text boxes of one Plotly chart that overlap: every SVG <text> of the
                     chart (tick labels, bar and cell values, annotations, titles, legend
                     entries), hover layers left out, as oriented rectangles (a turned tick
                     label is a turned box, not its bounding box), each shrunk by TOUCH px on
                     every side so that boxes which only touch pass.
``equations(page)``  a displayed equation (.katex-display) wider than its column that cannot
                     be scrolled, or scrolls without a visible cue (a coloured scrollbar that
                     takes room, and a shadow at the edge: ui/page_style.py). The browser
                     must draw scrollbars: Playwright hides them in headless Chromium unless
                     launched without its --hide-scrollbars.
``small_text(page)`` in presenter mode: visible text in the main area under MIN_PX, HTML and
                     SVG alike. Sub- and superscripts (KaTeX's scripts, Plotly's <sub>/<sup>)
                     are measured by the text they belong to; the hidden MathML twin of every
                     KaTeX formula and text a screen reader only reads are left out.
``truncated(page)``  a visible label cut with an ellipsis, or running out of its box into
                     the next (a widget's, a metric's, a sidebar link's: WCAG 1.4.12 asks
                     that no text be lost, also with widened text spacing: ``SPACING``).
"""
from __future__ import annotations

TOUCH = 1.5          # px: boxes closer than this only touch
MIN_PX = 17.5        # presenter mode: 18 px, with room for rounding

OVERLAPS_JS = """([touch]) => {
  const visible = (el) => {
    for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (s.display === "none" || s.visibility === "hidden" || parseFloat(s.opacity) === 0)
        return false;
    }
    return true;
  };
  const quad = (t) => {
    const b = t.getBBox(), m = t.getScreenCTM();
    if (!m || b.width <= 2 * touch || b.height <= 2 * touch) return null;
    const x0 = b.x + touch, y0 = b.y + touch, x1 = b.x + b.width - touch, y1 = b.y + b.height - touch;
    return [[x0, y0], [x1, y0], [x1, y1], [x0, y1]].map(([x, y]) =>
      [m.a * x + m.c * y + m.e, m.b * x + m.d * y + m.f]);
  };
  const axes = (q) => [0, 1].map((i) => {
    const [ax, ay] = q[i], [bx, by] = q[i + 1];
    return [-(by - ay), bx - ax];
  });
  const project = (q, [nx, ny]) => {
    const v = q.map(([x, y]) => x * nx + y * ny);
    return [Math.min(...v), Math.max(...v)];
  };
  const meet = (p, q) => [...axes(p), ...axes(q)].every((n) => {
    const [a0, a1] = project(p, n), [b0, b1] = project(q, n);
    return a1 > b0 && b1 > a0;
  });
  const faults = [];
  document.querySelectorAll(".js-plotly-plot").forEach((chart, c) => {
    if (!visible(chart)) return;
    const boxes = [];
    chart.querySelectorAll("svg text").forEach((t) => {
      if (t.closest(".hoverlayer") || !t.textContent.trim() || !visible(t) ||
          parseFloat(getComputedStyle(t).fillOpacity) === 0) return;
      const q = quad(t);
      if (q) boxes.push([t.textContent.trim(), q]);
    });
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++)
        if (meet(boxes[i][1], boxes[j][1]))
          faults.push(`chart ${c}: "${boxes[i][0]}" overlaps "${boxes[j][0]}"`);
  });
  return faults;
}"""

EQUATIONS_JS = """() => {
  const faults = [];
  document.querySelectorAll(".katex-display").forEach((e) => {
    if (!e.getClientRects().length || e.scrollWidth <= e.clientWidth + 1) return;
    const s = getComputedStyle(e);
    const text = e.textContent.slice(0, 60);
    if (!["auto", "scroll"].includes(s.overflowX))
      faults.push(`"${text}": ${e.scrollWidth} px wide in ${e.clientWidth} px, overflow-x ${s.overflowX}`);
    else if (e.offsetHeight - e.clientHeight < 4 || !s.backgroundImage.includes("gradient") ||
             /^rgba[(]0, 0, 0, 0[)]/.test(s.scrollbarColor))
      faults.push(`"${text}": scrolls without a visible cue (scrollbar ` +
                  `${e.offsetHeight - e.clientHeight} px, ${s.scrollbarColor})`);
  });
  return faults;
}"""

SMALL_TEXT_JS = """([least]) => {
  const main = document.querySelector('[data-testid="stMain"]');
  if (!main) return ["no main area"];
  const skip = (el) => el.closest(".katex-mathml, .hoverlayer, [aria-hidden='true'], " +
                                  "[data-testid='stTooltipContent'], .msupsub, .mfrac .sizing");
  const shown = (el) => {
    const r = el.getBoundingClientRect();
    if (r.width < 2 || r.height < 2) return false;
    for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (s.display === "none" || s.visibility === "hidden" || parseFloat(s.opacity) === 0)
        return false;
    }
    return true;
  };
  const ownText = (el) => [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
  const script = (el) => el.tagName.toLowerCase() === "tspan" &&
      /font-size:\\s*\\d+%/.test(el.getAttribute("style") || "");
  const faults = [];
  main.querySelectorAll("*").forEach((el) => {
    if (!ownText(el) || skip(el) || script(el) || !shown(el)) return;
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size < least)
      faults.push(`${size.toFixed(1)} px: "${el.textContent.trim().slice(0, 50)}" ` +
                  `(${el.tagName.toLowerCase()}${el.dataset.testid ? " " + el.dataset.testid : ""})`);
  });
  return [...new Set(faults)];
}"""


def overlaps(page) -> list[str]:
    return page.evaluate(OVERLAPS_JS, [TOUCH])


def equations(page) -> list[str]:
    return page.evaluate(EQUATIONS_JS)


def small_text(page) -> list[str]:
    return page.evaluate(SMALL_TEXT_JS, [MIN_PX])


TRUNCATED_JS = """() => [...document.querySelectorAll(
    '[data-testid="stMain"] *, [data-testid="stSidebar"] *')].filter((e) => {
  const box = e.getBoundingClientRect();
  return box.width > 0 && box.right > 0 && e.scrollWidth > e.clientWidth + 1 &&
         (getComputedStyle(e).textOverflow === "ellipsis" ||
          e.classList.contains("stMarkdownEllipsis")) && e.innerText.trim();
}).map((e) => `cut with an ellipsis or running out of its box: ` +
              `"${e.innerText.trim().slice(0, 50)}"`)"""
# WCAG 1.4.12's text spacing, as its bookmarklet sets it.
SPACING = ("* { line-height: 1.5 !important; letter-spacing: 0.12em !important; "
           "word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }")


def truncated(page) -> list[str]:
    return page.evaluate(TRUNCATED_JS)
