"""w2v_core: a NumPy word2vec engine that exposes every quantity of one SGD update.

Follows Xin Rong, "word2vec Parameter Learning Explained" (arXiv:1411.2738), and
word2vec.c where the two differ (see NOTATION.md in the course material).
Never imports Streamlit or Plotly.
"""
from .huffman import HuffmanTree
from .step.model import ARCHS, CONVENTIONS, INITS, OUTPUTS, Word2Vec
from .noise import NoiseDistribution
from .text import Vocabulary, tokenize, tokenize_line
from .step.trace import HSPath, StepTrace

__all__ = ["ARCHS", "CONVENTIONS", "HSPath", "HuffmanTree", "INITS", "NoiseDistribution",
           "OUTPUTS", "StepTrace", "Vocabulary", "Word2Vec", "tokenize", "tokenize_line"]
