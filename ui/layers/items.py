"""How a layer whose outputs are a few items is shown (the nodes of hierarchical softmax's
paths, the samples of negative sampling): one value sigma and one error sigma - t per item,
the true ones (t = 1) marked, and EI summed over the items of each output vector."""
from __future__ import annotations

import numpy as np

from ui import charts, labels
from ui.figures import step as fs
from ui.layers import Presentation
from ui.tables import table


class ItemsPresentation(Presentation):
    """A subclass gives ``items(lab, out)``: labels, sigma, err, marked, title, ei_title, table."""

    def items(self, lab, out) -> dict:
        raise NotImplementedError

    def forward(self, lab, trace, dims) -> None:
        it = self.items(lab, trace.out)
        charts.show(lambda: fs.forward_figure(
            trace.h, dims, [(it["title"], "σ", it["sigma"], [0, 1.05])], it["labels"],
            np.flatnonzero(it["marked"]), "", charts.height(420, 360)), key="insp_forward")
        table(it["table"])

    def errors(self, lab, trace) -> tuple:
        it, out = self.items(lab, trace.out), trace.out
        names = labels.out_names(lab, trace)
        plot = fs.samples_plot(it["labels"], it["err"], it["marked"], "σ − t at each node / sample")
        return (plot, out.err, [names[j] for j in out.rows], [], "", it["ei_title"],
                {"j": [labels.number(j) for j in out.rows],
                 "output vector": [names[j] for j in out.rows], "EI_j": out.err})
