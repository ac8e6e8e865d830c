from django.core.management.base import BaseCommand

from openvss.dossiers.services import dossiers_expire


class Command(BaseCommand):
    help = (
        "Xóa tờ khai đăng ký quá 10 ngày chưa hoàn tất tại cơ quan BHXH và báo cho người kê khai."
    )

    def handle(self, *args, **options):
        count = dossiers_expire()
        if options["verbosity"]:
            self.stdout.write(f"Đã xóa {count} tờ khai quá hạn.")
