"""SMS to 8079 that accounts answers (found by messaging.sms's autodiscovery of ``sms.py``)."""

from openvss.messaging.sms import sms_command_register

from .recovery import sms_password_reset

sms_command_register("MK", sms_password_reset)
