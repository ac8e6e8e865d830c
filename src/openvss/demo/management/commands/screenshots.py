import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from openvss.core.management.vietnamese import vietnamese_parser
from openvss.demo.data import CITIZEN_CODE, DEMO_PASSWORD
from openvss.demo.phone import phone_messages
from openvss.people.models import Person

# name -> (URL name, signed in as the demo citizen?)
SCREENS = {
    "guest-home": ("home", False),
    "registration": ("dossiers:register", False),
    "citizen-home": ("web:citizen", True),
    "card": ("people:card", True),
    "participation": ("people:participation", True),
    "benefits": ("people:benefits", True),
    "visits": ("people:visits", True),
    "inbox": ("people:inbox", True),
    "phone": ("web:phone", True),  # the demo's simulated phone (demo tools only)
}
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync",
                 "--disable-background-networking", "--disable-component-update"]  # fmt: skip


def _shrink(path: Path) -> None:
    """A 256-colour palette, unchanged to the eye for flat UI, makes the PNG ~3× smaller."""
    from PIL import Image

    with Image.open(path) as shot:
        palette = shot.convert("RGB").quantize(
            colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
        )
    palette.save(path, optimize=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Command(BaseCommand):
    help = (
        "Chụp ảnh màn hình cỡ điện thoại các trang chính (PNG): chạy bản demo trên một cổng "
        "trống của 127.0.0.1, đăng nhập bằng người dân demo và lưu ảnh vào thư mục. Cần "
        "Playwright (gói test) và Chromium."
    )

    def create_parser(self, prog_name, subcommand, **kwargs):
        return vietnamese_parser(super().create_parser(prog_name, subcommand, **kwargs))

    def add_arguments(self, parser):
        parser.add_argument(
            "--out", default="docs/screenshots", help="thư mục lưu ảnh (mặc định docs/screenshots)"
        )
        parser.add_argument(
            "--width", type=int, default=360, help="chiều rộng màn hình, điểm ảnh (mặc định 360)"
        )
        parser.add_argument(
            "--height", type=int, default=760, help="chiều cao màn hình, điểm ảnh (mặc định 760)"
        )
        parser.add_argument(
            "--full-page",
            action="store_true",
            help="chụp cả trang (cao theo nội dung) thay vì một màn hình",
        )
        parser.add_argument(
            "--screens",
            default=",".join(SCREENS),
            help="các màn hình cần chụp, cách nhau bằng dấu phẩy (mặc định: "
            + ", ".join(SCREENS)
            + ")",
        )
        parser.add_argument(
            "--chromium",
            default=os.environ.get("CHROMIUM", "/usr/bin/chromium"),
            help="đường dẫn Chromium (mặc định: biến CHROMIUM hoặc /usr/bin/chromium)",
        )
        parser.add_argument(
            "--people",
            type=int,
            default=500,
            help="số người mẫu nếu bản demo chưa có dữ liệu (mặc định 500)",
        )

    def handle(self, *args, out, width, height, full_page, screens, chromium, people, **options):
        try:
            from playwright.sync_api import sync_playwright
        except ImportError:
            raise CommandError(
                "Chưa cài Playwright. Cài gói kiểm thử: .venv/bin/pip install -e '.[test]' "
                "(hoặc: pip install playwright)."
            ) from None
        names = [name.strip() for name in screens.split(",") if name.strip()]
        unknown = [name for name in names if name not in SCREENS]
        if unknown or not names:
            raise CommandError(
                f"Màn hình không có: {', '.join(unknown) or '(trống)'}. Chọn trong: {', '.join(SCREENS)}."
            )
        if not shutil.which(chromium):
            raise CommandError(
                f"Không tìm thấy Chromium tại {chromium} (cài gói chromium của Debian)."
            )
        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        log = folder / ".demo.log"
        with log.open("w") as log_file:
            server = subprocess.Popen(  # noqa: S603
                [sys.executable, "-m", "openvss.cli", "demo", "--host", "127.0.0.1",
                 "--port", str(port), "--people", str(people)],
                stdout=log_file, stderr=subprocess.STDOUT,
            )  # fmt: skip
            try:
                self._wait_for(server, base, log)
                # Playwright's sync API runs an event loop in this thread; the ORM reads made
                # between pages (the device-switch OTP) are plain synchronous code.
                os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
                with sync_playwright() as playwright:
                    browser = playwright.chromium.launch(
                        executable_path=chromium, headless=True, args=CHROMIUM_ARGS
                    )
                    try:
                        written = self._shoot(
                            browser, base, names, folder, (width, height), full_page
                        )
                    finally:
                        browser.close()
            finally:
                server.terminate()
                try:
                    server.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    server.kill()
                    server.wait()
        log.unlink(missing_ok=True)
        for path in written:
            self.stdout.write(f"  {path}  ({path.stat().st_size:,} byte)")
        self.stdout.write(self.style.SUCCESS(f"Đã lưu {len(written)} ảnh vào {folder}."))

    def _wait_for(self, server, base: str, log: Path) -> None:
        deadline = time.monotonic() + 600  # the first demo run seeds its database
        while time.monotonic() < deadline:
            if server.poll() is not None:
                raise CommandError(
                    f"Bản demo dừng lại (mã {server.returncode}):\n{log.read_text()}"
                )
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=2):  # noqa: S310
                    return
            except OSError:
                time.sleep(0.5)
        raise CommandError(f"Bản demo không trả lời sau 10 phút:\n{log.read_text()}")

    def _shoot(self, browser, base, names, folder: Path, size, full_page) -> list[Path]:
        context = browser.new_context(
            viewport={"width": size[0], "height": size[1]},
            device_scale_factor=1,
            locale="vi-VN",
            timezone_id="Asia/Ho_Chi_Minh",
        )
        page = context.new_page()
        written = []
        signed_in = False
        for name in sorted(names, key=lambda n: SCREENS[n][1]):  # guest screens first
            url_name, citizen = SCREENS[name]
            if citizen and not signed_in:
                self._sign_in(page, base)
                signed_in = True
            page.goto(base + reverse(url_name), wait_until="networkidle")
            if citizen and reverse("login") in page.url:
                raise CommandError(f"{name}: phiên đăng nhập đã mất ({page.url}).")
            path = folder / f"{name}.png"
            page.screenshot(path=str(path), full_page=full_page)
            _shrink(path)
            written.append(path)
        context.close()
        return written

    def _sign_in(self, page, base: str) -> None:
        page.goto(base + reverse("login"), wait_until="networkidle")
        page.fill("input[name=username]", CITIZEN_CODE)
        page.fill("input[name=password]", DEMO_PASSWORD)
        page.click("main form [type=submit]")
        page.wait_for_load_state("networkidle")
        if reverse("accounts:device_switch") in page.url:
            # One device at a time: this browser is a new device; the code went to the
            # citizen's phone, which the demo's simulated phone lets us read.
            page.fill("input[name=otp]", self._latest_otp())
            page.click("main form [type=submit]")
            page.wait_for_load_state("networkidle")
        if reverse("login") in page.url or reverse("accounts:device_switch") in page.url:
            raise CommandError(f"Không đăng nhập được bằng tài khoản demo {CITIZEN_CODE}.")

    def _latest_otp(self) -> str:
        phone = Person.objects.get(bhxh_code=CITIZEN_CODE).phone
        for _attempt in range(20):
            for item in phone_messages(recipient=phone, limit=3):
                found = re.search(r"\b(\d{6})\b", item.text)
                if item.message.purpose == "device_switch" and found:
                    return found.group(1)
            time.sleep(0.5)
        raise CommandError("Không đọc được mã OTP chuyển thiết bị trên điện thoại mô phỏng.")
