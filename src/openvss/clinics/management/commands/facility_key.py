from django.core.management.base import BaseCommand, CommandError

from openvss.clinics.models import FacilityApiKey
from openvss.clinics.services import api_key_create, api_key_revoke
from openvss.places.models import MedicalFacility


class Command(BaseCommand):
    help = "Tạo hoặc thu hồi khóa API của cơ sở KCB: create <mã cơ sở> [--scopes verify,visits] | revoke <mã nhận diện>"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["create", "revoke"])
        parser.add_argument("target", help="mã cơ sở KCB (create) hoặc mã nhận diện khóa (revoke)")
        parser.add_argument("--scopes", default="verify,visits")
        parser.add_argument("--name", default="Khóa API")

    def handle(self, *args, action: str, target: str, scopes: str, name: str, **options):
        if action == "create":
            facility = MedicalFacility.objects.filter(code=target.upper()).first()
            if facility is None:
                raise CommandError(f"Không có cơ sở KCB mã {target}.")
            key, text = api_key_create(
                facility=facility, name=name, scopes=[s for s in scopes.split(",") if s]
            )
            self.stdout.write(text)
            self.stderr.write(
                f"Khóa {key.prefix} của {facility}: chỉ hiện một lần, hãy lưu an toàn."
            )
        else:
            key = FacilityApiKey.objects.filter(prefix=target).first()
            if key is None:
                raise CommandError(f"Không có khóa {target}.")
            api_key_revoke(key=key)
            self.stdout.write(f"Đã thu hồi khóa {target}.")
