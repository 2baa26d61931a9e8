"""How negative sampling is shown: the positive and the k negatives of each prediction, sigma
and t of each sample, their errors summed per word (Rong eqs. 55-61)."""
from __future__ import annotations

from ui.layers import hidden_line, register, update_line
from ui.layers.items import ItemsPresentation
from w2v_core.step.layers import NegativeSampling


class NegativePresentation(ItemsPresentation):
    error_per = "sample of this word"

    def equations(self, arch: str) -> dict:
        total = r"\sum_{c=1}^{C}" if arch == "skipgram" else ""
        return dict(
            loss=(rf"E = {total}\Big(-\log \sigma(v'^{{T}}_{{w_O}} h) "
                  r"- \sum_{w_j \in \mathcal{W}_{neg}} \log \sigma(-v'^{T}_{w_j} h)\Big)", "55"),
            forward=[hidden_line(arch),
                     (r"\sigma(v'^{T}_{w_j} h)\ \text{ for } w_j \in \{w_O\} \cup "
                      r"\mathcal{W}_{neg},\quad t_j = 1 \text{ for } w_O,\ 0 \text{ for the } "
                      r"k \text{ negatives}", "")],
            output=(update_line(r"EI_j = \sum_{\text{samples equal to } w_j} "
                                r"\big(\sigma(v'^{T}_{w_j} h) - t_j\big)\quad "
                                r"(\text{only } w_O \text{ and the negatives})"), "59"),
            EH=(rf"EH = {total}\sum_{{w_j \in \{{w_O\}} \cup \mathcal{{W}}_{{neg}}}} "
                r"\big(\sigma(v'^{T}_{w_j} h) - t_j\big)\, v'_{w_j}", "61"))

    def items(self, lab, out) -> dict:
        """One item per sample (the positive, then the k negatives)."""
        words = lab.vocab.words
        P, K = out.samples.shape
        return dict(
            labels=[f"c{c + 1} {'+' if s == 0 else '−'}{words[j]}"
                    for c, row in enumerate(out.samples) for s, j in enumerate(row)],
            sigma=out.sigma.ravel(), err=out.sample_err.ravel(), marked=(out.t == 1).ravel(),
            title="σ(v′_{j} · h) of each positive (+) and negative (−)",
            ei_title="EI_{j} = Σ over samples of σ − t (only k + 1 words per prediction)",
            table={"c": [c + 1 for c in range(P) for _ in range(K)],
                   "sample": [words[j] for j in out.samples.ravel()], "t": out.t.ravel(),
                   "v′_j·h": out.x.ravel(), "σ": out.sigma.ravel(),
                   "σ − t": out.sample_err.ravel()})


register(NegativeSampling, NegativePresentation())
