"""The look-up pages (guide 004 §2 "Tra cứu trực tuyến"), readable without signing in.

Each search page reads its GET parameters through a form: bad parameters show the error
summary with a 400, a page past the end a 404, never a 500.
"""

import json

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from openvss.core.ratelimit import client_ip
from openvss.errors import NotFound, OpenvssError
from openvss.places import selectors

from . import forms, services


def index(request):
    return render(request, "lookups/index.html")


def _page_query(request) -> str:
    """The current query string without ``page``, for the pager's links."""
    query: QueryDict = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _search_page(request, form, template: str, run, extra: dict | None = None):
    """Validate ``form`` (bound to GET), run the search, and page it."""
    context = {"form": form, "result": None, "query": _page_query(request), **(extra or {})}
    status = 200
    if form.is_valid():
        try:
            context["result"] = selectors.page_of(
                run(form.cleaned_data), page=form.cleaned_data["page"] or 1
            )
        except NotFound as exc:
            context["page_error"] = exc.message
            status = 404
        except OpenvssError as exc:
            for field, messages in (exc.fields or {"q": [exc.message]}).items():
                for message in messages:
                    form.add_error(
                        field if field in form.fields else None, ValidationError(message)
                    )
            status = 400
    else:
        status = 400
    return TemplateResponse(request, template, context, status=status)


def agencies(request):
    """Tra cứu cơ quan BHXH, with a map and "gần tôi" (the browser's location)."""
    form = forms.AgencySearchForm(request.GET)

    def run(data):
        point = selectors.coordinates_clean(data.get("lat"), data.get("lon"))
        if point:
            return selectors.agencies_near(
                latitude=point[0], longitude=point[1], q=data["q"], province_code=data["province"]
            )
        return selectors.agency_list(q=data["q"], province_code=data["province"] or None)

    response = _search_page(
        request,
        form,
        "lookups/agencies.html",
        run,
        {
            "tile_url": settings.MAP_TILE_URL,
            "tile_attribution": settings.MAP_TILE_ATTRIBUTION,
            "near": bool(request.GET.get("lat")),
        },
    )
    result = response.context_data.get("result")
    if result and form.is_valid() and form.cleaned_data.get("lat") is not None:
        data = form.cleaned_data
        selectors.with_distances(result.items, latitude=data["lat"], longitude=data["lon"])
    markers = [
        {
            "code": a.code,
            "name": a.name,
            "address": a.address,
            "phone": a.phone,
            "lat": float(a.latitude),
            "lon": float(a.longitude),
        }
        for a in (result.items if result else [])
        if a.latitude is not None
    ]
    response.context_data["markers"] = markers
    response.context_data["markers_json"] = json.dumps(markers, ensure_ascii=False)
    return response


def facilities(request):
    """Tra cứu cơ sở KCB: the two lists of the guide, level, province, commune, KCB ban đầu."""
    form = forms.FacilitySearchForm(request.GET)

    def run(data):
        chosen = data["danh_sach"]
        return selectors.facility_list(
            q=data["q"],
            province_code=data["province"] or None,
            commune_code=data["commune"] or None,
            level=data["level"] or None,
            bhyt_contracted=True if chosen == "hop-dong-bhyt" else None,
            issues_sick_leave=True if chosen == "cap-giay-nghi-viec" else None,
            accepts_initial_registration=True if data["ban_dau"] else None,
        )

    title = forms.FacilitySearchForm.LISTS.get(request.GET.get("danh_sach", ""), "")
    return _search_page(
        request, form, "lookups/facilities.html", run, {"list_title": title or _("Cơ sở KCB")}
    )


def employers(request):
    """Tra cứu đơn vị tham gia BHXH: by name, unit code or tax code."""
    form = forms.SearchForm(request.GET)
    return _search_page(
        request,
        form,
        "lookups/employers.html",
        lambda data: selectors.employer_list(q=data["q"], province_code=data["province"] or None),
    )


def collection_points(request):
    """Tra cứu điểm thu, đại lý thu."""
    form = forms.SearchForm(request.GET)
    return _search_page(
        request,
        form,
        "lookups/collection_points.html",
        lambda data: selectors.collection_point_list(
            q=data["q"], province_code=data["province"] or None
        ),
    )


def bhxh_code(request):
    """Tra cứu mã số BHXH: captcha, rate limit, and one neutral answer for none or many."""
    form = forms.CodeLookupForm(request.POST or None)
    answer = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            answer = services.bhxh_code_lookup(
                full_name=data["full_name"],
                birth_date=data["birth_date"],
                province_code=data["province"],
                id_number=data["id_number"],
                ip=client_ip(request),
            )
        except OpenvssError as exc:
            field = next(iter(exc.fields), None)
            form.add_error(field if field in form.fields else None, exc.message)
        else:
            form = forms.CodeLookupForm()  # a fresh captcha for the next look-up
    status = 422 if form.errors else 200
    return TemplateResponse(
        request, "lookups/bhxh_code.html", {"form": form, "answer": answer}, status=status
    )
