"""HR's spreadsheet batch: every error by row and column before anything is saved, then
one batch, one number, each row a received registration dossier in the agency's queue."""

import io
import zipfile

import pytest
from django.urls import reverse

from openvss.audit.models import AccessLog
from openvss.dossiers.models import Dossier, DossierCounter, DossierEvent
from openvss.errors import InvalidInput
from openvss.organisations import hr_services, xlsx
from openvss.organisations.models import Declaration, DeclarationBatch

from .helpers import make_employees, row_of, sheet, signed_in, xlsx_upload

pytestmark = pytest.mark.django_db


def _rows(people):
    return [row_of(p, i) for i, p in enumerate(people, start=1)]


def test_500_rows_with_3_bad_report_exactly_those_then_the_fixed_file_is_one_batch(
    client, org_a, hr_a, admin_client
):
    people = make_employees(org_a, 500)
    rows = _rows(people)
    rows[9][0] = "12345"  # row 11 (header is row 1), column A: too short
    rows[199][2] = "31/02/1990"  # row 201, column C: no such day
    rows[449][6] = "0123"  # row 451, column G: not a mobile number
    signed_in(client, hr_a)
    url = reverse("org_hr:upload")

    answer = client.post(url, {"action": "submit", "file": xlsx_upload(sheet(rows))})
    assert answer.status_code == 422
    errors = answer.context["errors"]
    assert [(e["row"], e["column"]) for e in errors] == [(11, "A"), (201, "C"), (451, "G")]
    assert errors[1]["message"] == "Ngày không tồn tại trên lịch."
    assert 'data-error="C201"' in answer.content.decode()
    assert not Dossier.objects.exists() and not DeclarationBatch.objects.exists()

    rows[9][0], rows[199][2], rows[449][6] = people[9].bhxh_code, "02/01/1990", "0987000451"
    rows[199][2] = people[199].birth_date.strftime("%d/%m/%Y")
    answer = client.post(url, {"action": "submit", "file": xlsx_upload(sheet(rows))})
    batch = DeclarationBatch.objects.get()
    assert answer.status_code == 302 and answer.url == reverse("org_hr:batch", args=[batch.pk])
    assert batch.row_count == 500 and batch.number == "00001.LO/2026/TZH490L".replace(
        "2026", str(batch.submitted_at.year)
    )
    dossiers = Dossier.objects.filter(org_declaration__batch=batch)
    assert dossiers.count() == 500
    assert set(dossiers.values_list("status", flat=True)) == {Dossier.Status.RECEIVED}
    assert set(dossiers.values_list("agency__code", flat=True)) == {"01000"}
    assert DossierEvent.objects.filter(dossier__in=dossiers).count() == 500

    # The agency's queue shows the 500 dossiers as one batch (admin filter and column).
    queue = admin_client.get(reverse("admin:dossiers_dossier_changelist"), {"lo": batch.pk})
    assert queue.status_code == 200
    assert queue.context["cl"].result_count == 500
    assert batch.number in queue.content.decode()


def test_numbers_are_one_consecutive_range_reserved_in_one_update(
    client, org_a, hr_a, django_assert_max_num_queries
):
    people = make_employees(org_a, 30)
    DossierCounter.objects.create(agency_id=org_a.employer.agency_id, year=2026, last=41)
    with django_assert_max_num_queries(40):  # bulk: not a query per row
        batch = hr_services.batch_submit(
            member=hr_a, upload=xlsx_upload(sheet(_rows(people))), today=None
        )
    numbers = list(
        Dossier.objects.filter(org_declaration__batch=batch)
        .order_by("org_declaration__row")
        .values_list("number", flat=True)
    )
    year = batch.submitted_at.year
    counter = DossierCounter.objects.get(agency_id=org_a.employer.agency_id, year=year)
    first = 42 if year == 2026 else 1
    assert numbers == [f"{n:05d}.DK/{year}/01000" for n in range(first, first + 30)]
    assert counter.last == first + 29
    rows = list(Declaration.objects.filter(batch=batch).values_list("row", flat=True))
    assert sorted(rows) == list(range(2, 32))


def test_record_checks_by_row_and_column(org_a, hr_a):
    from tests.factories import CitizenFactory, PersonFactory

    people = make_employees(org_a, 6)
    outsider = PersonFactory()  # Nguyễn Văn An works for nobody here
    CitizenFactory(person=people[1], phone="0988000002")
    people[2].citizen_id = "001090999999"
    people[2].save()
    rows = _rows(people)
    rows.append(row_of(outsider, 7))
    rows[3][4] = "99999"  # no such commune
    rows[4][6] = "0988000002"  # someone else's phone
    checked = hr_services.batch_check(member=hr_a, upload=xlsx_upload(sheet(rows)))
    got = [(e.row, e.column, e.code) for e in checked.errors]
    assert got == [
        (3, "A", "already_registered"),
        (4, "D", "citizen_id_mismatch"),
        (5, "E", "commune_unknown"),
        (6, "G", "phone_taken"),
        (8, "A", "not_an_employee"),
    ]
    assert [r.row for r in checked.rows] == [2, 7]
    # Comparing with the records is a read of each employee's data, logged for them.
    logged = set(AccessLog.objects.filter(action="org_view").values_list("person_id", flat=True))
    assert logged == {p.pk for p in people}
    assert outsider.pk not in logged


def test_duplicates_in_the_file_name_the_first_row(org_a, hr_a):
    people = make_employees(org_a, 3)
    rows = _rows(people)
    rows[2][0] = people[0].bhxh_code
    rows[2][1] = people[0].full_name
    rows[2][2] = people[0].birth_date.strftime("%d/%m/%Y")
    checked = hr_services.batch_check(member=hr_a, upload=xlsx_upload(sheet(rows)))
    assert [(e.row, e.column) for e in checked.errors] == [(4, "A")]
    assert hr_services.error_text(checked.errors[0]) == "Trùng với dòng 2."


def _zip(parts: dict) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, body in parts.items():
            archive.writestr(name, body)
    return out.getvalue()


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"not a spreadsheet at all",
        b"PK\x03\x04broken",
        _zip({"hello.txt": "x"}),
        _zip({"xl/workbook.xml": "<workbook><oops"}),
    ],
    ids=["empty", "text", "broken-zip", "zip-without-workbook", "damaged-workbook"],
)
def test_malformed_files_get_a_clear_4xx(client, org_a, hr_a, content):
    signed_in(client, hr_a)
    answer = client.post(
        reverse("org_hr:upload"), {"action": "check", "file": xlsx_upload(content)}
    )
    assert answer.status_code == 422
    assert "Tệp không phải bảng tính Excel" in answer.content.decode() or (
        "Vui lòng chọn tệp" in answer.content.decode()
    )


def test_no_file_and_wrong_headers(client, org_a, hr_a):
    signed_in(client, hr_a)
    answer = client.post(reverse("org_hr:upload"), {"action": "check"})
    assert answer.status_code == 422
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Họ tên", "Mã số BHXH"])
    book.active.append(["x", "y"])
    out = io.BytesIO()
    book.save(out)
    answer = client.post(
        reverse("org_hr:upload"), {"action": "check", "file": xlsx_upload(out.getvalue())}
    )
    assert answer.status_code == 422
    cells = [(e["row"], e["column"]) for e in answer.context["errors"]]
    assert cells[:2] == [(1, "A"), (1, "B")]


def test_too_many_rows_is_refused_before_checking(monkeypatch, org_a, hr_a):
    monkeypatch.setattr(xlsx, "MAX_ROWS", 3)
    people = make_employees(org_a, 4)
    with pytest.raises(InvalidInput) as caught:
        hr_services.batch_check(member=hr_a, upload=xlsx_upload(sheet(_rows(people))))
    assert caught.value.code == "too_many_rows"


def test_a_zip_bomb_is_refused(monkeypatch, org_a, hr_a):
    monkeypatch.setattr(xlsx, "MAX_UNPACKED_BYTES", 1000)
    people = make_employees(org_a, 50)
    with pytest.raises(InvalidInput) as caught:
        hr_services.batch_check(member=hr_a, upload=xlsx_upload(sheet(_rows(people))))
    assert caught.value.code == "file_unreadable"


def test_the_template_has_the_form_01_columns_and_reads_back_empty(client):
    answer = client.get(reverse("org_hr:template"))
    assert answer.status_code == 200
    assert answer["Content-Type"] == xlsx.CONTENT_TYPE
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(answer.content))
    assert book.sheetnames == ["Tờ khai", "Hướng dẫn", "Danh mục xã, phường"]
    headers = [c.value for c in book["Tờ khai"][1]]
    assert headers[:3] == ["Mã số BHXH", "Họ và tên", "Ngày sinh (dd/mm/yyyy)"]
    assert book["Danh mục xã, phường"].max_row > 3000
    with pytest.raises(InvalidInput) as caught:
        xlsx.sheet_read(xlsx_upload(answer.content))
    assert caught.value.code == "file_empty"


def test_api_reports_cells_in_the_error_shape(org_a, hr_a):
    people = make_employees(org_a, 2)
    rows = _rows(people)
    rows[1][3] = "12"
    with pytest.raises(hr_services.BatchRejected) as caught:
        hr_services.batch_submit(member=hr_a, upload=xlsx_upload(sheet(rows)))
    assert caught.value.status == 422
    assert list(caught.value.fields) == ["D3"]
    assert not Dossier.objects.exists()
