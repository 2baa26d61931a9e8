"""Figures of the hierarchical-softmax page: plain functions from arrays to Plotly figures.

No Streamlit here, and no model arithmetic: every number comes from w2v_core (the
tree, ``readouts.hierarchical_softmax.path_terms``/``eh_terms``) or ui.figures.tree_layout. Words pass through
``ui.safe.plot_label`` because Plotly renders a subset of HTML in text.
"""
from __future__ import annotations

import plotly.graph_objects as go

from ui.figures.theme import (FONT, TEMPLATE, TITLED_MARGIN, VALUE_MARGIN, key_lines, keys,
                              title_block)
from ui import labels
from ui.safe import plot_label
from ui.figures.tree_layout import TreeLayout, subtree_sizes

# Okabe-Ito colours (told apart with colour-vision deficiencies); a highlighted node also has
# a black ring and is larger, so that it is not told by colour alone (WCAG 1.4.1)
PATH = "#D55E00"        # the highlighted path / the word predicted (vermillion)
TAKEN = "#E69F00"       # the two nodes a merge takes (orange)
WORD = "#0072B2"        # leaves (blue)
INNER = "#009E73"       # inner nodes (bluish green)
FAINT = "#c7c7c7"       # edges off the path
FUTURE = "#e6e6e6"      # replay: edges whose inner node is not made yet
ROW_PX = 24             # vertical pixels per leaf slot
PRESENTER_ROW_PX = 34   # ... in presenter mode (18-px labels)
PALETTE = ("#636efa", "#ef553b", "#00cc96", "#ab63fa", "#ffa15a", "#19d3f3", "#ff6692",
           "#b6e880", "#ff97ff", "#fecb52")    # Plotly's colours: one per path node
MAX_HEIGHT = 1800       # taller trees are drawn at this height; zoom to read them


def node_label(node: int, V: int) -> str:
    """The label of inner node id ``node`` (ui.labels: n1 .. n(V-1)); words are labelled by
    the caller."""
    return labels.node_id(node, V)


def _height(layout: TreeLayout, row_px: int = ROW_PX) -> int:
    return int(min(MAX_HEIGHT, max(260, row_px * layout.n_slots + 110)))


def _edge_xy(layout: TreeLayout, edges):
    """Elbow lines parent -> child (down the parent's column, then across), None-separated."""
    at = layout.index()
    xs, ys = [], []
    for parent, child, _ in edges:
        p, c = at[parent], at[child]
        xs += [layout.depth[p], layout.depth[p], layout.depth[c], None]
        ys += [layout.slot[p], layout.slot[c], layout.slot[c], None]
    return xs, ys


def _nodes_trace(layout, ids, text, hover, color, symbol, name, size=10, position="middle right",
                 marked=()):
    """The nodes ``ids``; those in ``marked`` (the path, a merge's) ringed in black and larger."""
    at = layout.index()
    rows = [at[i] for i in ids]
    ring = [i in marked for i in ids]
    return go.Scatter(x=layout.depth[rows], y=layout.slot[rows], mode="markers+text",
                      text=text, textposition=position, hovertext=hover, hoverinfo="text",
                      marker=dict(color=color, symbol=symbol,
                                  size=[size + 4 if r else size for r in ring],
                                  line=dict(color=["black" if r else "white" for r in ring],
                                            width=[2.5 if r else 1 for r in ring])),
                      name=name, cliponaxis=False)


def _bits_trace(layout: TreeLayout, edges) -> go.Scatter:
    """Each edge's bit (0 = left), written at its middle."""
    at = layout.index()
    return go.Scatter(
        x=[layout.depth[at[p]] + 0.5 for p, _, _ in edges],
        y=[layout.slot[at[c]] for _, c, _ in edges],
        mode="text", text=[str(b) for _, _, b in edges], textposition="top center",
        textfont=dict(size=11, color="#555"), hoverinfo="skip", showlegend=False, name="bits")


def tree_figure(tree, layout: TreeLayout, words, highlight: int | None = None,
                made: int | None = None, merge: int | None = None, title: str = "",
                row_px: int = ROW_PX) -> go.Figure:
    """The Huffman tree (or the part ``layout`` draws), root on the left.

    Leaves show 'word (count)', inner nodes 'n{row}', collapsed inner nodes
    'n{row} (k words)', edges their bit. ``highlight``: a word whose path is drawn in
    red. ``made``/``merge``: replay the construction: only the first ``made`` inner nodes
    exist yet (the rest of the final tree is a dotted skeleton), and merge number ``merge``
    (0-based) is drawn in orange. ``row_px``: one leaf row's height (larger text, larger rows).
    """
    V = tree.V
    exists = (lambda n: True) if made is None else (lambda n: n < V + made)
    on_path = set()
    if highlight is not None:
        on_path = {int(highlight)} | {V + int(p) for p in tree.points[highlight]}
    taken = set()
    if merge is not None:
        m = tree.merges[merge]
        taken = {m.first, m.second, m.node}
    sizes = subtree_sizes(tree)
    edges = [e for e in layout.edges if exists(e[0])]
    future = [e for e in layout.edges if not exists(e[0])]      # the replay's skeleton to come
    hot = [e for e in edges if e[1] in on_path or e[1] in taken]
    fig = go.Figure()
    for group, color, width, dash, name in (
            (future, FUTURE, 1, "dot", "future edges"), (edges, FAINT, 1.5, "solid", "edges"),
            (hot, TAKEN if taken else PATH, 4, "solid", "highlighted")):
        xs, ys = _edge_xy(layout, group)
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines",
                                 line=dict(color=color, width=width, dash=dash),
                                 hoverinfo="skip", name=name, showlegend=False))
    fig.add_trace(_bits_trace(layout, edges))
    drawn = [int(n) for n in layout.nodes if exists(int(n))]
    leaves = [n for n in drawn if n < V]
    inner = [n for n in drawn if n >= V]
    colour = lambda n, base: TAKEN if n in taken else PATH if n in on_path else base  # noqa: E731
    fig.add_trace(_nodes_trace(
        layout, leaves, [f"{plot_label(words[w])} ({tree.count[w]})" for w in leaves],
        [f"{plot_label(words[w])}<br>count {tree.count[w]}<br>code {tree.code_string(w)}"
         for w in leaves], [colour(w, WORD) for w in leaves], "circle", "words",
        marked=set(on_path) | taken))
    collapsed = set(layout.nodes[layout.collapsed].tolist())
    fig.add_trace(_nodes_trace(
        layout, inner,
        [f"{node_label(n, V)} ({sizes[n]} words)" if n in collapsed else node_label(n, V)
         for n in inner],
        [f"{node_label(n, V)}: column {n - V + 1} of W′<br>count {tree.count[n]}, {sizes[n]} words below"
         for n in inner], [colour(n, INNER) for n in inner],
        ["triangle-right" if n in collapsed else "square" for n in inner], "inner nodes",
        size=11, position=["middle right" if n in collapsed else "top left" for n in inner],
        marked=set(on_path) | taken))
    max_depth = int(layout.depth.max()) if len(layout.depth) else 1
    head, top = title_block(title)
    fig.update_layout(
        title=head if title else None, height=_height(layout, row_px), showlegend=False,
        template=TEMPLATE, font=FONT, margin=dict(l=30, r=150, t=top if title else 20, b=78),
        xaxis=dict(title=dict(text="depth = code length so far", standoff=14),
                   range=[-0.6, max_depth + 1.2], dtick=1, showgrid=False, zeroline=False),
        yaxis=dict(autorange="reversed", showticklabels=False, showgrid=False, zeroline=False))
    return fig


def queue_figure(tree, merge: int, words, limit: int = 12) -> go.Figure:
    """The two queues just before merge ``merge``: words (rarest first), inner nodes (oldest first).

    The two nodes the merge takes are orange and labelled with the bit they get. Only the
    first ``limit`` of each queue are drawn (a merge only ever takes from the heads).
    """
    m = tree.merges[merge]
    V = tree.V
    heads = [("word queue", list(m.leaves_left)), ("inner-node queue", list(m.inner_queue))]
    fig = go.Figure()
    x0 = 0
    ticks, labels = [], []
    for name, queue in heads:
        shown = queue[:limit]
        xs = list(range(x0, x0 + len(shown)))
        names = [plot_label(words[n]) if n < V else node_label(n, V) for n in shown]
        fig.add_trace(go.Bar(
            x=xs, y=[int(tree.count[n]) for n in shown], name=name, cliponaxis=False,
            marker_color=[TAKEN if n in (m.first, m.second) else (WORD if n < V else INNER)
                          for n in shown],
            text=[f"bit {0 if n == m.first else 1}" if n in (m.first, m.second) else ""
                  for n in shown], textposition="outside",
            hovertext=[f"{lab}: count {tree.count[n]}" for lab, n in zip(names, shown)],
            hoverinfo="text"))
        ticks += xs
        labels += names
        if len(queue) > limit:
            fig.add_annotation(x=x0 + len(shown) - 0.5, y=0, text=f"+{len(queue) - limit} more",
                               showarrow=False, xanchor="left", yanchor="bottom")
        x0 += len(shown) + 1
    head, top = title_block(f"Queues before merge {merge + 1}: the two smallest counts are taken",
                            [keys([("word", WORD), ("inner node", INNER),
                                   ("taken by this merge", TAKEN)])])
    turned = len(ticks) > 10
    longest = max((len(t) for t in labels), default=1)
    fig.update_layout(
        title=head, height=250 + top, barmode="overlay", template=TEMPLATE, font=FONT,
        showlegend=False, margin=dict(l=TITLED_MARGIN, r=20, t=top,
                                      b=int(30 + (0.7 * 9 * longest if turned else 10))),
        xaxis=dict(tickvals=ticks, ticktext=labels, tickangle=-45 if turned else 0),
        yaxis=dict(title="count", range=[0, 1.18 * max(tree.count[m.first], tree.count[m.second],
                                                       *[tree.count[n] for _, q in heads
                                                         for n in q[:limit]])]))
    return fig


def path_figure(terms, V: int) -> go.Figure:
    """sigma(v'_n . h), the label t_n = 1 - code_n and the error sigma_n - t_n at each path node."""
    labels = [node_label(V + int(n), V) for n in terms.nodes]
    fig = go.Figure([
        go.Bar(x=labels, y=terms.sigma, name="σ(v'ₙ·h)", marker_color=INNER),
        go.Scatter(x=labels, y=terms.t, name="tₙ = 1 − codeₙ", mode="markers",
                   marker=dict(symbol="line-ew-open", size=28, line=dict(width=3), color="black")),
        go.Bar(x=labels, y=terms.err, name="σ − t (the gradient's factor)", marker_color=PATH),
    ])
    head, top = title_block("Along the path, root first", key_lines(
        [("σ(v′_{n}·h)", INNER), ("t_{n} = 1 − code_{n}", "black"),
         ("σ − t (the gradient's factor)", PATH)], 2))
    fig.update_layout(height=260 + top, barmode="group", template=TEMPLATE, font=FONT,
                      title=head, showlegend=False, margin=dict(l=VALUE_MARGIN, r=20, t=top, b=40),
                      yaxis=dict(range=[-1.05, 1.05], zeroline=True, zerolinecolor="#999"))
    return fig


def eh_figure(words, nodes, terms, EH, V: int, word_names) -> go.Figure:
    """EH as a stack of its terms (sigma_n - t_n) v'_n, one colour per path node (Rong eq. 54).

    ``words``/``nodes``/``terms`` as returned by ``readouts.hierarchical_softmax.eh_terms``; ``EH`` (N,) the
    step's own EH, drawn as black diamonds on top of the stacks.
    """
    N = len(EH)
    dims = [f"EH{i + 1}" for i in range(N)]
    fig = go.Figure()
    for w, n, row in zip(words, nodes, terms):
        fig.add_trace(go.Bar(x=dims, y=row, name=f"{node_label(V + int(n), V)} "
                                                  f"(path of {plot_label(word_names[int(w)])})"))
    fig.add_trace(go.Scatter(x=dims, y=EH, mode="markers", name="EH (the step's)",
                             marker=dict(symbol="diamond", size=11, color="black")))
    colours = [t.marker.color or PALETTE[i % len(PALETTE)] for i, t in enumerate(fig.data[:-1])]
    for trace, colour in zip(fig.data[:-1], colours):
        trace.marker.color = colour
    head, top = title_block("EH = Σ over the path of (σ − t) v′_{n}", key_lines(
        [*((f"{node_label(V + int(n), V)} (path of {word_names[int(w)]})", c)
           for w, n, c in zip(words, nodes, colours)), ("EH (the step's)", "black")], 2))
    fig.update_layout(barmode="relative", height=280 + top, template=TEMPLATE, font=FONT,
                      title=head, showlegend=False, margin=dict(l=VALUE_MARGIN, r=20, t=top, b=40))
    return fig
