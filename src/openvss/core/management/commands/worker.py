from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Chạy tiến trình xử lý tác vụ nền (gửi SMS, email, hết hạn hồ sơ)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--queue", action="append", dest="queues", help="hàng đợi (mặc định: tất cả)"
        )

    def handle(self, *args, queues=None, **options):
        call_command("db_worker", queue_name=",".join(queues) if queues else "*")
