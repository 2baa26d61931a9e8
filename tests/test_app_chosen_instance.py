"""An instance chosen under “Enter your own W and W′” is the instance the Hierarchical
softmax, Negative sampling and “three output layers” pages show, before Step is pressed
(their numbers are the preview of the chosen step), and after it (the lab's own step)."""
import numpy as np
import pytest

import apptest
from w2v_core.corpora import load_preset
from w2v_core.lab import Lab, LabSettings
from w2v_core.lab import own
from w2v_core.readouts.three_outputs import instance_view

CHASE, CATS, DOGS, MICE = range(4)        # pencil_four's vocabulary


def _lab(steps: int = 1, **settings) -> Lab:
    """pencil_four after ``steps`` stream steps, with mice -> cats chosen for the next one
    (the stream's next instance is another)."""
    lab = Lab.from_text(load_preset("pencil_four"), LabSettings(dim=2, **settings))
    if steps:
        lab.step(0.5, steps)
    negatives = [[CHASE, DOGS]] if lab.model.layer.samples_negatives else None
    own.choose(lab, [MICE], [CATS], negatives)
    return lab


def _table(at, *columns):
    """The page's first table with these columns (AppTest keeps no dataframe keys)."""
    return next(d for d in at.dataframe if set(columns) <= set(d.value.columns))


@pytest.mark.parametrize("steps", [0, 2])
def test_the_hs_page_shows_the_chosen_instance(steps):
    lab = _lab(steps, output="hs")
    at = apptest.open_page("pages/hierarchical_softmax.py", lab=lab)
    said = " ".join(apptest.shown(m.value) for m in at.markdown)
    assert "Input word(s): **mice**; predicted word(s): **cats**" in said
    assert "Your own instance" in said
    view = instance_view(at.session_state["lab"], "hs")
    assert view.trace.inputs.tolist() == [MICE] and view.trace.targets.tolist() == [CATS]
    assert at.selectbox(key="hs_word").value == CATS
    np.testing.assert_array_equal(_table(at, "node", "σ").value["σ"].to_numpy(),
                                  np.concatenate([p.sigma for p in view.trace.out.paths]))


def test_the_ns_page_shows_the_chosen_instance_and_its_chosen_negatives():
    at = apptest.open_page("pages/negative_sampling.py", lab=_lab(1, output="ns", negative=2))
    at.slider(key="ns_k").set_value(2).run()
    table = _table(at, "role", "word").value
    assert table["word"].tolist() == ["cats", "chase", "dogs"]
    assert set(table["prediction"]) == {"cats"}
    assert any("Input word(s): **mice**" in m.value for m in at.markdown)
    assert any("Your own instance" in c.value for c in at.caption)
    assert not [b for b in at.button if b.key == "ns_switch"]      # the lab's own layer


def test_the_ns_page_on_a_softmax_lab_previews_the_chosen_instance_on_its_copy():
    at = apptest.open_page("pages/negative_sampling.py", lab=_lab(1, output="softmax"))
    table = _table(at, "role", "word").value
    assert set(table["prediction"]) == {"cats"}
    assert any("Input word(s): **mice**" in m.value for m in at.markdown)
    assert any("Your own instance" in c.value for c in at.caption)
    assert [b for b in at.button if b.key == "ns_switch"]


def test_the_three_layers_page_compares_the_chosen_instance():
    at = apptest.open_page("pages/three_outputs.py", lab=_lab(1, output="ns", negative=2))
    at.slider(key="three_k").set_value(2).run()
    said = " ".join(apptest.shown(m.value) for m in at.markdown)
    assert "your own instance" in said
    assert ("Input word(s): **mice**; predicted word(s): **cats**" in said
            and "negatives: chase, dogs." in said)


def test_after_the_chosen_step_the_pages_show_it_as_the_labs_newest_step():
    lab = _lab(0, output="hs")
    lab.step(0.5)
    at = apptest.open_page("pages/hierarchical_softmax.py", lab=lab)
    said = " ".join(apptest.shown(m.value) for m in at.markdown)
    assert "Instance of the lab's newest step" in said
    assert "predicted word(s): **cats**" in said and "Your own instance" not in said


def test_without_a_chosen_instance_the_pages_show_the_stream_as_before():
    lab = Lab.from_text(load_preset("pencil_four"), LabSettings(dim=2, output="hs"))
    task = lab.next_task()
    at = apptest.open_page("pages/hierarchical_softmax.py", lab=lab)
    view = instance_view(at.session_state["lab"], "hs")
    assert view.task == task and "Your own instance" not in " ".join(m.value for m in at.markdown)
