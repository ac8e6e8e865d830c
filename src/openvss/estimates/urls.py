from django.urls import path

from . import views

app_name = "estimates"
urlpatterns = [
    path("tai-khoan/uoc-tinh/", views.estimate_page, name="index"),
    path("tai-khoan/uoc-tinh/<slug:kind>/", views.estimate_page, name="estimate"),
]
