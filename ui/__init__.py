"""The app's own helpers: session state, safe text, and figure builders.

Pages import from here and from w2v_core; nothing here does model arithmetic.
"""
