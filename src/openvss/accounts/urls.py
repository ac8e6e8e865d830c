from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("tai-khoan/doi-mat-khau/", views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "tai-khoan/doi-mat-khau/xac-thuc/",
        views.password_change_confirm,
        name="password_change_confirm",
    ),
    path("dang-nhap/thiet-bi-moi/", views.device_switch_view, name="device_switch"),
    path("tai-khoan/thiet-bi/", views.devices, name="devices"),
    path(
        "tai-khoan/passkey/tuy-chon/",
        views.passkey_register_options,
        name="passkey_register_options",
    ),
    path("tai-khoan/passkey/", views.passkey_register, name="passkey_register"),
    path("dang-nhap/passkey/tuy-chon/", views.passkey_login_options, name="passkey_login_options"),
    path("dang-nhap/passkey/", views.passkey_login, name="passkey_login"),
    path("quen-mat-khau/", views.forgot_password, name="forgot"),
    path("quen-mat-khau/xac-thuc/", views.forgot_confirm, name="forgot_confirm"),
]
