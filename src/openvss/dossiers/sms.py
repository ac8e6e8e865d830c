"""SMS "BH HS <số hồ sơ>" to 8079: a dossier's status, to its own phone only (found by
messaging.sms's autodiscovery of ``sms.py``)."""

from django.utils.translation import gettext as _

from openvss.messaging.sms import SMS_HELP, sms_command_register

from .models import Dossier


def dossier_status_sms(*, phone: str, argument: str):
    if not argument:
        return SMS_HELP
    # Only a dossier filed with this phone number: anyone else's gets the same answer as a
    # number that does not exist, so its status is not readable by guessing numbers.
    dossier = Dossier.objects.filter(number=argument, contact_phone=phone).first()
    if dossier is None:
        return _("BHXH: Không tìm thấy hồ sơ số %(number)s.") % {"number": argument}
    return _("BHXH: Hồ sơ số %(number)s: %(status)s.") % {
        "number": dossier.number,
        "status": dossier.get_status_display(),
    }


sms_command_register("HS", dossier_status_sms)
