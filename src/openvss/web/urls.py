from django.urls import path

from . import views

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
