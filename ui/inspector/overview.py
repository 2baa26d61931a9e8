"""The Overview panel: wevi's one glance at the lab on one 1280 x 720 screen, redrawn by
every Step (Step x10 and x100 included): the network of the step on top; under it a PCA of
the lab's own input and output vectors (w2v_core.readouts.overview) beside W and W' with
their numbers. Kept charts with fixed keys, so a Step redraws them in place. On a phone
the diagram gives way to the rest (as in the Network panel)."""
from __future__ import annotations

import streamlit as st

from ui import charts, labels
from ui.figures.network import network_figure, rows_that_fit
from ui.figures.overview import matrix_figure, pca_figure
from ui.figures.parts import positions
from ui.figures.theme import FONT, PRESENTER_SIZES
from ui.inspector import phases
from ui.labels import out_names
from w2v_core.readouts.focus import focus_rows
from w2v_core.readouts.overview import project_lab

ROWS = 8              # rows of W and W' drawn (the step's first, then the largest)
PRESENTER_ROWS = 2    # ... in presenter mode (18-px labels, the panel on one screen)
LABELLED = 10         # points of each set labelled in the PCA (and the step's own)
POINTS = 150          # points of each set drawn at most (the PCA is fitted on all of them)
AXES = "insp_overview_axes"     # (lab, the PCA's last axes): the picture keeps its signs
NET_KEY = "insp_overview_net"   # the diagram's container (hidden on a phone: ui/page_style)


def _phase(lab) -> int:
    """The phase the panel shows: 1 or 2 while a phased step is half shown, else 3."""
    if phases.on():
        ph = phases.phases(lab).phase
        return ph if ph in (1, 2) else 3
    return 3


def _projection(lab):
    kept = st.session_state.get(AXES)
    previous = kept[1] if kept is not None and kept[0] is lab else None
    proj = project_lab(lab.model.W_in, lab.model.W_out, previous)
    st.session_state[AXES] = (lab, proj.components)
    return proj


def _vectors(lab, trace, heights, rows: int, pca_at=None) -> None:
    """The PCA, W and W' with their numbers, side by side (on a phone one under the other);
    with ``pca_at`` (presenter mode: beside the diagram) the PCA goes there and W, W' side by
    side under both."""
    words, model = lab.vocab.words, lab.model
    names = out_names(lab, trace)
    try:
        proj = _projection(lab)
    except ValueError as err:
        st.warning(str(err))
        return
    # drawn: the step's vectors and the most frequent words' (the vocabulary's first rows)
    pts_in = list(dict.fromkeys([*trace.in_rows.tolist(), *range(min(POINTS, len(words)))]))
    pts_out = list(dict.fromkeys([*trace.out_rows[:POINTS].tolist(),
                                  *range(min(POINTS, len(names)))]))
    labelled_in = list(range(min(len(trace.in_rows) + LABELLED, len(pts_in))))
    labelled_out = list(range(min(min(len(trace.out_rows), LABELLED) + LABELLED, len(pts_out))))
    every = len(trace.out_rows) == len(names)             # full softmax: all of them
    f_in = focus_rows(model.W_in, keep=trace.in_rows, limit=rows)
    f_out = focus_rows(model.W_out, keep=[trace.true_output] if every else trace.out_rows,
                       limit=rows)
    dims = labels.dims(lab.settings.dim)
    if pca_at is not None:
        w_at, w_out_at = st.columns(2, gap="medium")
    else:
        pca_at, w_at, w_out_at = st.columns([1.5, 1, 1], gap="small")
    charts.show(pca_figure(proj.inputs[pts_in], proj.outputs[pts_out],
                           [words[k] for k in pts_in], [names[j] for j in pts_out],
                           labelled_in, labelled_out, proj.explained, heights[0]),
                key="insp_overview_pca", where=pca_at)
    one_line = pca_at is not None            # presenter: "+ n more" beside the title
    for M, f, row_names, marked, title, key, at in (
            (model.W_in, f_in, words, positions(f_in.shown, trace.in_rows), "W (rows v_{w})",
             "insp_overview_w", w_at),
            (model.W_out, f_out, names, [] if every else positions(f_out.shown, trace.out_rows),
             "W′ (v′_{j} as rows)", "insp_overview_w_out", w_out_at)):
        more = _more(f)
        charts.show(matrix_figure(M[f.shown], [row_names[r] for r in f.shown], marked,
                                  f"{title} {more}" if one_line and more else title, dims,
                                  "" if one_line else more, heights[1]),
                    key=key, where=at)


def _more(f) -> str:
    """The rows a narrow heatmap leaves out, in a few words (their largest: in the Updates
    panel)."""
    return "" if f.complete else f"+ {f.rest:,} more"


def _network(lab, trace, phase: int, height: int, where, narrow: bool = False) -> None:
    font = PRESENTER_SIZES["font"] if charts.presenting() else FONT["size"]
    net = phases.diagram(lab, trace, applied=phase == 3, limit=rows_that_fit(height, font))
    names = out_names(lab, trace)
    with where, st.container(key=NET_KEY):
        charts.show(network_figure(net, [lab.vocab.words[k] for k in net.inputs],
                                   [names[r] for r in net.outputs], phase,
                                   phases.symbol(trace), height, narrow),
                    key="insp_overview_network")


def overview_panel(lab, trace) -> None:
    """The diagram of this step on top, the lab's vectors as they are now under it (smaller
    in presenter mode: the PCA beside the diagram, W and W' under both, no caption, so that
    all of it stays on a 1280 x 720 screen)."""
    phase = _phase(lab)
    if charts.presenting():
        left, right = st.columns([1.5, 1], gap="small")
        _network(lab, trace, phase, 310, left, narrow=True)
        _vectors(lab, trace, (310, 135), PRESENTER_ROWS, pca_at=right)
        return
    _network(lab, trace, phase, 330, st.container())
    _vectors(lab, trace, (300, 300), ROWS)
    st.caption("W and W′ are the lab's now" + (" (the step is not applied yet)" if phase < 3
                                              else "") + "; the PCA is fitted on both "
               "together, so a word's input vector and the output vectors of the words it "
               "predicts can be compared. Outlined: the rows this step changes. Step ×10 and "
               "×100 redraw it all.")
