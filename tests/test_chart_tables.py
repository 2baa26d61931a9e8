"""Every chart of a step can be read as a table (WCAG 1.1.1): a switch under the Network,
Updates and Loss charts of the Step inspector shows their numbers, equal to the engine's;
off, the page sends no table."""
import numpy as np
import pytest

import apptest
from ui import state
from ui.inspector.keys import TAB
from w2v_core.corpora import load_preset
from w2v_core.lab import Lab, LabSettings

PAGE = "pages/step_inspector.py"


@pytest.fixture
def at():
    at = apptest.open_page(PAGE, Lab.from_text(load_preset("eat_drink"), LabSettings()),
                           "Eat and drink")
    for _ in range(3):
        at.button(key="insp_step1").click().run()
    return at


def _panel(at, name):
    at.button_group(key=TAB).set_value(name).run()
    assert not at.exception, at.exception


def _tables(at, column: str) -> list:
    """The tables on the page that have ``column``, in page order."""
    return [d.value for d in at.dataframe if column in d.value.columns]


def _table(at, column: str):
    (found,) = _tables(at, column)
    return found


def test_the_network_as_a_table_lists_every_neuron_with_the_engines_numbers(at):
    _panel(at, "Network")
    assert not _tables(at, "EH_i")
    at.toggle(key="insp_net_all").set_value(True).run()
    lab = at.session_state[state.LAB]
    trace = lab.last[1]
    hidden = _table(at, "EH_i")
    np.testing.assert_array_equal(hidden["h_i"].to_numpy(), trace.h)
    np.testing.assert_array_equal(hidden["EH_i"].to_numpy(), trace.EH.ravel())
    outputs = _tables(at, "EI")[-1]          # (the first: the phone's table of the drawn ones)
    assert outputs["output"].tolist() == lab.vocab.words
    np.testing.assert_array_equal(outputs["y"].to_numpy(), trace.out.y)
    np.testing.assert_array_equal(outputs["EI"].to_numpy(), trace.out_err)


def test_the_updates_as_a_table_give_each_changed_vector_before_change_and_after(at):
    _panel(at, "Updates")
    at.toggle(key="insp_updates_as_table").set_value(True).run()
    lab = at.session_state[state.LAB]
    trace = lab.last[1]
    tables = _tables(at, "i = 1")
    assert len(tables) == 6           # W and W′: before, change, after
    w_after, w_out_after = tables[2], tables[5]
    rows = [int(k) for k in trace.in_rows]
    np.testing.assert_array_equal(w_after.iloc[:, 2:].to_numpy(dtype=float), lab.model.W_in[rows])
    cols = [int(j) for j in trace.out_rows]
    np.testing.assert_array_equal(w_out_after.iloc[:, 2:].to_numpy(dtype=float),
                                  lab.model.W_out[cols])


def test_the_loss_history_as_a_table_has_every_steps_loss_before_and_after(at):
    _panel(at, "Loss")
    assert not _tables(at, "E before")
    at.toggle(key="insp_loss_as_table").set_value(True).run()
    losses = at.session_state[state.LAB].losses.to_array()           # (steps, 2)
    shown = _table(at, "E before")
    assert shown["step"].tolist() == [1, 2, 3]
    np.testing.assert_array_equal(shown["E before"].to_numpy(), losses[:, 0])
    np.testing.assert_array_equal(shown["E after"].to_numpy(), losses[:, 1])
