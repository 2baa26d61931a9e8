"""Training whole corpora fast: the float32 trainer and what works on its output.

- stream.py: the corpus encoded once, each epoch's subsampling and radii, window pairs, and
  the alias sampler of negatives;
- batching.py: the mini-batch twins of the exact step's equations (its docstring maps each
  twin to the exact function it mirrors);
- sequential.py: word2vec.c's loop, one prediction after the other, compiled with numba
  (NS and HS; the mini-batches stand in where numba is missing);
- config.py, trainer.py: word2vec.c's training loop, compiled or over mini-batches
  (``train``, ``TrainConfig``, ``Progress``, ``TrainResult``);
- work.py: the work and CPU time a run will take, estimated before it starts (the app's
  budget per training); memory.py: the memory it will take (the command line's check);
- vectors_io.py: word2vec.c's text and binary vector files;
- similarity.py: nearest neighbours and analogies on trained vectors;
- cli.py: ``python -m w2v_core train | neighbors | analogy``; output_file.py: where
  ``train --out`` may write (never the corpus, never a FIFO or a device).
"""
