"""How hierarchical softmax is shown: the inner nodes on each predicted word's Huffman path,
sigma and t at each, their errors summed per node (Rong eqs. 37-54)."""
from __future__ import annotations

import numpy as np

from ui import labels
from ui.layers import hidden_line, register, update_line
from ui.layers.items import ItemsPresentation
from w2v_core.step.layers import HierarchicalSoftmax


class HierarchicalPresentation(ItemsPresentation):
    error_per = "path through this node"

    def equations(self, arch: str) -> dict:
        total = r"\sum_{c=1}^{C}" if arch == "skipgram" else ""
        return dict(
            loss=(rf"E = -{total}\sum_{{n \in \text{{path}}(w_O)}} "
                  r"\log \sigma\big([\![n \to \text{left}]\!]\; v'^{T}_{n} h\big)"
                  r",\quad [\![\cdot]\!] = 2t_n - 1", "46"),
            forward=[hidden_line(arch),
                     (r"p(w_O \mid h) = \prod_{n \in \text{path}(w_O)} "
                      r"\sigma\big((2t_n - 1)\, v'^{T}_{n} h\big),\quad t_n = 1 - \text{code}_n",
                      "37")],
            output=(update_line(r"EI_j = \sum_{\text{paths through node } j} \big(\sigma(v'^{T}_{j} h)"
                                r" - t_j\big)\quad (j = \text{inner node})"), "51"),
            EH=(rf"EH = {total}\sum_{{n \in \text{{path}}(w_O)}} "
                r"\big(\sigma(v'^{T}_{n} h) - t_n\big)\, v'_{n}", "54"))

    def items(self, lab, out) -> dict:
        """One item per node of each predicted word's path."""
        words, paths = lab.vocab.words, out.paths
        return dict(
            labels=[f"c{c + 1} {labels.node(n)}" for c, p in enumerate(paths) for n in p.nodes],
            sigma=np.concatenate([p.sigma for p in paths]),
            err=np.concatenate([p.err for p in paths]),
            marked=np.concatenate([p.t == 1 for p in paths]),
            title="σ(v′_{n} · h) at each node of each predicted word's path (t_{n} = 1 marked)",
            ei_title="EI_{n} = Σ over paths of σ_{n} − t_{n} (inner nodes)",
            table={"target": [words[p.word] for p in paths for _ in p.nodes],
                   "node n": [labels.node(n) for p in paths for n in p.nodes],
                   "code": [int(b) for p in paths for b in p.codes],
                   "t_n": [float(t) for p in paths for t in p.t],
                   "v′_n·h": [float(x) for p in paths for x in p.x],
                   "σ": [float(v) for p in paths for v in p.sigma],
                   "σ − t": [float(e) for p in paths for e in p.err]})


register(HierarchicalSoftmax, HierarchicalPresentation())
