from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("tai-khoan/", views.home, name="home"),
    path("tai-khoan/doi-mat-khau/", views.PasswordChangeView.as_view(), name="password_change"),
]
