"""Training whole corpora fast: the float32 trainer.

- stream.py: the corpus encoded once, each epoch's subsampling and radii, window pairs, and
  the alias sampler of negatives;
- batching.py: the mini-batch twins of the exact step's equations (its docstring maps each
  twin to the exact function it mirrors); twins.py: each output layer's twin and compiled
  kernel, registered beside the exact layer's class;
- sequential.py: word2vec.c's loop, one prediction after the other, compiled with numba
  (NS and HS; the mini-batches stand in where numba is missing);
- config.py, trainer.py: word2vec.c's training loop, compiled or over mini-batches
  (``train``, ``TrainConfig``, ``Progress``, ``TrainResult``);
- work.py: the work and CPU time a run will take, estimated before it starts (the app's
  budget per training); memory.py: the memory it will take (the command line's check);
- corpus_file.py: a corpus file read and encoded in one pass (the command line's).

What works on its output lives beside it: ../vectors/ (word2vec.c's vector files, nearest
neighbours and analogies) and ../cli/ (``python -m w2v_core train | neighbors | analogy``).
"""
