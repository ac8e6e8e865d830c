from django.core.management.base import BaseCommand

from openvss.messaging.services import messages_resend_pending


class Command(BaseCommand):
    help = (
        "Xếp lại vào hàng đợi các tin nhắn, thư còn chờ gửi quá 5 phút; đánh dấu lỗi các tin "
        "bị dừng giữa chừng khi đang gửi."
    )

    def handle(self, *args, **options):
        # The worker's schedule runs this with verbosity 0: the sweep must run regardless.
        count = messages_resend_pending()
        if options["verbosity"]:
            self.stdout.write(f"Đã xếp lại {count} tin.")
