"""The site plus a bare view for comparison: one indexed card lookup, nothing else."""

from django.http import JsonResponse
from django.urls import path

from openvss.people.models import HealthCard
from openvss.urls import urlpatterns as site


def bare_card(request):
    row = (
        HealthCard.objects.filter(number=request.GET.get("number", ""), status="active")
        .values("code", "benefit_level", "valid_to")
        .first()
    )
    return JsonResponse({"card": row}, json_dumps_params={"default": str})


urlpatterns = [path("bench/bare-card", bare_card), *site]
