from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from openvss.audit.services import access_log_archive


class Command(BaseCommand):
    help = (
        "Chuyển lưu trữ các tháng nhật ký truy cập dữ liệu đã quá thời hạn giữ trực tuyến "
        "(tệp .csv.gz kèm bản kê, rồi gỡ khỏi cơ sở dữ liệu)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--months", type=int, help="số tháng giữ trực tuyến (mặc định: tham số pháp lý)"
        )
        parser.add_argument("--to", type=Path, help="thư mục lưu trữ (mặc định: ARCHIVE_DIR)")
        parser.add_argument("--dry-run", action="store_true", help="chỉ liệt kê, không thay đổi")

    def handle(self, *args, months, to, dry_run, **options):
        try:
            done = access_log_archive(
                today=date.today(),
                directory=to or settings.ARCHIVE_DIR,
                months=months,
                dry_run=dry_run,
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        for m in done:
            where = m.path or "(thử, chưa chuyển)"
            self.stdout.write(f"  {m.month:%m/%Y}  {m.rows:>12,} dòng  {where}")
        self.stdout.write(self.style.SUCCESS(f"{len(done)} tháng."))
