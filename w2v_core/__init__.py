"""w2v_core: a NumPy word2vec engine that exposes every quantity of one SGD update.

Follows Xin Rong, "word2vec Parameter Learning Explained" (arXiv:1411.2738), and
word2vec.c where the two differ (see NOTATION.md in the course material).
Never imports Streamlit or Plotly. The floor plan:

- text.py, huffman.py, noise.py, subsampling.py, windows.py, functions.py: the pieces
  both trainers share (tokens and vocabulary, the Huffman tree, negatives, subsampling,
  the dynamic window, stable sigmoid and softmax);
- settings.py: every setting of a lab, its default and its range;
- step/: the exact float64 SGD step, its output layers, its trace, the gradient check;
- fast/: the vectorised float32 trainer, vector files and the command line;
- lab/: one student's lab (corpus, model, stream, history) and its saved file;
- readouts/: what each page shows, computed here so that pages only lay it out.
"""
from .huffman import HuffmanTree
from .noise import NoiseDistribution
from .settings import ARCHS, CONVENTIONS, INITS, OUTPUTS, LabSettings
from .step.layers import HSPath
from .step.model import Word2Vec
from .step.trace import StepTrace
from .text import Vocabulary, tokenize, tokenize_line

__all__ = ["ARCHS", "CONVENTIONS", "HSPath", "HuffmanTree", "INITS", "LabSettings",
           "NoiseDistribution", "OUTPUTS", "StepTrace", "Vocabulary", "Word2Vec", "tokenize",
           "tokenize_line"]
