from django.urls import path

from . import sandbox, views

app_name = "payments"
urlpatterns = [
    path("tai-khoan/thanh-toan/", views.history, name="history"),
    path("tai-khoan/thanh-toan/bhyt-ho-gia-dinh/", views.household, name="household"),
    path("tai-khoan/thanh-toan/bhxh-tu-nguyen/", views.voluntary, name="voluntary"),
    path("tai-khoan/thanh-toan/ket-qua/", views.gateway_return, name="return"),
    path("tai-khoan/thanh-toan/<str:reference>/", views.detail, name="detail"),
    path("tai-khoan/thanh-toan/<str:reference>/bien-lai.pdf", views.receipt, name="receipt"),
    path("thanh-toan/vnpay/ipn/", views.vnpay_ipn, name="vnpay_ipn"),
    # The sandbox gateway: 404 unless settings.PAYMENTS_SANDBOX.
    path("sandbox-vnpay/paymentv2/vpcpay.html", sandbox.pay_page, name="sandbox_pay"),
    path("sandbox-vnpay/merchant_webapi/api/transaction", sandbox.querydr, name="sandbox_querydr"),
]
