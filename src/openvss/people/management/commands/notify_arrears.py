import time

from django.core.management.base import BaseCommand

from openvss.people.services import arrears_notices_send


class Command(BaseCommand):
    help = (
        "Báo cho người tham gia khi đơn vị chưa đóng bảo hiểm: một thông báo (tin nhắn, email, "
        "mục Thông báo) cho mỗi đợt nợ mới; chạy hằng ngày, chạy lại không gửi trùng."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        counts = arrears_notices_send()
        if options["verbosity"]:
            self.stdout.write(
                f"{counts['notices']} đợt nợ mới, {counts['messages']} tin nhắn/email "
                f"({time.monotonic() - started:.1f} s)."
            )
