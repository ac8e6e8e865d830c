"""Every write of the organisations app: registration for e-transactions (a dossier the
agency approves), the organisation's account, its users, their sign-in."""

from openvss.dossiers import services as dossier_services
from openvss.dossiers.models import Dossier

NUMBER_CODE = "DV"  # "đơn vị": 00001.DV/2026/<agency>


def dossier_kind_register() -> None:
    """Fill the dossiers app's hooks for the organisation's registration (AppConfig.ready):
    its number code and what approval does. At merge with the dossier engine, one
    ``engine.register(DossierKind(code=Dossier.Kind.ORG_REGISTRATION, number_prefix="DV",
    check=registration_check, approve=registration_approve, ...))``."""
    dossier_services.NUMBER_CODES[Dossier.Kind.ORG_REGISTRATION] = NUMBER_CODE
    dossier_services.KIND_APPROVERS[Dossier.Kind.ORG_REGISTRATION] = registration_approve


def registration_approve(dossier: Dossier, officer) -> None:
    """Approving an organisation's registration: create the organisation and its first
    administrator, deliver the one-time password (filled in below)."""
    raise NotImplementedError
