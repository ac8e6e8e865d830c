from django.urls import path

from . import card_views, tracking_views, views

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
    path("tai-khoan/dieu-chinh/", views.info_change, name="info_change"),
    path("tai-khoan/giao-dich-dien-tu/dieu-chinh/", views.adjust, name="adjust"),
    path("tai-khoan/giao-dich-dien-tu/ngung/", views.stop_page, name="stop"),
    path(
        "tai-khoan/kham-chua-benh/<int:visit_id>/phan-anh/",
        views.visit_dispute_page,
        name="visit_dispute",
    ),
    # Cấp lại, đổi thẻ BHYT (card_views.py)
    path("tai-khoan/cap-lai-the-bhyt/", card_views.card_requests, name="card_reissue"),
    path("tai-khoan/cap-lai-the-bhyt/mat-hong/", card_views.card_reissue, name="card_lost"),
    path(
        "tai-khoan/cap-lai-the-bhyt/sai-thong-tin/",
        card_views.card_correction,
        name="card_correction",
    ),
    path(
        "tai-khoan/cap-lai-the-bhyt/doi-noi-kcb/",
        card_views.facility_change,
        name="facility_change",
    ),
    # Tracking (issue 12, item 3): the citizen's own dossiers, and a guest's look-up.
    path("tai-khoan/ho-so/", tracking_views.my_dossiers, name="mine"),
    path("tra-cuu/ho-so/", tracking_views.track, name="track"),
]
