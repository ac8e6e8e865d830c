"""The HR desk's pages, under /to-chuc/nhan-su/ (the organisation's own pages are
``organisations/urls.py``)."""

from django.urls import path

from . import hr_views

app_name = "org_hr"

urlpatterns = [
    path("to-chuc/nhan-su/", hr_views.desk, name="desk"),
    path("to-chuc/nhan-su/nguoi-lao-dong/", hr_views.employees, name="employees"),
    path("to-chuc/nhan-su/to-khai/", hr_views.declaration_queue, name="queue"),
    path("to-chuc/nhan-su/to-khai/<int:declaration_id>/", hr_views.declaration, name="declaration"),
    path(
        "to-chuc/nhan-su/to-khai/<int:declaration_id>/tra-lai/",
        hr_views.declaration_return,
        name="return",
    ),
    path("to-chuc/nhan-su/lo/", hr_views.batches, name="batches"),
    path("to-chuc/nhan-su/lo/tai-len/", hr_views.batch_upload, name="upload"),
    path("to-chuc/nhan-su/lo/mau-to-khai.xlsx", hr_views.template_download, name="template"),
    path("to-chuc/nhan-su/lo/<int:batch_id>/", hr_views.batch, name="batch"),
    path("to-chuc/nhan-su/lo/<int:batch_id>/to-khai.pdf", hr_views.batch_pdf, name="batch_pdf"),
    path("to-chuc/nhan-su/no-dong/", hr_views.arrears, name="arrears"),
]
