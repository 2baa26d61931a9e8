"""Home: what the app teaches and where to start."""
import streamlit as st

from ui import charts
from ui.entry import through_app

through_app()       # a deep link to this page on a fresh server: through app.py

charts.page_title("How word2vec is trained, one update at a time")
st.markdown(
    """
This app accompanies the lecture on word2vec training (Xin Rong, *word2vec Parameter
Learning Explained*). It uses the slides' notation everywhere: the input matrix
**W** (V × N, row k is the input vector $v_w$), the output matrix **W′** (column j is
the output vector $v'_w$), the hidden layer **h**, scores **u**, softmax outputs **y**,
errors **e**, and the summed errors **EI** and **EH**.

**Where to start**

1. **Corpus lab**: pick a toy corpus (or paste your own text) and see its tokens, its
   vocabulary, the Huffman codes and the training instances the window makes.
2. **Step inspector**: press **Step** and watch one SGD update happen, number by number:
   the forward pass, the errors, the changes to W and W′, and the loss before and after.
   Check any number against your hand calculation, or against finite differences.
3. **Making it cheap**: hierarchical softmax, negative sampling and subsampling, each on
   its own page, and one instance under all three output layers side by side.
4. **Training**: train on the whole corpus and watch the vectors organise themselves
   (PCA over time), then try nearest neighbours and analogies.
"""
)
st.page_link("pages/step_inspector.py", label="Open the step inspector", icon=":material/biotech:")
st.page_link("pages/corpus_lab.py", label="Choose a corpus", icon=":material/menu_book:")
