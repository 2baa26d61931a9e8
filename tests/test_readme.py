"""The README's promises: its engine example runs, and its test command is what CI runs."""
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_engine_example_runs_and_its_step_lowers_the_loss():
    block = README.split("## Engine in five lines", 1)[1]
    code = re.search(r"```python\n(.*?)```", block, re.S).group(1)
    scope: dict = {}
    exec(code, scope)                                   # the README's own lines, as written
    trace = scope["trace"]
    assert trace.loss_after < trace.loss and trace.out.y.sum() == pytest.approx(1)


def test_the_two_commands_are_the_ones_ci_and_a_newcomer_use():
    commands = re.findall(r"```bash\n(.*?)\n```", README.split("## The two commands", 1)[1], re.S)
    assert commands[:2] == ["python3 -m pip install -r requirements.txt && python3 -m streamlit run app.py",
                            "bash scripts/test.sh"]
    assert "bash scripts/test.sh" in (ROOT / ".ci" / "run").read_text()
