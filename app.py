"""Learning how word2vec is trained: navigation and the shared sidebar.

Run with `streamlit run app.py`. Every page reads the one lab in session state
(ui/state.py); the arithmetic lives in w2v_core.
"""
import streamlit as st

from ui import a11y, charts, entry, keep, links, live_class, notes, page_style, server_costs, state

server_costs.install()                  # six of Streamlit's costs, paid once (ui/server_costs.py)

page_style.inject(charts.presenting())  # equations that scroll, phone layout, presenter sizes
entry.arrived()                         # pages run through here (ui/entry.py)


def menu() -> dict:
    """The pages, by section (made once per process: ui/entry.py's ``menu``)."""
    return {
        "Start": [st.Page("pages/home.py", title="Home", icon=":material/home:", default=True),
                  st.Page("pages/lesson.py", title="Lesson", icon=":material/school:"),
                  st.Page("pages/live_class.py", title="Live class", icon=":material/groups:")],
        "One update": [
            st.Page("pages/corpus_lab.py", title="Corpus lab", icon=":material/menu_book:"),
            st.Page("pages/step_inspector.py", title="Step inspector", icon=":material/biotech:"),
            st.Page("pages/worksheet.py", title="Worksheet", icon=":material/assignment:"),
        ],
        "Making it cheap": [
            st.Page("pages/hierarchical_softmax.py", title="Hierarchical softmax", icon=":material/account_tree:"),
            st.Page("pages/negative_sampling.py", title="Negative sampling", icon=":material/casino:"),
            st.Page("pages/subsampling.py", title="Subsampling", icon=":material/content_cut:"),
            st.Page("pages/three_outputs.py", title="One instance, three output layers", icon=":material/balance:"),
        ],
        "Watching it learn": [st.Page("pages/training.py", title="Training", icon=":material/show_chart:")],
    }


st.set_option("client.showSidebarNavigation", True)   # see .streamlit/config.toml
page = st.navigation(entry.menu(menu))
# each page its title; presenter mode (a toggle on every page): the sidebar starts collapsed
st.set_page_config(page_title=f"{page.title} · word2vec, step by step", page_icon=":material/calculate:",
                   layout="wide", initial_sidebar_state="collapsed" if charts.presenting() else "auto")
live_class.route(page)                # a class link (?class=...) opens the Live class page

links.apply()                         # a link from elsewhere rebuilds its lab
lab = state.lab()
with st.sidebar:
    st.caption("Current lab")
    st.text(live_class.sidebar_lab(page) or
            f"Corpus: {state.corpus_name()}\n"
            f"V = {lab.vocab.size} words, {lab.vocab.total:,} tokens\n"
            f"{lab.settings.arch}, {lab.settings.output}, N = {lab.settings.dim}")
notes.show("link")

with entry.page_run():                # what follows the page runs in this run
    page.run()
if not live_class.keeps_address(page):       # the Live class page's address is the class link
    links.publish()                   # the address bar holds the lab
keep.guard()        # after the page: what a reload would lose, and how to keep it
a11y.inject()       # after the page (a script takes a line of room): live region, focusable equations
