"""One module per kind of dossier; each registers its DossierKind with the engine at import.

A new kind: add its Dossier.Kind value (models.py), a module here that calls
``engine.register(...)``, and its import below.
"""

from . import (  # noqa: F401 - imported for their registration
    adjustment,
    child_account,
    info_change,
    registration,
    stop,
    visit_dispute,
)
