"""Regenerate ``large_generated.txt``, the text of the "Large generated corpus" preset.

Run ``python -m w2v_core.corpora.make_large_generated``; the output is the same on every
run (``generate_class_corpus`` with a fixed seed). tests/test_corpora.py checks that the
stored file is exactly this output.
"""
from __future__ import annotations

from pathlib import Path

from w2v_core.corpora import LARGE_N_SENTENCES, LARGE_SEED
from w2v_core.corpora.generator import generate_class_corpus


def main() -> None:
    lines, _ = generate_class_corpus(LARGE_N_SENTENCES, seed=LARGE_SEED)
    out = Path(__file__).with_name("large_generated.txt")
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {out} ({len(lines):,} lines)")


if __name__ == "__main__":
    main()
