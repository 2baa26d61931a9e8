"""Lesson: the lecture's path through word2vec training, stop by stop, each with the slide's
equation and the live numbers of a prepared lab, and a button that opens the page in that
state (the same links as the address bar: ui.links). The stops live in ui.lesson."""
import streamlit as st

from ui import charts, lesson
from ui.safe import md

PAGES = {"pages/step_inspector.py": "the Step inspector",
         "pages/three_outputs.py": "One instance, three output layers",
         "pages/hierarchical_softmax.py": "Hierarchical softmax",
         "pages/negative_sampling.py": "Negative sampling", "pages/subsampling.py": "Subsampling",
         "pages/training.py": "Training"}


def stop_section(n: int, stop: lesson.Stop) -> None:
    st.subheader(f"{n}. {stop.title}")
    st.markdown(md(stop.text))
    st.latex(lesson.equation(stop))
    st.markdown(f"**What to look for:** {md(stop.look_for)}")
    st.page_link(stop.page, label=f"Open {PAGES[stop.page]} in this state",
                 icon=":material/open_in_new:", query_params=stop.params)


charts.page_title("Lesson: how word2vec is trained")
st.markdown("The two lecture texts in one path, from the loss of skip-gram to training. Each "
            "stop's numbers come from a prepared lab; its button opens that lab where the idea "
            "shows, so you can step on from there.")
for number, each in enumerate(lesson.STOPS, 1):
    stop_section(number, each)
