import hashlib
import hmac
import os
import signal
import socket
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.urls import NoReverseMatch, reverse

from openvss.core.management.vietnamese import vietnamese_parser
from openvss.demo.data import CURATED_CODES, demo_applicant, demo_ensure, demo_people_ensure
from openvss.people.models import Person


def port_in_use(host: str, port: int) -> bool:
    """True if something already listens on ``host:port`` (checked the way runserver binds)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror:
        return False  # runserver will report the bad address itself
    family, kind, proto, _name, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        # runserver sets SO_REUSEADDR too: a socket in TIME_WAIT is no clash, a listener is.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError:
            return True
    return False


def _die_with_parent() -> None:  # pragma: no cover - runs in the child before exec
    """Linux: the worker gets SIGTERM when the demo process ends, however it ends (runserver
    leaves with os._exit on some errors, which skips every ``finally``)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def demo_webhook_secret() -> str:
    """The demo's SMS-gateway secret: stable for this installation, derived from SECRET_KEY."""
    return hmac.new(
        settings.SECRET_KEY.encode(), b"openvss demo sms webhook", hashlib.sha256
    ).hexdigest()


class Command(BaseCommand):
    help = (
        "Bản demo: chuẩn bị cơ sở dữ liệu mẫu (lần đầu), in các tài khoản demo (không đổi giữa "
        "các lần chạy), chạy trang web và tiến trình gửi tin. Địa chỉ lấy từ biến môi trường "
        "HOST và PORT (mặc định 127.0.0.1:8000)."
    )

    def create_parser(self, prog_name, subcommand, **kwargs):
        return vietnamese_parser(super().create_parser(prog_name, subcommand, **kwargs))

    def add_arguments(self, parser):
        parser.add_argument(
            "--people",
            type=int,
            default=500,
            help="số người mẫu sinh thêm khi cơ sở dữ liệu còn trống (mặc định 500)",
        )
        parser.add_argument(
            "--host",
            default=os.environ.get("HOST") or "127.0.0.1",
            help="địa chỉ lắng nghe (mặc định: biến HOST hoặc 127.0.0.1)",
        )
        parser.add_argument(
            "--port",
            type=int,
            # A string default goes through type=int too: a bad PORT is a clean usage error.
            default=os.environ.get("PORT") or "8000",
            help="cổng lắng nghe (mặc định: biến PORT hoặc 8000)",
        )
        parser.add_argument(
            "--no-serve",
            action="store_true",
            help="chỉ chuẩn bị dữ liệu và in tài khoản, không chạy trang web",
        )

    def handle(self, *args, people: int, host: str, port: int, no_serve: bool, **options):
        # Before anything slow, and before any worker exists: a clash ends here, cleanly.
        if not no_serve:
            self._check_port(host, port)
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Cơ sở dữ liệu: " + str(settings.DATABASES["default"]["NAME"]))
        call_command("load_reference")
        call_command("load_support_content")
        demo_people_ensure()
        if not Person.objects.exclude(bhxh_code__in=CURATED_CODES).exists():
            call_command("seed", people=people)
        logins = demo_ensure()
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS("Tài khoản demo (mật khẩu không đổi giữa các lần chạy):")
        )
        for login in logins:
            self.stdout.write(f"  {login.role:<48} {login.username:<12} mật khẩu: {login.password}")
        if applicant := demo_applicant():
            self.stdout.write(
                "Thử đăng ký tài khoản (/dang-ky/) với người chưa có tài khoản: "
                f"mã số BHXH {applicant.bhxh_code}, {applicant.full_name}, sinh ngày "
                f"{applicant.birth_date:%d/%m/%Y}, CCCD {applicant.citizen_id}, "
                f"điện thoại {applicant.phone}"
            )
        self.stdout.write("")
        if no_serve:
            return
        self._serve(host, port)

    def _check_port(self, host: str, port: int) -> None:
        if port_in_use(host, port):
            raise CommandError(
                f"Cổng {port} trên {host} đang được dùng (có thể một bản demo khác đang chạy). "
                f"Chọn cổng khác, ví dụ: PORT={port + 1} make demo  hoặc  "
                f"openvss demo --port {port + 1}"
            )

    def _serve(self, host: str, port: int) -> None:
        # The simulated phone sends SMS to 8079 through the signed webhook: give it a secret.
        if not settings.SMS_WEBHOOK_SECRET:
            settings.SMS_WEBHOOK_SECRET = demo_webhook_secret()
        self._check_port(host, port)  # the set-up may have taken a while
        shown = f"[{host}]" if ":" in host else host
        self.stdout.write(f"Mở http://{shown}:{port}/  (quản trị: /quan-tri/, API: /api/docs)")
        try:
            phone = reverse("web:phone")
        except NoReverseMatch:  # demo tools are off (settings.DEMO_TOOLS)
            phone = None
        if phone:
            self.stdout.write(
                f"Điện thoại mô phỏng (SMS, email, mã OTP): http://{shown}:{port}{phone}"
            )
            self.stdout.write(
                "Cán bộ đăng nhập /quan-tri/ bằng mật khẩu rồi mã xác thực hai bước hiện trên "
                "Điện thoại mô phỏng."
            )
        self.stdout.write("SMS và email cũng được in ra đây (tệp đính kèm chỉ ghi tên).")
        if settings.PAYMENTS_SANDBOX:
            self.stdout.write(
                "Thanh toán BHYT hộ gia đình, BHXH tự nguyện qua cổng VNPAY thử nghiệm "
                "(/sandbox-vnpay/, không có tiền thật)."
            )
        sys.stdout.flush()
        # The worker delivers the outbox (OTP emails, SMS) while the site runs.
        worker = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "openvss.cli", "worker"],
            preexec_fn=_die_with_parent if sys.platform == "linux" else None,  # noqa: PLW1509
        )
        previous = signal.signal(signal.SIGTERM, _exit_on_sigterm)
        try:
            call_command("runserver", f"{shown}:{port}", use_reloader=False)
        finally:
            signal.signal(signal.SIGTERM, previous)
            worker.terminate()
            try:
                worker.wait(timeout=10)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()


def _exit_on_sigterm(signum, frame):
    # SIGTERM's default ends the process at once; raising lets ``finally`` stop the worker.
    raise SystemExit(128 + signum)
