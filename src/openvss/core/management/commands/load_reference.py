from django.apps import apps
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Nạp dữ liệu danh mục: tỉnh, xã, cơ quan BHXH, cơ sở KCB, điểm thu, mã đối tượng, tham số pháp lý."

    def handle(self, *args, **options):
        # Each reference-data app loads its own (places, then legal, in INSTALLED_APPS order):
        # core stays below them and names none of them.
        counts = {}
        for config in apps.get_app_configs():
            loader = getattr(config, "reference_load", None)
            if callable(loader):
                counts.update(loader())
        for name, count in counts.items():
            self.stdout.write(f"  {name:<20} {count:>7,}")
        self.stdout.write(self.style.SUCCESS("Đã nạp dữ liệu danh mục."))
