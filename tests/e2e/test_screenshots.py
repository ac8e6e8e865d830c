"""`openvss screenshots` starts its own demo and writes phone-size PNGs of the screens."""

import os
import subprocess
import sys

import pytest
from PIL import Image

from tests.core.test_demo_command import demo_env
from tests.e2e.conftest import CHROMIUM

pytestmark = pytest.mark.e2e


def test_screenshots_of_a_guest_and_a_citizen_screen(browser, tmp_path):
    out = tmp_path / "shots"
    result = subprocess.run(
        [sys.executable, "-m", "openvss.cli", "screenshots", "--out", str(out), "--width", "360",
         "--screens", "guest-home,card", "--people", "30", "--chromium", CHROMIUM],
        env=demo_env(tmp_path, DJANGO_ALLOW_ASYNC_UNSAFE="true"),
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["card.png", "guest-home.png"]
    for name in ("card.png", "guest-home.png"):
        with Image.open(out / name) as image:
            assert image.format == "PNG" and image.width == 360
    # The command fails if a citizen's screen lands on the login page instead.
    assert "Đã lưu 2 ảnh" in result.stdout


def test_screenshots_refuses_an_unknown_screen(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "openvss.cli", "screenshots", "--out", str(tmp_path),
         "--screens", "nowhere"],
        env={**os.environ, "OPENVSS_VAR_DIR": str(tmp_path / "var")},
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 1 and "Màn hình không có: nowhere" in result.stderr
