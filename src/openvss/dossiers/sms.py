"""SMS "BH HS <số hồ sơ>" to 8079: a dossier's status, to its own phone only (found by
messaging.sms's autodiscovery of ``sms.py``)."""

from django.utils.translation import gettext as _

from openvss.messaging.sms import SMS_HELP, sms_command_register

from .selectors import dossier_for_phone


def dossier_status_sms(*, phone: str, argument: str):
    if not argument:
        return SMS_HELP
    # Only a dossier filed with this phone number (or by the account with this phone):
    # anyone else's gets the same answer as a number that does not exist, so its status is
    # not readable by guessing numbers.
    dossier = dossier_for_phone(number=argument, phone=phone)
    if dossier is None:
        return _("BHXH: Không tìm thấy hồ sơ số %(number)s.") % {"number": argument}
    return _("BHXH: Hồ sơ số %(number)s: %(status)s.") % {
        "number": dossier.number,
        "status": dossier.get_status_display(),
    }


sms_command_register("HS", dossier_status_sms)
