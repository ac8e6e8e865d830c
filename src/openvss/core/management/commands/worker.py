from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from openvss.core.schedule import start_in_background

# django-tasks-rq's job class: RQ runs the django-tasks Task, with its signals.
RQ_JOB_CLASS = "django_tasks_rq.Job"


class Command(BaseCommand):
    help = (
        "Chạy tiến trình xử lý tác vụ nền (gửi SMS, email) và các việc định kỳ "
        "(xóa tờ khai quá hạn mỗi giờ, gửi lại tin còn chờ). Với Redis (REDIS_URL) là các "
        "worker RQ, không có Redis là hàng đợi trong cơ sở dữ liệu."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--queue", action="append", dest="queues", help="hàng đợi (mặc định: tất cả)"
        )
        parser.add_argument("--no-schedule", action="store_true", help="không chạy việc định kỳ")
        parser.add_argument(
            "--workers", type=int, default=1, help="số worker chạy song song (chỉ với RQ)"
        )
        parser.add_argument(
            "--burst", action="store_true", help="xử lý hết hàng đợi rồi dừng (chỉ với RQ)"
        )

    def handle(self, *args, queues=None, no_schedule=False, workers=1, burst=False, **options):
        from django_tasks import task_backends

        if workers < 1:
            raise CommandError("--workers phải từ 1 trở lên")
        rq = task_backends["default"].__class__.__name__ == "RQBackend"
        if not rq and (workers > 1 or burst):
            raise CommandError("--workers và --burst cần hàng đợi RQ (đặt REDIS_URL)")
        if not no_schedule:
            # One schedule per deployment is enough; every job it runs is idempotent, so a
            # second one (another worker host) costs a little work, never a double send.
            start_in_background()
        if not rq:
            call_command("db_worker", queue_name=",".join(queues) if queues else "*")
            return
        names = queues or settings.TASK_QUEUES
        verbosity = options.get("verbosity", 1)
        if workers > 1:
            # RQ's worker pool: N processes, respawned when one dies, each with the scheduler
            # that moves retries (run_after) back onto the queue when due.
            call_command(
                "rqworker-pool", *names, num_workers=workers, job_class=RQ_JOB_CLASS,
                burst=burst, verbosity=verbosity,
            )  # fmt: skip
        else:
            call_command(
                "rqworker", *names, job_class=RQ_JOB_CLASS, with_scheduler=True,
                burst=burst, verbosity=verbosity,
            )  # fmt: skip
