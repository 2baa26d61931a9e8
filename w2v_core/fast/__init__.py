"""Training whole corpora fast: the vectorised float32 trainer and what works on its output.

- batching.py: the mini-batch twins of the exact step's equations (float32, B predictions);
- trainer.py: word2vec.c's training loop over mini-batches (``train``, ``TrainConfig``);
- vectors_io.py: word2vec.c's text and binary vector files;
- similarity.py: nearest neighbours and analogies on trained vectors;
- cli.py: ``python -m w2v_core train | neighbors | analogy``.
"""
