"""Shared model pieces."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from openvss.domain.text import fold, nfc


class SearchableNameMixin(models.Model):
    """A name stored NFC-normalised beside its folded (diacritic-free) form for search.

    Writers set both through ``set_name``; bulk loaders compute ``name_folded`` with
    ``openvss.domain.text.fold`` directly.
    """

    name = models.CharField(_("tên"), max_length=255)
    name_folded = models.CharField(max_length=255, editable=False, db_index=True)

    class Meta:
        abstract = True

    def set_name(self, value: str) -> None:
        self.name = nfc(value)
        self.name_folded = fold(value)

    def clean(self):
        super().clean()
        self.set_name(self.name)
