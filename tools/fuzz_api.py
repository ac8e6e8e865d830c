"""Fuzz the whole API with schemathesis, as CI does (issue 11, item 10).

Starts the real server (granian, WSGI) on 127.0.0.1 with demo data in a temporary SQLite
database, creates a citizen's bearer token and a facility's API key, and runs schemathesis
against /api/openapi.json three times: anonymous, as the citizen, as the clinic. Fails on
any 5xx and on any answer the schema does not describe (status, content type, body).

    .venv/bin/python tools/fuzz_api.py [--budget SECONDS] [--examples N]

Bounded: each role has a time budget (``--budget``, default 60 s, so about 3 minutes in
all) and a number of examples per operation. Runs on 127.0.0.1 only.
"""

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"

SETUP = """
import django
django.setup()
from openvss.accounts import signin
from openvss.accounts.models import User
from openvss.clinics.services import api_key_create
from openvss.places.models import MedicalFacility

citizen = User.objects.filter(person__isnull=False, is_staff=False).order_by("pk").first()
tokens = signin.login(username=citizen.username, password="Demo@2026", device_id="fuzz-device")
_, key = api_key_create(
    facility=MedicalFacility.objects.order_by("code").first(), name="fuzz",
    scopes=["verify", "visits"],
)
print(tokens.access)
print(key)
"""

# Operations that would end the role's own session; fuzzed anonymously only, so that the
# rest of the citizen's run keeps a valid token.
SESSION_ENDERS = r"^/api/v1/(auth/logout|me/devices/\{device_pk\})$"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_ready(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - 127.0.0.1
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"the server did not answer {url} in {timeout:.0f} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--budget", type=int, default=60, help="seconds per role")
    parser.add_argument("--examples", type=int, default=25, help="examples per operation")
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="openvss-fuzz-") as tmp:
        env = {
            k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "DEBUG")
        }
        env.update(
            OPENVSS_VAR_DIR=tmp,
            OPENVSS_ENV="development",
            DJANGO_SETTINGS_MODULE="openvss.settings",
            SMS_BACKEND="memory",
            EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
            TASKS_BACKEND="django_tasks.backends.dummy.DummyBackend",
            SMS_WEBHOOK_SECRET="fuzz-webhook-secret",
            LOG_LEVEL="ERROR",
        )
        openvss = str(BIN / "openvss")
        run = {"env": env, "cwd": tmp, "check": True}
        print("== fuzz: demo data ==", flush=True)
        demo = [openvss, "demo", "--no-serve", "--people", "30"]
        subprocess.run(demo, **run, stdout=subprocess.DEVNULL)  # noqa: S603
        token, key = subprocess.run(  # noqa: S603
            [sys.executable, "-c", SETUP], **run, capture_output=True, text=True
        ).stdout.split()
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        # The server's log (a warning per 4xx) goes to a file; its tracebacks are shown below.
        server_log = Path(tmp) / "server.log"
        server = subprocess.Popen(  # noqa: S603
            [openvss, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "1"],
            env=env, cwd=tmp, stdout=server_log.open("w"), stderr=subprocess.STDOUT,
        )  # fmt: skip
        failed = []
        try:
            wait_ready(f"{base}/healthz")
            roles = [
                ("anonymous", [], []),
                ("citizen", ["-H", f"Authorization: Bearer {token}"],
                 ["--include-path-regex", r"^/api/v1/(me|auth)", "--exclude-path-regex", SESSION_ENDERS]),
                ("clinic", ["-H", f"X-API-Key: {key}"], ["--include-path-regex", r"^/api/v1/clinic/"]),
            ]  # fmt: skip
            for role, headers, scope in roles:
                print(f"== fuzz: {role} ==", flush=True)
                command = [
                    str(BIN / "st"), "run", f"{base}/api/openapi.json",
                    "--checks", CHECKS, "--phases", "examples,coverage,fuzzing",
                    "--max-examples", str(args.examples), "--max-time", str(args.budget),
                    "--seed", str(args.seed), "--workers", "1", "--request-timeout", "15",
                    "--suppress-health-check", "all", "--generation-database", "none",
                    "--no-color", "--warnings", "off", *headers, *scope,
                ]  # fmt: skip
                started = time.monotonic()
                rc = subprocess.run(command, cwd=tmp, check=False).returncode  # noqa: S603
                print(f"== fuzz: {role}: exit {rc} in {time.monotonic() - started:.0f} s ==")
                if rc != 0:
                    failed.append(role)
        finally:
            server.terminate()
            server.wait(timeout=20)
        log = server_log.read_text(errors="replace")
        if "Traceback" in log or "Internal Server Error" in log:
            first = min(
                i for i in (log.find("Traceback"), log.find("Internal Server Error")) if i >= 0
            )
            print(log[max(0, first - 2000) :][:20000])
            failed.append("server log")
    if failed:
        print(f"fuzz: failures as {', '.join(failed)}")
        return 1
    print("fuzz: 0 server errors, 0 undocumented responses")
    return 0


if __name__ == "__main__":
    sys.exit(main())
