"""The dossier workflow's writes, by their historical names.

The work is done by the engine (``engine.py``: numbering, transitions, events, notices, OTP,
expiry, the officer queue) and by one module per kind (``kinds/``: checks and approvals).
Callers may import from here or from those modules directly.
"""

from . import engine
from .engine import OTP_PURPOSE, FieldErrors, Submitted  # noqa: F401
from .kinds.child_account import child_account_submit  # noqa: F401
from .kinds.info_change import INFO_FIELDS, info_change_submit  # noqa: F401
from .kinds.registration import (  # noqa: F401
    RegistrationChecked,
    registration_check,
    registration_submit,
)
from .kinds.visit_dispute import visit_dispute_open  # noqa: F401

dossier_for_applicant = engine.for_applicant
dossier_confirm = engine.confirm
dossier_resend_otp = engine.resend_otp
dossier_start_review = engine.start_review
dossier_approve = engine.approve
dossier_reject = engine.reject
dossiers_expire = engine.expire
