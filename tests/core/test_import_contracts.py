"""The one-way dependency contracts (pyproject.toml, [tool.importlinter]) hold, and they hold
without exceptions: an ignore_imports entry would be an upward arrow let through."""

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def contracts() -> list[dict]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    return config["tool"]["importlinter"]["contracts"]


def test_no_contract_lists_an_exception():
    assert contracts(), "no import contract found"
    for contract in contracts():
        assert not contract.get("ignore_imports"), contract["name"]
        assert not contract.get("unmatched_ignore_imports_alerting"), contract["name"]


def test_every_app_sits_in_a_layer():
    layers = next(c for c in contracts() if c["type"] == "layers")["layers"]
    named = {m.strip() for layer in layers for m in layer.split("|")}
    apps = {
        f"openvss.{p.parent.name}" for p in (ROOT / "src" / "openvss").glob("*/__init__.py")
    } - {"openvss.templates", "openvss.static", "openvss.locale", "openvss.formats"}
    assert apps <= named, sorted(apps - named)


def test_the_contracts_are_kept():
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout[-3000:]
