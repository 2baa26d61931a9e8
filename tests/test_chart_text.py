"""Every chart says in words what it shows (WCAG 1.1.1): its titles, and for its bars, cells
and points the values a student reads off it, computed from the figure the engine's numbers
drew (ui/figures/describe.py)."""
import numpy as np

from ui.figures.describe import describe
from ui.figures.network import network_figure
from ui.figures.step import errors_figure
from ui import layers
from ui.inspector import phases
from ui.labels import dims, out_names
from w2v_core.corpora import load_preset
from w2v_core.lab.lab import Lab


def _stepped(**settings):
    lab = Lab.from_text(load_preset("eat_drink"), **settings)
    lab.step(0.1)
    return lab, lab.last[1]


def test_the_network_names_every_drawn_output_with_its_y_and_EI():
    lab, trace = _stepped()
    net = phases.diagram(lab, trace, applied=True, limit=18)
    names = out_names(lab, trace)
    text = describe(network_figure(net, [lab.vocab.words[k] for k in net.inputs],
                                   [names[r] for r in net.outputs], 3, "y", 520))
    target = trace.true_output
    assert f"{names[target]} y {trace.out.y[target]:.3g}" in text
    for word in lab.vocab.words:
        assert word in text


def test_the_errors_chart_gives_the_smallest_and_largest_EI_with_their_words():
    lab, trace = _stepped()
    plot, err, labels, marked, note, title, _ = layers.of(trace.output).errors(lab, trace)
    text = describe(errors_figure(plot, err, labels, marked, trace.EH, dims(lab.settings.dim),
                                  title, note, 460))
    lo = int(np.argmin(err))
    assert f"from {err[lo]:.4g} ({labels[lo]})" in text
    assert f"to {max(trace.EH):.4g}" in text                  # the EH bars, largest
    assert "grid of values" in text                          # the heatmap of e
