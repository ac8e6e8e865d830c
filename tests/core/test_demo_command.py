"""`openvss demo` (what `make demo` runs): its options, its port, and its worker process."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CLI = [sys.executable, "-m", "openvss.cli"]


def demo_env(tmp_path, **extra) -> dict:
    """A demo of its own: SQLite and var/ in a temporary folder, nothing shared."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("DATABASE_URL", "REDIS_URL", "DEBUG", "PORT", "HOST", "OPENVSS_ENV")}  # fmt: skip
    env.update(OPENVSS_VAR_DIR=str(tmp_path / "var"), **extra)
    return env


@pytest.fixture
def busy_port():
    """A port something already listens on."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        yield listener.getsockname()[1]


def processes_of(var_dir: Path) -> list[int]:
    """Processes started for this demo (their environment names its var/ folder)."""
    marker = f"OPENVSS_VAR_DIR={var_dir}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            if marker in (entry / "environ").read_bytes().split(b"\0"):
                found.append(int(entry.name))
        except OSError:
            continue  # gone, or not ours to read
    return found


def test_demo_help_lists_every_option_in_vietnamese():
    result = subprocess.run([*CLI, "demo", "--help"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0
    for option, words in (
        ("--people", "số người mẫu"),
        ("--host", "địa chỉ lắng nghe"),
        ("--port", "cổng lắng nghe"),
        ("--no-serve", "chỉ chuẩn bị dữ liệu"),
    ):
        assert option in result.stdout and words in result.stdout, option
    assert "PORT" in result.stdout and "HOST" in result.stdout
    # Django's own options too: no English left.
    for english in ("show this help", "Verbosity", "Show program", "options:", "usage:"):
        assert english not in result.stdout
    assert "cách dùng:" in result.stdout and "mức chi tiết khi in" in result.stdout


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs Linux /proc")
@pytest.mark.parametrize("how", ["option", "PORT"])
def test_a_busy_port_ends_the_demo_cleanly_without_a_worker(tmp_path, busy_port, how):
    env = demo_env(tmp_path, **({"PORT": str(busy_port)} if how == "PORT" else {}))
    argv = [*CLI, "demo"] + (["--port", str(busy_port)] if how == "option" else [])
    result = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert f"Cổng {busy_port} trên 127.0.0.1 đang được dùng" in result.stderr
    assert "Traceback" not in result.stderr
    assert processes_of(tmp_path / "var") == []  # no worker left behind
    assert not (tmp_path / "var" / "openvss.sqlite3").exists()  # refused before any set-up


@pytest.mark.skipif(not shutil.which("make"), reason="needs make")
def test_make_demo_passes_port_through(tmp_path, busy_port):
    if not (ROOT / ".venv" / ".installed").exists():
        pytest.skip("make demo needs the project's .venv (make install)")
    result = subprocess.run(
        ["make", "-s", "demo"], cwd=ROOT, env=demo_env(tmp_path, PORT=str(busy_port)),
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert f"Cổng {busy_port} trên 127.0.0.1 đang được dùng" in result.stderr


def wait_for(url: str, process, seconds: float = 240) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stdout.read()
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.read().decode()
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"{url} never answered")


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs Linux /proc")
def test_the_demo_serves_on_port_and_stops_its_worker_when_stopped(tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = demo_env(tmp_path, PORT=str(port))
    demo = subprocess.Popen(
        [*CLI, "demo", "--people", "30"], env=env, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        assert '"status": "ok"' in wait_for(f"http://127.0.0.1:{port}/healthz", demo)
        phone = wait_for(f"http://127.0.0.1:{port}/dien-thoai-mo-phong/", demo)
        assert "Điện thoại mô phỏng" in phone
        assert len(processes_of(tmp_path / "var")) == 2  # the site and its worker
        demo.send_signal(signal.SIGTERM)
        demo.wait(timeout=30)
    finally:
        if demo.poll() is None:
            demo.kill()
            demo.wait()
    output = demo.stdout.read()
    for login in ("0123456789", "7912345678", "canbo.hanoi", "canbo.hcm", "quantri"):
        assert login in output
    assert "Demo@2026" in output
    deadline = time.monotonic() + 15
    while processes_of(tmp_path / "var") and time.monotonic() < deadline:
        time.sleep(0.2)
    assert processes_of(tmp_path / "var") == []  # the worker stopped with the demo
