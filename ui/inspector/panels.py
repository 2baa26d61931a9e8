"""The Step inspector's panels: their names in the picker's order, the phase of a step in
which each is revealed, and the function that draws each (tests and benches import this)."""
from __future__ import annotations

import streamlit as st

from ui.inspector.forward import errors_panel, forward_panel
from ui.inspector.more import check_panel, equations_panel, loss_panel
from ui.inspector.network import network_panel, probe_panel
from ui.inspector.overview import overview_panel
from ui.inspector.updates import sheet_panel, updates_panel
from w2v_core.lab.phases import NAMES

PANELS = {"Network": network_panel, "Forward pass": forward_panel, "Errors": errors_panel,
          "Updates": updates_panel, "Hand-check sheet": sheet_panel,
          "Equations": equations_panel, "Loss": loss_panel, "Check": check_panel,
          "Probe": probe_panel, "Overview": overview_panel}
REVEALED_IN = {"Network": 1, "Forward pass": 1, "Errors": 2, "Probe": 0,
               "Overview": 1}                                               # others: phase 3


def draw(name: str, lab, trace, task, phase: int) -> None:
    """Panel ``name`` for ``trace`` shown in ``phase`` (3: the whole step)."""
    shown_in = REVEALED_IN.get(name, 3)
    if phase < 3 and phase < shown_in:
        st.info(f"Revealed in phase {shown_in} ({NAMES[shown_in]}).")
    elif name == "Network":
        network_panel(lab, trace, phase)
    elif name == "Hand-check sheet":
        sheet_panel(lab, trace, task)
    else:
        PANELS[name](lab, trace)
