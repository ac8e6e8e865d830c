import json
import sys
from datetime import UTC, datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from openvss.clinics.signing import published_keys
from openvss.domain.errors import DomainError
from openvss.domain.signed_qr import public_key_from_text, verify_card


class Command(BaseCommand):
    help = (
        "Kiểm tra mã QR thẻ BHYT có chữ ký số, ngoại tuyến, chỉ với khóa công khai "
        "(tệp JSON từ GET /api/v1/clinic/qr-keys hoặc `openvss qr_keys export`)."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("payload", nargs="?", help="nội dung mã QR (mặc định: đọc từ stdin)")
        parser.add_argument(
            "--keys", help="tệp JSON các khóa công khai (mặc định: khóa trong cơ sở dữ liệu)"
        )

    def handle(self, *args, payload=None, keys=None, **options):
        text = (payload or sys.stdin.read()).strip()
        if keys:
            try:
                entries = json.loads(Path(keys).read_text(encoding="utf-8"))
                public = {e["key_id"]: public_key_from_text(e["public_key"]) for e in entries}
            except (OSError, ValueError, KeyError, TypeError, DomainError) as exc:
                raise CommandError(f"Không đọc được tệp khóa {keys}: {exc}") from exc
        else:
            public = published_keys()
        try:
            card = verify_card(text, public, now=datetime.now(UTC))
        except DomainError as exc:
            raise CommandError(f"KHÔNG HỢP LỆ: {_(exc.message)}") from exc
        self.stdout.write(self.style.SUCCESS("HỢP LỆ: chữ ký số của cơ quan BHXH, còn thời hạn."))
        for label, value in (
            ("Mã số", card.card_number), ("Mã thẻ", card.card_code), ("Họ và tên", card.full_name),
            ("Ngày sinh", card.birth_date), ("Giới tính", "Nam" if card.sex == 1 else "Nữ"),
            ("Mức hưởng", card.benefit_level), ("Nơi ĐKKCB ban đầu", card.facility_code),
            ("Giá trị đến", card.valid_to.strftime("%d/%m/%Y") if card.valid_to else "—"),
            ("Mã QR hết hạn lúc", card.expires_at.astimezone().strftime("%H:%M:%S %d/%m/%Y")),
            ("Khóa", card.key_id),
        ):  # fmt: skip
            self.stdout.write(f"  {label:<18} {value}")
