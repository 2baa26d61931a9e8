"""One student's lab: corpus, settings, model, the stream of instances, the step history
(lab.py), and the lab saved to and restored from a file (saved.py)."""
from .lab import HISTORY_BYTES, MAX_TEXT_CHARS, Cursor, Lab, LabSettings, LossLog, Task, text_to_sentences

__all__ = ["HISTORY_BYTES", "MAX_TEXT_CHARS", "Cursor", "Lab", "LabSettings", "LossLog", "Task",
           "text_to_sentences"]
