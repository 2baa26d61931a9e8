"""How full softmax is shown: every word's score u and probability y, the errors e of each
prediction and their sum EI (Rong eqs. 2-3, 12, 21-22 for CBOW; 24-36 for skip-gram)."""
from __future__ import annotations

import numpy as np
import streamlit as st

from ui import charts, labels
from ui import equations as eq
from ui.figures import step as fs
from ui.figures.parts import left_out, positions
from ui.layers import Presentation, hidden_line, register, update_line
from ui.tables import table, table_rows
from w2v_core.readouts import step_inspector as ins
from w2v_core.step.layers import FullSoftmax


class SoftmaxPresentation(Presentation):
    error_per = "prediction"

    def equations(self, arch: str) -> dict:
        sg = arch == "skipgram"
        return dict(
            loss=((r"E = -\log p(w_{O,1},\dots,w_{O,C} \mid w_I) = "
                   r"-\sum_{c=1}^{C} u_{j^*_c} + C \log \sum_{j'=1}^{V} \exp(u_{j'})", "29") if sg
                  else (r"E = -\log p(w_O \mid w_{I,1},\dots,w_{I,C}) = -u_{j^*} + "
                        r"\log \sum_{j'=1}^{V} \exp(u_{j'})", "21")),
            forward=[hidden_line(arch), (r"u_j = v'^{T}_{w_j} h", "26" if sg else "2"),
                     (r"y_j = \frac{\exp(u_j)}{\sum_{j'=1}^{V} \exp(u_{j'})}", "25" if sg else "3")],
            output=(update_line(r"EI_j = \sum_{c=1}^{C} e_{c,j} = \sum_{c=1}^{C} (y_j - t_{c,j})"
                                if sg else r"EI_j = e_j = y_j - t_j"), "33" if sg else "22"),
            EH=(r"EH_i = \sum_{j=1}^{V} EI_j \cdot w'_{ij}", "36" if sg else "12"))

    def forward(self, lab, trace, dims) -> None:
        words, out = lab.vocab.words, trace.out
        f = ins.words_focus(trace, out.y)
        shown = f.shown
        charts.show(lambda: fs.forward_figure(trace.h, dims, [
            ("u_{j} = v′_{j} · h (scores)", "u", out.u[shown], None),
            ("y_{j} = softmax(u)_{j} = p(w_{j} | h)", "y", out.y[shown], None)],
            [words[j] for j in shown], positions(shown, trace.targets),
            left_out(f, "y", words), charts.height(470, 380)), key="insp_forward")
        normaliser_lines(out.u)
        rows = table_rows(f, "insp_fwd_all")
        cols = {"j": [labels.number(j) for j in rows], "word": [words[j] for j in rows],
                "u_j": out.u[rows], "y_j": out.y[rows]}
        for c, w in enumerate(trace.targets):
            cols[f"t (c={c + 1}: {words[w]})"] = out.t[c][rows]
        table(cols)

    def errors(self, lab, trace) -> tuple:
        words, out = lab.vocab.words, trace.out
        f = ins.words_focus(trace, np.abs(out.e).max(axis=0))
        shown = f.shown
        plot = fs.e_plot(out.e[:, shown],
                         [f"c={c + 1}: {words[w]}" for c, w in enumerate(trace.targets)],
                         [words[j] for j in shown], positions(shown, trace.targets))
        rows = table_rows(f, "insp_err_all")
        return (plot, out.EI[shown], [words[j] for j in shown], positions(shown, trace.targets),
                left_out(f, "|e|", words),
                "EI_{j} = Σ_{c} e_{c,j}" if len(trace.targets) > 1 else "EI_{j} = e_{j}",
                {"j": [labels.number(j) for j in rows], "output vector": [words[j] for j in rows],
                 "EI_j": out.EI[rows]})


def normaliser_lines(u) -> None:
    """The softmax's denominator, which every y_j is computed from by hand: Σ_j exp(u_j) and
    its log (w2v_core: the log by the stable log-sum-exp; the sum only where exp does not
    overflow a float64)."""
    n = ins.normaliser(u)
    log_sum = eq.tex_number(n.log_sum)
    total = (rf"\sum_{{j'=1}}^{{V}} \exp(u_{{j'}}) = {eq.tex_number(n.total)},\qquad "
             if n.total is not None else "")
    st.latex(total + rf"\log \sum_{{j'=1}}^{{V}} \exp(u_{{j'}}) = {log_sum}")
    st.caption((f"So yⱼ = exp(uⱼ) / {eq.number(n.total)} = exp(uⱼ − {eq.number(n.log_sum)})."
                if n.total is not None else
                f"Σ exp(u) is larger than a float64 holds (exp overflows past u ≈ 709), so it is "
                f"not shown: yⱼ = exp(uⱼ − {eq.number(n.log_sum)}), computed from its log.")
               + " The same denominator for every predicted word: one h, one set of scores.")


register(FullSoftmax, SoftmaxPresentation())
