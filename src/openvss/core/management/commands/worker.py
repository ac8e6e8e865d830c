from django.core.management import call_command
from django.core.management.base import BaseCommand

from openvss.core.schedule import start_in_background


class Command(BaseCommand):
    help = (
        "Chạy tiến trình xử lý tác vụ nền (gửi SMS, email) và các việc định kỳ "
        "(xóa tờ khai quá hạn mỗi giờ, gửi lại tin còn chờ)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--queue", action="append", dest="queues", help="hàng đợi (mặc định: tất cả)"
        )
        parser.add_argument("--no-schedule", action="store_true", help="không chạy việc định kỳ")

    def handle(self, *args, queues=None, no_schedule=False, **options):
        if not no_schedule:
            start_in_background()
        call_command("db_worker", queue_name=",".join(queues) if queues else "*")
