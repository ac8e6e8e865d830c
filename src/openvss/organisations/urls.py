from django.urls import path

from . import views

app_name = "organisations"
urlpatterns = [
    path("to-chuc/", views.home, name="home"),
    path("to-chuc/dang-ky/", views.register, name="register"),
    path("to-chuc/dang-ky/xac-thuc/", views.register_confirm, name="register_confirm"),
    path("to-chuc/dang-ky/hoan-tat/", views.register_done, name="register_done"),
    path("to-chuc/dang-nhap/", views.login_view, name="login"),
    path("to-chuc/dang-nhap/xac-thuc/", views.login_totp, name="login_totp"),
    path("to-chuc/doi-mat-khau/", views.password, name="password"),
    path("to-chuc/xac-thuc-hai-buoc/", views.totp_enrol, name="totp_enrol"),
    path("to-chuc/nguoi-dung/", views.members, name="members"),
    path(
        "to-chuc/nguoi-dung/<int:member_id>/cap-lai-mat-khau/",
        views.member_reset,
        name="member_reset",
    ),
    path(
        "to-chuc/nguoi-dung/<int:member_id>/khoa/",
        views.member_deactivate,
        name="member_deactivate",
    ),
]
