from django.urls import path

from . import views

app_name = "lookups"
urlpatterns = [
    path("tra-cuu/", views.index, name="index"),
    path("tra-cuu/ma-so-bhxh/", views.bhxh_code, name="bhxh_code"),
    path("tra-cuu/co-quan-bhxh/", views.agencies, name="agencies"),
    path("tra-cuu/co-so-kcb/", views.facilities, name="facilities"),
    path("tra-cuu/don-vi-tham-gia/", views.employers, name="employers"),
    path("tra-cuu/diem-thu/", views.collection_points, name="collection_points"),
]
