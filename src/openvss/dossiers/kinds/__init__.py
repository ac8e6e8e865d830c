"""One module per kind of dossier; each registers its DossierKind with the engine at import.

A new kind: add its Dossier.Kind value (models.py), a module here that calls
``engine.register(...)``, and its import below.
"""

from . import (  # noqa: F401 - imported for their registration
    adjustment,
    card_correction,
    card_reissue,
    child_account,
    facility_change,
    info_change,
    registration,
    stop,
    visit_dispute,
)
