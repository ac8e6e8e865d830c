from django.urls import path

from . import views

app_name = "people"
urlpatterns = [
    path("tai-khoan/the-bhyt/", views.card, name="card"),
    path("tai-khoan/the-bhyt/<str:bhxh_code>/", views.card, name="child_card"),
    path("tai-khoan/qua-trinh-tham-gia/", views.participation, name="participation"),
    path("tai-khoan/thong-tin-huong/", views.benefits, name="benefits"),
    path("tai-khoan/kham-chua-benh/", views.visits, name="visits"),
    path("tai-khoan/kham-chua-benh/con/<str:bhxh_code>/", views.visits, name="child_visits"),
    path("tai-khoan/ai-da-xem/", views.access_log, name="access_log"),
    path("tai-khoan/thong-bao/", views.inbox, name="inbox"),
    path("tai-khoan/sw.js", views.service_worker, name="service_worker"),
]
