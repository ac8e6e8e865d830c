from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("tai-khoan/", views.home, name="home"),
    path("tai-khoan/doi-mat-khau/", views.PasswordChangeView.as_view(), name="password_change"),
    path("dang-nhap/thiet-bi-moi/", views.device_switch_view, name="device_switch"),
]
