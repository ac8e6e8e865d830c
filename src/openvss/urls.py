from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import JavaScriptCatalog

from openvss.accounts import views as account_views
from openvss.api import api
from openvss.core import health, metrics
from openvss.web import views as web_views

admin.site.site_header = _("BHXH số – Hệ thống nghiệp vụ")
admin.site.site_title = _("BHXH số")
admin.site.index_title = _("Quản trị nghiệp vụ")

urlpatterns = [
    path("", web_views.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("metrics", metrics.metrics_view, name="metrics"),
    path("api/", api.urls),
    path("dang-nhap/", account_views.login_view, name="login"),
    path("dang-xuat/", account_views.LogoutView.as_view(), name="logout"),
    path("quan-tri/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    # gettext() for static/js in the active language; our djangojs catalogue lives in
    # LOCALE_PATHS (always included), so one app keeps the catalogue to ours.
    path(
        "jsi18n/",
        JavaScriptCatalog.as_view(packages=["openvss.web"]),
        name="javascript-catalog",
    ),
    path("captcha/", include("captcha.urls")),
    path("", include("openvss.web.urls")),
    path("", include("openvss.dossiers.urls")),
    path("", include("openvss.accounts.urls")),
    path("", include("openvss.clinics.urls")),
    path("", include("openvss.people.urls")),
    path("", include("openvss.payments.urls")),
    path("", include("openvss.estimates.urls")),
    path("", include("openvss.lookups.urls")),
    path("", include("openvss.support.urls")),
    path("", include("openvss.organisations.urls")),
    path("", include("openvss.organisations.hr_urls")),
]

handler400 = "openvss.web.views.bad_request"
handler403 = "openvss.web.views.permission_denied"
handler404 = "openvss.web.views.page_not_found"
handler500 = "openvss.web.views.server_error"
