"""The general equations of each output layer as the slides write them, with Rong's numbers
(arXiv:1411.2738): one function per layer (no Streamlit), each returning its loss, forward
lines, output update and EH as (LaTeX, equation number) pairs. A new output layer adds one
function here and one entry in GENERAL.
"""
from __future__ import annotations

UPDATE = r"w'^{(\text{new})}_{ij} = w'^{(\text{old})}_{ij} - \eta \cdot EI_j \cdot h_i"


def _h(arch: str) -> tuple[str, str]:
    if arch == "skipgram":
        return r"h = W^{T} x = v_{w_I}", "24"
    return (r"h = \frac{1}{C}\, W^{T}(x_1 + \dots + x_C) = \frac{1}{C}\sum_{c=1}^{C} v_{w_{I,c}}",
            "17")


def _update(ei: str) -> str:
    """The update and, on its own line (to fit a 1280-px screen), the error it uses."""
    return rf"\begin{{gathered}} {UPDATE} \\ {ei} \end{{gathered}}"


def softmax(arch: str) -> dict:
    """Full softmax (eqs. 2-3, 12, 21-22 for CBOW; 24-36 for skip-gram)."""
    sg = arch == "skipgram"
    return dict(
        loss=((r"E = -\log p(w_{O,1},\dots,w_{O,C} \mid w_I) = "
               r"-\sum_{c=1}^{C} u_{j^*_c} + C \log \sum_{j'=1}^{V} \exp(u_{j'})", "29") if sg else
              (r"E = -\log p(w_O \mid w_{I,1},\dots,w_{I,C}) = -u_{j^*} + "
               r"\log \sum_{j'=1}^{V} \exp(u_{j'})", "21")),
        forward=[_h(arch), (r"u_j = v'^{T}_{w_j} h", "26" if sg else "2"),
                 (r"y_j = \frac{\exp(u_j)}{\sum_{j'=1}^{V} \exp(u_{j'})}", "25" if sg else "3")],
        output=(_update(r"EI_j = \sum_{c=1}^{C} e_{c,j} = \sum_{c=1}^{C} (y_j - t_{c,j})" if sg
                        else r"EI_j = e_j = y_j - t_j"), "33" if sg else "22"),
        EH=(r"EH_i = \sum_{j=1}^{V} EI_j \cdot w'_{ij}", "36" if sg else "12"))


def hierarchical(arch: str) -> dict:
    """Hierarchical softmax (eqs. 37-54)."""
    total = r"\sum_{c=1}^{C}" if arch == "skipgram" else ""
    return dict(
        loss=(rf"E = -{total}\sum_{{n \in \text{{path}}(w_O)}} "
              r"\log \sigma\big([\![n \to \text{left}]\!]\; v'^{T}_{n} h\big)"
              r",\quad [\![\cdot]\!] = 2t_n - 1", "46"),
        forward=[_h(arch), (r"p(w_O \mid h) = \prod_{n \in \text{path}(w_O)} "
                            r"\sigma\big((2t_n - 1)\, v'^{T}_{n} h\big),\quad t_n = 1 - \text{code}_n",
                            "37")],
        output=(_update(r"EI_j = \sum_{\text{paths through node } j} \big(\sigma(v'^{T}_{j} h) - "
                        r"t_j\big)\quad (j = \text{inner node})"), "51"),
        EH=(rf"EH = {total}\sum_{{n \in \text{{path}}(w_O)}} "
            r"\big(\sigma(v'^{T}_{n} h) - t_n\big)\, v'_{n}", "54"))


def negative(arch: str) -> dict:
    """Negative sampling (eqs. 55-61)."""
    total = r"\sum_{c=1}^{C}" if arch == "skipgram" else ""
    return dict(
        loss=(rf"E = {total}\Big(-\log \sigma(v'^{{T}}_{{w_O}} h) "
              r"- \sum_{w_j \in \mathcal{W}_{neg}} \log \sigma(-v'^{T}_{w_j} h)\Big)", "55"),
        forward=[_h(arch), (r"\sigma(v'^{T}_{w_j} h)\ \text{ for } w_j \in \{w_O\} \cup "
                            r"\mathcal{W}_{neg},\quad t_j = 1 \text{ for } w_O,\ 0 \text{ for the } "
                            r"k \text{ negatives}", "")],
        output=(_update(r"EI_j = \sum_{\text{samples equal to } w_j} \big(\sigma(v'^{T}_{w_j} h) - "
                        r"t_j\big)\quad (\text{only } w_O \text{ and the negatives})"), "59"),
        EH=(rf"EH = {total}\sum_{{w_j \in \{{w_O\}} \cup \mathcal{{W}}_{{neg}}}} "
            r"\big(\sigma(v'^{T}_{w_j} h) - t_j\big)\, v'_{w_j}", "61"))


GENERAL = {"softmax": softmax, "hs": hierarchical, "ns": negative}
