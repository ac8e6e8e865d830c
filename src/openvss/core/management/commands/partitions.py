from django.core.management.base import BaseCommand
from django.db import connection

from openvss.core import partitions


class Command(BaseCommand):
    help = (
        "Tạo trước các phân vùng theo tháng (lượt KCB, nhật ký truy cập) và chuyển các dòng "
        "đang chờ ở phân vùng mặc định vào tháng của chúng. Chạy hằng ngày bởi worker."
    )

    def handle(self, *args, **options):
        if not partitions.supported():
            self.stdout.write("SQLite: không phân vùng.")
            return
        created = partitions.ensure()
        with connection.cursor() as cursor:
            for spec in partitions.registered():
                months = partitions.monthly_partitions(spec.table, cursor)
                span = f"{min(months):%m/%Y}–{max(months):%m/%Y}" if months else "—"
                self.stdout.write(f"  {spec.table:<24} {len(months):>4} tháng  {span}")
        for name in created:
            self.stdout.write(f"  + {name}")
        self.stdout.write(self.style.SUCCESS(f"Đã tạo {len(created)} phân vùng."))
