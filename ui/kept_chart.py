"""A Plotly chart the browser keeps from one rerun to the next, updated with Plotly.react.

Why: Streamlit (1.67) puts a hash of a ``st.plotly_chart``'s figure into its element id, so a
Step that changes a figure makes the browser mount a new chart and draw it from scratch
(Plotly.newPlot): about 200 ms of main thread per chart (bench/bench_chart_remount.py). This
chart is an ``st.components.v2`` component with a fixed key: the browser keeps its element and
redraws only what changed.

The component's JavaScript is our own constant code; the figure travels as JSON data and is
drawn by plotly.js (text in figures is escaped by ui.safe before it gets here, as for
st.plotly_chart). plotly.js itself is the copy that ships with the installed plotly package,
served by Streamlit's static file serving (``server.enableStaticServing`` in
.streamlit/config.toml) from ``static/`` beside app.py: copied there once per process, never
downloaded, never committed. Where that is not possible (a read-only folder, static serving
off), ``available()`` is False and ui.charts falls back to st.plotly_chart.
"""
from __future__ import annotations

import base64
import functools
import json
import os
import shutil
import tempfile
from pathlib import Path

import numpy as np
import plotly
import plotly.graph_objects as go
import plotly.io as pio
import streamlit as st
from _plotly_utils.basevalidators import is_homogeneous_array
from _plotly_utils.utils import is_skipped_key, plotlyjsShortTypes, to_typed_array_spec

from ui.figures.describe import describe
from ui.figures.theme import TEMPLATE

STATIC = Path(__file__).resolve().parents[1] / "static"   # Streamlit serves it as app/static
PLOTLY_JS = "plotly.min.js"
SOURCE = Path(plotly.__file__).parent / "package_data" / PLOTLY_JS
# our template with Plotly's own colour sequence, for figures built without a template
PLAIN = dict(layout=dict(TEMPLATE["layout"], colorway=pio.templates["plotly"].layout.colorway))
CLASS = "w2v-chart"                  # the div Plotly draws in (end-to-end tests look for it)

# Called by Streamlit on mount and again with each rerun's data; the div stays, so
# Plotly.react redraws in place. A ResizeObserver redraws when the width changes (a column
# resized, a tab shown that was hidden when the chart was drawn).
JS = """
export default function (component) {
  const { parentElement } = component;
  const data = JSON.parse(new TextDecoder().decode(component.data));   // sent as bytes
  const div = parentElement.querySelector(".%(cls)s");
  const figure = data.figure;
  div.setAttribute("role", "img");                 // a screen reader hears the text alternative
  div.setAttribute("aria-label", data.alt || "chart");
  div.style.minHeight = ((figure.layout && figure.layout.height) || 450) + "px";
  const draw = () => {
    window.Plotly.react(div, figure.data || [], figure.layout || {}, data.config);
    if (!div._w2vObserver) {
      let width = div.clientWidth;
      div._w2vObserver = new ResizeObserver(() => {
        if (div.clientWidth !== width && div.clientWidth > 0) {
          width = div.clientWidth;
          window.Plotly.Plots.resize(div);
        }
      });
      div._w2vObserver.observe(div);
    }
  };
  if (window.Plotly) {
    draw();
  } else {
    window.w2vPlotlyLoading ??= new Promise((done, failed) => {
      const script = document.createElement("script");
      script.src = "./app/static/%(js)s";
      script.onload = done;
      script.onerror = failed;
      document.head.appendChild(script);
    });
    window.w2vPlotlyLoading.then(draw, () => {
      div.textContent = "This chart could not be drawn: plotly.js did not load from " +
                        "app/static (is server.enableStaticServing on?).";
    });
  }
  return () => {
    if (div._w2vObserver) { div._w2vObserver.disconnect(); delete div._w2vObserver; }
  };
}
""" % {"cls": CLASS, "js": PLOTLY_JS}


def _warm_up() -> None:
    """Plotly's first figure with an array in a process looks for dataframe plugins among the
    entry points of every installed package (narwhals, 0.1-0.4 s): done here, when the app's
    modules are imported, rather than inside the first student's Step."""
    go.Figure(go.Scatter(x=np.zeros(2), y=np.zeros(2))).to_dict()


_warm_up()

_component = st.components.v2.component(
    "w2v_kept_chart", html=f"<div class='{CLASS}'></div>", js=JS, isolate_styles=False)


@functools.cache
def write_plotly_js() -> bool:
    """plotly.min.js in static/, the same bytes as the installed package's (copied once per
    process, atomically, so two servers starting together never serve half a file); False
    when static/ cannot be written. deploy/run_replicas.sh calls it too, before nginx serves
    the file."""
    target = STATIC / PLOTLY_JS
    try:
        if target.is_file() and target.stat().st_size == SOURCE.stat().st_size:
            return True
        STATIC.mkdir(exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=STATIC, suffix=".part")
        os.close(fd)
        shutil.copyfile(SOURCE, tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
        return True
    except OSError:
        return False


def available() -> bool:
    """True when the browser can load plotly.js from the app's static folder."""
    return bool(st.get_option("server.enableStaticServing")) and write_plotly_js()


def draw(data: bytes, key: str, where=st) -> None:
    """Draw a figure's ``payload`` in ``where`` as a chart the browser keeps across reruns
    (``key`` names it: the same key on the next rerun updates the same chart)."""
    if where is st:
        _component(key=key, data=data)
    else:
        with where:
            _component(key=key, data=data)


def payload(fig, config: dict) -> bytes:
    """What the browser receives: {"figure": the figure as plotly.io writes it, "config": ...,
    "alt": its text alternative (ui.figures.describe)}
    as UTF-8 JSON bytes (bytes travel as they are: no second serialisation, no escaping)."""
    if _placeholder_template(fig):
        fig.layout.template = PLAIN
    spec = figure_dict(fig)                      # once: written out and described
    return (f'{{"figure":{pio.to_json(spec, validate=False)},'
            f'"config":{json.dumps(config)},"alt":{json.dumps(describe(spec))}}}').encode()


def figure_dict(fig) -> dict:
    """``fig.to_dict()``, the same dict (tests/test_kept_chart.py), at a fraction of its cost:
    Plotly deep-copies the figure and then asks, for every value in it, whether it is an
    array to send as a typed array (its ``convert_to_base64``: 4 ms of a Step's ~30 ms for
    the Network diagram). Here the figure's own dicts and lists are copied (never its
    arrays, which are not changed), and only a value that is neither a dict, a list nor a
    plain scalar is asked, with Plotly's own test and conversion. Reads the figure's
    ``_data``, ``_layout`` and ``_frame_objs``, as ``to_dict`` does."""
    spec = {"data": _tree(fig._data), "layout": _tree(fig._layout)}
    frames = [_tree(frame._props) for frame in fig._frame_objs]
    if frames:
        spec["frames"] = frames
    _typed_arrays(spec)
    return spec


def _tree(value):
    """A copy of the dicts and lists (tuples: lists) of ``value``; anything else shared."""
    if isinstance(value, dict):
        return {k: _tree(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_tree(v) for v in value]
    return value


_SCALARS = (str, int, float, type(None))


def _typed_arrays(obj) -> None:
    """Plotly's ``convert_to_base64`` on a copied tree: each array value becomes its typed
    array spec; keys Plotly skips (``range``, ...) stay as they are."""
    if isinstance(obj, dict):
        for key, value in obj.items():
            if isinstance(value, _SCALARS) or is_skipped_key(key):
                continue
            if isinstance(value, (dict, list)):
                _typed_arrays(value)
            elif is_homogeneous_array(value):
                obj[key] = _typed_array(value)
    elif isinstance(obj, list):
        for value in obj:
            if isinstance(value, (dict, list)):
                _typed_arrays(value)


def _typed_array(value):
    """Plotly's typed array spec of ``value`` (its ``to_typed_array_spec``); a NumPy array
    of a type plotly.js reads as it is (float64, int32, ...) directly: its bytes in base64,
    as Plotly writes them after its own copy of the array."""
    short = plotlyjsShortTypes.get(str(value.dtype)) if type(value) is np.ndarray else None
    if short is None or value.size == 0:
        return to_typed_array_spec(value)
    spec = {"dtype": short, "bdata": base64.b64encode(np.ascontiguousarray(value)).decode("ascii")}
    if value.ndim > 1:
        spec["shape"] = str(value.shape)[1:-1]
    return spec


def _placeholder_template(fig) -> bool:
    """True for a figure built without a template of its own: importing Streamlit makes its
    own template Plotly's default, with placeholder colours (#000001, ...) that only
    st.plotly_chart's frontend replaces. PLAIN gives the look st.plotly_chart gives such a
    chart with theme=None: white background, Plotly's colours."""
    colorway = fig.layout.template.layout.colorway
    return bool(colorway) and colorway[0] == "#000001"
