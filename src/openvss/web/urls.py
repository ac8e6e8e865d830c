from django.conf import settings
from django.urls import path

from . import demo_views, views

app_name = "web"
urlpatterns = [
    path("tai-khoan/", views.citizen_home, name="citizen"),
    path("tai-khoan/ca-nhan/", views.personal, name="personal"),
    path("tai-khoan/cai-dat/", views.settings_page, name="settings"),
    path(
        "tai-khoan/cai-dat/passkey/<int:passkey_id>/xoa/",
        views.passkey_remove,
        name="passkey_remove",
    ),
    path("dich-vu-cong/", views.services, name="services"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
]

# Demo tools only (never in production): the simulated phone, linked from the footer.
if settings.DEMO_TOOLS:
    urlpatterns.append(path("dien-thoai-mo-phong/", demo_views.phone, name="phone"))
