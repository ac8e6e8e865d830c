from django.core.management.base import BaseCommand

from openvss.legal.services import legal_reference_load
from openvss.places.services import reference_load


class Command(BaseCommand):
    help = "Nạp dữ liệu danh mục: tỉnh, xã, cơ quan BHXH, cơ sở KCB, điểm thu, mã đối tượng, tham số pháp lý."

    def handle(self, *args, **options):
        counts = {**reference_load(), **legal_reference_load()}
        for name, count in counts.items():
            self.stdout.write(f"  {name:<20} {count:>7,}")
        self.stdout.write(self.style.SUCCESS("Đã nạp dữ liệu danh mục."))
