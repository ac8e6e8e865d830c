import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from openvss.accounts.services import demo_accounts_ensure
from openvss.people.models import Person


class Command(BaseCommand):
    help = "Chuẩn bị cơ sở dữ liệu mẫu, in tài khoản demo và chạy trang web tại 127.0.0.1:8000."

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, default=500, help="số người mẫu (lần đầu)")
        parser.add_argument("--no-serve", action="store_true", help="chỉ chuẩn bị dữ liệu")
        parser.add_argument("--port", default="8000")

    def handle(self, *args, people: int, no_serve: bool, port: str, **options):
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Cơ sở dữ liệu: " + str(settings.DATABASES["default"]["NAME"]))
        call_command("load_reference")
        call_command("load_support_content")
        if not Person.objects.exists():
            call_command("seed", people=people)
        logins = demo_accounts_ensure()
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS("Tài khoản demo:"))
        for login in logins:
            self.stdout.write(f"  {login.role:<24} {login.username:<14} mật khẩu: {login.password}")
        self.stdout.write("")
        if not no_serve:
            self.stdout.write(
                f"Mở http://127.0.0.1:{port}/  (quản trị: /quan-tri/, API: /api/docs)"
            )
            self.stdout.write("Mã OTP, SMS và email được in ra đây (môi trường demo).")
            if settings.PAYMENTS_SANDBOX:
                self.stdout.write(
                    "Thanh toán BHYT hộ gia đình, BHXH tự nguyện qua cổng VNPAY thử nghiệm "
                    "(/sandbox-vnpay/, không có tiền thật)."
                )
            # The worker delivers the outbox (OTP emails, SMS) while the site runs.
            worker = subprocess.Popen([sys.executable, "-m", "openvss.cli", "worker"])  # noqa: S603
            try:
                call_command("runserver", f"127.0.0.1:{port}", use_reloader=False)
            finally:
                worker.terminate()
                worker.wait(timeout=10)
