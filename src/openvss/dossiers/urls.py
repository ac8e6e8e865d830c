from django.urls import path

from . import account_views, views

app_name = "dossiers"
urlpatterns = [
    path("dang-ky/", views.register, name="register"),
    path("dang-ky/kiem-tra/", views.review, name="review"),
    path("dang-ky/anh/<str:field>/", views.draft_photo, name="draft_photo"),
    path("dang-ky/xa/", views.communes, name="communes"),
    path("dang-ky/co-quan/", views.agencies, name="agencies"),
    path("dang-ky/xac-thuc/", views.confirm, name="confirm"),
    path("dang-ky/hoan-tat/", views.done, name="done"),
    path("dang-ky/to-khai/", views.declaration, name="declaration"),
    path("dang-ky/to-khai.pdf", views.declaration_as_pdf, name="declaration_pdf"),
    path("dang-ky/anh-chan-dung/", views.portrait, name="portrait"),
    path("tai-khoan/dang-ky-cho-con/", views.child_account, name="child_account"),
    path(
        "tai-khoan/kham-chua-benh/<int:visit_id>/phan-anh/",
        account_views.visit_dispute,
        name="visit_dispute",
    ),
    path("tai-khoan/dieu-chinh/", account_views.info_change, name="info_change"),
]
