"""One student's lab: corpus, settings, model, the stream of instances, the step history
(lab.py), its budgets (limits.py), and the lab saved to and restored from a file (saved.py)."""
from .lab import Cursor, Lab, LabSettings, LossLog, Task, text_to_sentences
from .limits import (HISTORY_BYTES, MAX_PARAMETERS, MAX_STEPS, MAX_TEXT_CHARS, MAX_TOKENS,
                     MAX_VOCAB, MAX_WORD_CHARS)

__all__ = ["HISTORY_BYTES", "MAX_PARAMETERS", "MAX_STEPS", "MAX_TEXT_CHARS", "MAX_TOKENS", "MAX_VOCAB",
           "MAX_WORD_CHARS", "Cursor", "Lab", "LabSettings", "LossLog", "Task",
           "text_to_sentences"]
