from django.core.management.base import BaseCommand

from openvss.messaging.services import messages_resend_pending


class Command(BaseCommand):
    help = "Xếp lại vào hàng đợi các tin nhắn, thư còn chờ gửi quá 5 phút."

    def handle(self, *args, **options):
        if options["verbosity"]:
            self.stdout.write(f"Đã xếp lại {messages_resend_pending()} tin.")
