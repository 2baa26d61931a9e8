"""The command line, ``python -m w2v_core train | neighbors | analogy`` (main.py), and where
``train --out`` may write (output_file.py: never the corpus, never a FIFO or a device)."""
