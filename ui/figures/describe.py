"""A chart's text alternative (WCAG 1.1.1), read from the figure itself: its titles, then for
each set of bars, cells or points what it holds and its extremes with their labels, so that a
screen reader hears the numbers a sighted student reads off the chart. A plain function from
a Plotly figure to one string (no Streamlit); ui/kept_chart.py gives it to the chart.
"""
from __future__ import annotations

import re

import numpy as np

TAG = re.compile(r"<[^>]+>")
MOST = 6               # titles named at most
POINTS_NAMED = 8       # point labels named at most


def _text(value) -> str:
    return " ".join(TAG.sub(" ", str(value)).split())


def _numbers(values) -> np.ndarray | None:
    try:
        a = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError):
        return None
    return a if a.size and np.isfinite(a).any() else None


def _extremes(values, labels) -> str:
    a = _numbers(values)
    if a is None:
        return ""
    flat = a.ravel()
    lo, hi = int(np.nanargmin(flat)), int(np.nanargmax(flat))
    name = (lambda i: f" ({_text(labels[i])})" if labels is not None and i < len(labels) else "")
    return f"from {flat[lo]:.4g}{name(lo)} to {flat[hi]:.4g}{name(hi)}"


def _named(labels, axis: dict):
    """Category positions written as the axis's tick text (combine() draws categories at
    0, 1, 2, ... and names them with ticktext)."""
    vals, text = axis.get("tickvals"), axis.get("ticktext")
    if labels is None or vals is None or text is None:
        return labels
    names = {float(v): t for v, t in zip(vals, text) if isinstance(v, (int, float, np.number))}
    return [names.get(float(x), x) if isinstance(x, (int, float, np.number)) else x for x in labels]


def _axis(layout: dict, ref: str | None, letter: str) -> dict:
    ref = ref or letter
    return layout.get(letter + "axis" + ref[1:], {}) or {}


def _trace(t, layout: dict) -> str:
    kind = t.get("type", "scatter")
    if kind == "bar":
        horizontal = t.get("orientation") == "h"
        values, labels = (t.get("x"), t.get("y")) if horizontal else (t.get("y"), t.get("x"))
        labels = _named(list(labels) if labels is not None else None,
                        _axis(layout, t.get("yaxis"), "y") if horizontal
                        else _axis(layout, t.get("xaxis"), "x"))
        n = len(values) if values is not None else 0
        return f"{n} bars {_extremes(values, labels)}".strip()
    if kind == "heatmap":
        z = _numbers(t.get("z"))
        if z is None:
            return ""
        rows, cols = (z.shape if z.ndim == 2 else (1, z.size))
        return f"a {rows} × {cols} grid of values {_extremes(z, None)}"
    if kind == "scatter" and "markers" in str(t.get("mode", "")):
        text = t.get("text")
        names = [_text(x) for x in (text if isinstance(text, (list, tuple)) else []) if _text(x)]
        n = len(t.get("y") if t.get("y") is not None else [])
        said = f"{n} points"
        if names:
            said += ": " + "; ".join(names[:POINTS_NAMED]) + ("; …" if len(names) > POINTS_NAMED else "")
        return said
    if kind == "scatter" and t.get("name"):
        return f"a line, {_text(t['name'])}, {_extremes(t.get('y'), t.get('x'))}".strip(", ")
    return ""


def describe(fig) -> str:
    """One paragraph: the chart's titles, then what each of its traces shows."""
    spec = fig if isinstance(fig, dict) else fig.to_plotly_json()
    layout = spec.get("layout", {}) or {}
    title = layout.get("title")
    titles = [_text(title.get("text", "")) if isinstance(title, dict) else _text(title or "")]
    titles += [_text(a.get("text", "")) for a in layout.get("annotations", []) or []
               if a.get("text") and not a.get("showarrow")]
    titles = [t for t in dict.fromkeys(titles) if t][:MOST]
    parts = [p for p in (_trace(t, layout) for t in spec.get("data", []) or []) if p]
    head = "Chart: " + "; ".join(titles) if titles else "Chart"
    return head + (". " + ". ".join(parts) if parts else "") + "."
