import os
import sys

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Chạy máy chủ sản xuất (granian, giao diện WSGI). WSGI đo được nhanh hơn ASGI cho các "
        "view đồng bộ của dự án (bench/README.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument(
            "--workers", type=int, default=int(os.environ.get("WEB_WORKERS", os.cpu_count() or 1))
        )
        # 4 lets the card checks waiting at once in a worker share one access-log commit
        # (bench/README.md). The registration crash test (tests/dossiers/test_faults.py) runs
        # the server this way: its confirm refused after the restart was a code spent outside
        # the confirmation's transaction, fixed in the dossier engine.
        parser.add_argument("--threads", type=int, default=int(os.environ.get("WEB_THREADS", "4")))

    def handle(self, *args, host: str, port: int, workers: int, threads: int, **options):
        argv = [
            sys.executable, "-m", "granian", "--interface", "wsgi",
            "--host", host, "--port", str(port), "--workers", str(workers),
            # Threads per worker: a card check waits for its access-log row's commit (a disk
            # flush), and the checks waiting at once in a worker share one commit
            # (audit/writer.py); with one thread the worker idles through every flush.
            "--blocking-threads", str(threads), "--blocking-threads-idle-timeout", "600",
            "--no-ws", "--log-level", "warning",
            "openvss.wsgi:application",
        ]  # fmt: skip
        self.stdout.write(f"Phục vụ tại http://{host}:{port}/ với {workers} worker (granian WSGI)")
        sys.stdout.flush()
        os.execv(sys.executable, argv)  # noqa: S606 - replaces this process with granian
