from django.urls import path

from . import views

app_name = "clinics"
urlpatterns = [
    path("co-so-kcb/kiem-tra-the/", views.checkin, name="checkin"),
    path("tai-khoan/the-bhyt/ma-qr-ky-so.svg", views.signed_qr, name="signed_qr"),
]
