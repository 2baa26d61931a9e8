"""The exact SGD step, in float64 (Rong, arXiv:1411.2738).

- outputs.py: the three output layers, forward quantities and error terms side by side;
- model.py: ``Word2Vec``, its parameters W and W' and ``step()``;
- trace.py: ``StepTrace``, everything one step computed;
- gradcheck.py: central finite differences against a step's gradient.
"""
