"""w2v_core: a NumPy word2vec engine that exposes every quantity of one SGD update.

Follows Xin Rong, "word2vec Parameter Learning Explained" (arXiv:1411.2738), and
word2vec.c where the two differ (see NOTATION.md in the course material).
Never imports Streamlit or Plotly. The floor plan:

- text.py, huffman.py, noise.py, subsampling.py, windows.py, functions.py: the pieces
  both trainers share (tokens and vocabulary, the Huffman tree, negatives, subsampling,
  the dynamic window, stable sigmoid and softmax);
- settings.py: every setting of a lab, its default and its range;
- step/: the exact float64 SGD step: the output layers (``layer.OutputLayer``, one module
  each, made known by ``layers.register``), the updates, ``Word2Vec.step`` and its trace,
  the gradient check;
- train/: the float32 trainer (word2vec.c's loop compiled, or NumPy mini-batches), each
  layer's batched twin registered beside it (twins.py), its work and memory estimates;
- vectors/: trained vectors: word2vec.c's files, neighbours and analogies;
- cli/: the command line (``python -m w2v_core``);
- lab/: one student's lab (corpus, model, stream, history), its budgets, its link and file;
- readouts/: what each page shows, computed here so that pages only lay it out (one
  module per page, plus the hand-check's mistakes and worksheets).
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
