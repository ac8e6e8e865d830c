import unicodedata

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "openvss.core"
    verbose_name = _("Hệ thống")

    def ready(self):
        from django.conf.locale import LANG_INFO

        # Django spells Vietnamese's own name decomposed (NFD); every page of ours is NFC,
        # so the language switch's "Tiếng Việt" would not match the same words elsewhere.
        for info in LANG_INFO.values():
            if "name_local" in info:
                info["name_local"] = unicodedata.normalize("NFC", info["name_local"])
