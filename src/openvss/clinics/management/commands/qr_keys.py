import json

from django.core.management.base import BaseCommand, CommandError

from openvss.clinics.models import QrSigningKey
from openvss.clinics.signing import qr_key_create, qr_key_retire


class Command(BaseCommand):
    help = "Quản lý khóa ký mã QR thẻ BHYT: list | rotate | retire <mã khóa> | export"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["list", "rotate", "retire", "export"])
        parser.add_argument("key_id", nargs="?")

    def handle(self, *args, action: str, key_id: str | None, **options):
        if action == "rotate":
            key = qr_key_create()
            self.stdout.write(
                f"Khóa mới: {key.key_id}. Khóa cũ vẫn được công bố cho đến khi bị retire."
            )
        elif action == "retire":
            if not key_id or not QrSigningKey.objects.filter(key_id=key_id).exists():
                raise CommandError("Cần mã khóa có trong danh sách (openvss qr_keys list).")
            qr_key_retire(key_id=key_id)
            self.stdout.write(f"Đã ngừng dùng khóa {key_id}.")
        elif action == "export":
            # The file a facility keeps for `openvss verify-qr --keys` or its own verifier.
            keys = [
                {"key_id": k.key_id, "algorithm": "Ed25519", "public_key": k.public_key}
                for k in QrSigningKey.objects.filter(retired_at__isnull=True)
            ]
            self.stdout.write(json.dumps(keys, indent=2))
        else:
            for k in QrSigningKey.objects.order_by("-created_at"):
                state = f"ngừng {k.retired_at:%d/%m/%Y}" if k.retired_at else "đang dùng"
                self.stdout.write(f"{k.key_id}  {k.created_at:%d/%m/%Y %H:%M}  {state}")
