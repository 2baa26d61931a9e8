"""Trained word vectors: word2vec.c's text and binary files (word2vec_format.py), nearest
neighbours and analogies by cosine similarity (similarity.py)."""
