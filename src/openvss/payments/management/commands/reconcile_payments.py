from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from openvss.payments.services import payments_reconcile


class Command(BaseCommand):
    help = "Đối soát giao dịch thanh toán của một ngày với báo cáo của cổng thanh toán (mặc định: hôm qua)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="yyyy-mm-dd")

    def handle(self, *args, date: str | None = None, **options):
        from datetime import date as date_type

        day = date_type.fromisoformat(date) if date else timezone.localdate() - timedelta(days=1)
        counts = payments_reconcile(day=day)
        self.stdout.write(
            f"{day:%d/%m/%Y}: {counts['checked']} giao dịch đã đối soát, "
            f"{counts['discrepancies']} chênh lệch mới, {counts['expired']} giao dịch hết hạn."
        )
