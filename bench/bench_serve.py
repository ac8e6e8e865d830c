"""Compare production servers on one indexed look-up, with wrk on the same machine.

Needs wrk (Debian package) and, for the comparison, gunicorn (pip install gunicorn).
Uses DATABASE_URL (seed it first: openvss migrate && openvss load_reference).
Run: .venv/bin/python bench/bench_serve.py [--seconds 15] [--path /api/v1/facilities?q=79001]
"""

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request

SERVERS = {
    "granian wsgi (2 workers, 1 blocking thread)": [
        sys.executable, "-m", "granian", "--interface", "wsgi", "--workers", "2",
        "--blocking-threads", "1", "--no-ws", "--port", "{port}", "--log-level", "error",
        "openvss.wsgi:application",
    ],
    "gunicorn sync (2 workers)": [
        sys.executable, "-m", "gunicorn", "-w", "2", "-b", "127.0.0.1:{port}", "--log-level",
        "error", "openvss.wsgi:application",
    ],
    "granian asgi (2 workers)": [
        sys.executable, "-m", "granian", "--interface", "asgi", "--workers", "2", "--no-ws",
        "--port", "{port}", "--log-level", "error", "openvss.asgi:application",
    ],
}  # fmt: skip


def wait_ready(url: str, timeout: float = 30) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).read()  # noqa: S310 - loopback only
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"server did not answer {url}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--path", default="/api/v1/facilities?q=79001")
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install wrk")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "openvss.settings", "LOG_LEVEL": "WARNING"}
    port = 8765
    for label, template in SERVERS.items():
        cmd = [part.format(port=port) for part in template]
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # noqa: S603
        try:
            url = f"http://127.0.0.1:{port}{args.path}"
            wait_ready(url)
            out = subprocess.run(  # noqa: S603
                ["wrk", "-t2", f"-c{args.connections}", f"-d{args.seconds}s", "--latency", url],  # noqa: S607
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            rps = re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)
            p99 = re.search(r"99%\s+([\d.]+\w+)", out).group(1)
            print(f"{label:<46} {float(rps):8.0f} req/s   p99 {p99}")
        except (RuntimeError, subprocess.CalledProcessError, AttributeError) as exc:
            print(f"{label:<46} failed: {exc}")
        finally:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        port += 1


if __name__ == "__main__":
    main()
