"""Pages of the HR desk (/to-chuc/nhan-su/…): employees and their e-transaction status,
the queue of employees' declarations, batches (upload, tracking, printed forms), arrears.
Every page goes through ``access.org_page`` (the organisation's signed-in members)."""

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from openvss.core.forms import service_error_show
from openvss.core.normalise import NormalisedTextMixin
from openvss.dossiers.declaration import declaration_context, declarations_pdf
from openvss.errors import InvalidInput, OpenvssError

from . import hr_selectors, hr_services, xlsx
from .access import org_page


class BatchUploadForm(NormalisedTextMixin, forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Tệp Excel (.xlsx) theo mẫu"),
        help_text=gettext_lazy(
            "Mỗi dòng là tờ khai Mẫu số 01 của một người lao động; tối đa 10.000 dòng."
        ),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = (
            ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )


class ReturnForm(NormalisedTextMixin, forms.Form):
    # Checked by the service (required, length): the same rule and message as the API.
    reason = forms.CharField(
        label=gettext_lazy("Lý do trả lại"),
        help_text=gettext_lazy(
            "Người lao động nhận lý do này qua tin nhắn, thư điện tử và mục “Hồ sơ của tôi”."
        ),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": hr_services.RETURN_REASON_MAX}),
    )


def _page_number(request) -> int:
    raw = request.GET.get("page", "1")
    return int(raw) if raw.isdigit() and len(raw) < 6 else 0  # 0: page_of says why


def _render(request, template, context, status=200):
    return TemplateResponse(request, f"organisations/hr/{template}", context, status=status)


def _error_page(request, exc: OpenvssError):
    return _render(request, "error.html", {"error": exc}, status=exc.status)


@org_page()
def desk(request, member):
    """The HR desk: how many employees at each status, what waits, the latest batches."""
    context = {
        "member": member,
        "counts": hr_selectors.employee_counts(member=member),
        "waiting": len(hr_selectors.queue(member=member)),
        "batches": hr_selectors.batches(member=member)[:5],
    }
    return _render(request, "desk.html", context)


@org_page()
def employees(request, member):
    status = request.GET.get("status", "")
    q = request.GET.get("q", "")[:60]
    try:
        result = hr_selectors.employees_page(
            member=member, q=q, status=status, page=_page_number(request)
        )
    except OpenvssError as exc:
        return _error_page(request, exc)
    context = {
        "member": member,
        "result": result,
        "q": q,
        "status": status,
        "statuses": hr_selectors.EStatus.LABELS.items(),
    }
    return _render(request, "employees.html", context)


@org_page()
def declaration_queue(request, member):
    """Employees' own declarations waiting for HR; choose, confirm and forward."""
    if request.method == "POST":
        try:
            batch = hr_services.declarations_forward(
                member=member, declaration_ids=_ids(request.POST.getlist("declarations"))
            )
        except OpenvssError as exc:
            messages.error(request, exc.message)
            return redirect("org_hr:queue")
        messages.success(
            request,
            _("Đã xác nhận và chuyển %(count)s tờ khai đến cơ quan BHXH, lô số %(number)s.")
            % {"count": batch.row_count, "number": batch.number},
        )
        return redirect("org_hr:batch", batch_id=batch.pk)
    rows = hr_selectors.queue(member=member)
    return _render(request, "queue.html", {"member": member, "rows": rows})


def _ids(values) -> list[int]:
    return [int(v) for v in values if v.isdigit() and len(v) < 12]


@org_page()
def declaration(request, member, declaration_id: int):
    try:
        row = hr_selectors.declaration_get(member=member, declaration_id=declaration_id)
    except OpenvssError as exc:
        return _error_page(request, exc)
    context = {"member": member, "row": row, "d": declaration_context(row.dossier)}
    return _render(request, "declaration.html", context)


@org_page()
def declaration_return(request, member, declaration_id: int):
    """HR sends an employee's declaration back ("Trả lại") with a reason (wrong data)."""
    form = ReturnForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            returned = hr_services.declaration_return(
                member=member, declaration_id=declaration_id, reason=form.cleaned_data["reason"]
            )
        except InvalidInput as exc:
            service_error_show(form, exc)
            status = exc.status
        except OpenvssError as exc:
            return _error_page(request, exc)
        else:
            messages.success(
                request,
                _("Đã trả lại tờ khai số %(number)s cho người lao động %(name)s.")
                % {"number": returned.dossier.number, "name": returned.dossier.full_name},
            )
            return redirect("org_hr:queue")
    try:
        row = hr_selectors.declaration_get(member=member, declaration_id=declaration_id)
    except OpenvssError as exc:
        return _error_page(request, exc)
    context = {"member": member, "row": row, "form": form}
    return _render(request, "return.html", context, status=status)


@org_page()
def batches(request, member):
    return _render(
        request,
        "batches.html",
        {"member": member, "batches": hr_selectors.batches(member=member)},
    )


@org_page()
def batch_upload(request, member):
    """Upload a spreadsheet: "Kiểm tra" reports every error by row and column and saves
    nothing; "Gửi lô" checks again and, when every row is right, submits the batch."""
    form = BatchUploadForm(request.POST or None, request.FILES or None)
    context = {"member": member, "form": form, "checked": None, "errors": []}
    if request.method != "POST":
        return _render(request, "upload.html", context)
    upload = request.FILES.get("file")
    submit = request.POST.get("action") == "submit"
    try:
        if submit:
            batch = hr_services.batch_submit(
                member=member, upload=upload, file_name=getattr(upload, "name", "")
            )
            messages.success(
                request,
                _("Đã gửi lô số %(number)s gồm %(count)s tờ khai đến cơ quan BHXH.")
                % {"number": batch.number, "count": batch.row_count},
            )
            return redirect("org_hr:batch", batch_id=batch.pk)
        checked = hr_services.batch_check(member=member, upload=upload)
    except hr_services.BatchRejected as exc:
        checked = exc.checked
    except OpenvssError as exc:
        form.add_error("file", exc.message)
        return _render(request, "upload.html", context, status=exc.status)
    context["checked"] = checked
    context["errors"] = hr_services.errors_shown(checked.errors)
    return _render(request, "upload.html", context, status=422 if checked.errors else 200)


def template_download(request):
    """The empty template (no personal data: open to anyone, as the portal's forms are)."""
    response = HttpResponse(hr_selectors.batch_template(), content_type=xlsx.CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="mau-to-khai-theo-lo.xlsx"'
    return response


@org_page()
def batch(request, member, batch_id: int):
    try:
        view = hr_selectors.batch_view(member=member, batch_id=batch_id, page=_page_number(request))
    except OpenvssError as exc:
        return _error_page(request, exc)
    return _render(request, "batch.html", {"member": member, "view": view})


@org_page()
def batch_pdf(request, member, batch_id: int):
    """Every form of the batch in one PDF, to print and sign."""
    try:
        part = int(request.GET.get("phan", "1")) if request.GET.get("phan", "1").isdigit() else 0
        batch, dossiers = hr_selectors.batch_dossiers(
            member=member, batch_id=batch_id, part=min(part, 10**6)
        )
    except OpenvssError as exc:
        return _error_page(request, exc)
    body = declarations_pdf(dossiers, title=f"Lô tờ khai {batch.number} ({part})")
    response = HttpResponse(body, content_type="application/pdf")
    name = batch.number.replace("/", "-").replace(".", "-")
    response["Content-Disposition"] = f'inline; filename="to-khai-{name}-{part}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@org_page()
def arrears(request, member):
    rows = hr_selectors.arrears(member=member)
    return _render(request, "arrears.html", {"member": member, "rows": rows})
