"""Local stand-ins for the outside world: an SMS gateway over HTTP and a real SMTP server
(aiosmtpd), both on 127.0.0.1, that a test can stop, start, slow down or make refuse."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from aiosmtpd.controller import Controller


class SmsGateway:
    """Accepts ``POST {"to", "text"}``. ``statuses`` answers the next calls (then 200);
    with ``hang`` set, a call is recorded and then left unanswered until ``release()``."""

    def __init__(self, *, hang: bool = False, statuses: list[int] | None = None):
        self.received: list[dict] = []
        self.statuses = list(statuses or [])
        self.hang = hang
        self._release = threading.Event()
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                gateway.received.append(body)
                if gateway.hang:
                    gateway._release.wait(30)
                status = gateway.statuses.pop(0) if gateway.statuses else 200
                answer = json.dumps({"id": f"gw-{len(gateway.received)}"}).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(answer)))
                    self.end_headers()
                    self.wfile.write(answer)
                except OSError:
                    pass  # the caller died while we were "sending"

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}/sms"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def release(self) -> None:
        self._release.set()

    def close(self) -> None:
        self.release()
        self.server.shutdown()
        self.server.server_close()


class SmtpServer:
    """A real SMTP server; ``refuse`` makes it answer every recipient with 451 (try later)."""

    def __init__(self, port: int):
        self.received: list = []
        self.refuse = False
        self.port = port
        server = self

        class Handler:
            async def handle_RCPT(self, smtp, session, envelope, address, rcpt_options):
                if server.refuse:
                    return "451 4.3.0 Mailbox temporarily unavailable, try again later"
                envelope.rcpt_tos.append(address)
                return "250 OK"

            async def handle_DATA(self, smtp, session, envelope):
                server.received.append(envelope)
                return "250 Message accepted for delivery"

        self.controller = Controller(Handler(), hostname="127.0.0.1", port=port)

    def start(self) -> None:
        self.controller.start()

    def stop(self) -> None:
        self.controller.stop()
