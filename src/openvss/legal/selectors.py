"""Reads of dated legal figures."""

import json
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from functools import cache
from importlib import resources

from django.core.cache import cache as shared_cache
from django.utils import timezone

from openvss.domain.contributions import HouseholdRates, LumpSumRates, VoluntaryRates
from openvss.domain.estimates import (
    Adjustment,
    MaternityRates,
    OneTimeRates,
    PensionRates,
    RetirementAges,
    SicknessRates,
    SupportCap,
    SupportRun,
    UnemploymentRates,
)
from openvss.domain.legal import Dated, value_on
from openvss.domain.months import Month
from openvss.domain.workdays import add_working_days

from .models import BeneficiaryGroup, BenefitLevel, LegalParameter

BENEFIT_PERCENTS_KEY = "legal:benefit-percents"
MANAGED_ELSEWHERE_KEY = "legal:managed-elsewhere"


def benefit_percents() -> dict[int, int]:
    """The fund's share (%) of a visit's cost by benefit level 1–5 (mức hưởng, BenefitLevel
    rows from legal.json), kept 5 minutes in the shared cache: card checks read it each time."""
    found = shared_cache.get(BENEFIT_PERCENTS_KEY)
    if found is None:
        found = dict(BenefitLevel.objects.values_list("level", "fund_percent"))
        if found:
            shared_cache.set(BENEFIT_PERCENTS_KEY, found, 300)
    return found


def groups_managed_elsewhere() -> dict[str, str]:
    """``{group code: BeneficiaryGroup.ManagedBy}`` for the groups whose cards the Ministry of
    Defence's or of Public Security's social insurance manages (QN, CY, CA in legal.json),
    as in force today; kept 5 minutes in the shared cache like ``benefit_percents``."""
    found = shared_cache.get(MANAGED_ELSEWHERE_KEY)
    if found is None:
        today = timezone.localdate()
        found = {}
        rows = (
            BeneficiaryGroup.objects.filter(valid_from__lte=today)
            .exclude(valid_to__lt=today)
            .order_by("code", "valid_from")
            .values_list("code", "managed_by")
        )
        for code, managed_by in rows:  # the latest row of each code wins
            found[code] = managed_by
        found = {code: by for code, by in found.items() if by}
        shared_cache.set(MANAGED_ELSEWHERE_KEY, found, 300)
    return found


def parameter_on(key: str, day: date) -> Decimal:
    """The value of a legal parameter in force on ``day`` (one indexed query)."""
    rows = LegalParameter.objects.filter(key=key, valid_from__lte=day).order_by("-valid_from")[:1]
    return value_on([Dated(r.valid_from, r.value) for r in rows], day, key=key)


def group_on(code: str, day: date) -> BeneficiaryGroup | None:
    """The beneficiary group row in force on ``day`` for a code, or None if unknown."""
    return (
        BeneficiaryGroup.objects.select_related("benefit_level")
        .filter(code=code, valid_from__lte=day)
        .exclude(valid_to__lt=day)
        .order_by("-valid_from")
        .first()
    )


# --- Figures for the contribution and benefit calculators (domain/contributions.py,
# domain/estimates.py). Each builder reads every figure it needs in one query.


def parameters_on(keys: list[str], day: date) -> dict[str, tuple[Decimal, str]]:
    """``{key: (value, source)}`` in force on ``day`` for each key (one query)."""
    found: dict[str, tuple[Decimal, str]] = {}
    rows = (
        LegalParameter.objects.filter(key__in=keys, valid_from__lte=day)
        .order_by("key", "-valid_from")
        .values_list("key", "value", "source")
    )
    for key, value, source in rows:
        found.setdefault(key, (value, source))
    for key in keys:
        if key not in found:
            value_on([], day, key=key)  # raises legal_figure_missing
    return found


def household_rates_on(day: date):
    """Household BHYT rates and the base salary in force on the payment date."""
    keys = ["base_salary", "bhyt_household_first_rate"] + [
        f"bhyt_household_ratio_{n}" for n in (2, 3, 4, 5)
    ]
    p = parameters_on(keys, day)
    rates = HouseholdRates(
        first_rate=p["bhyt_household_first_rate"][0],
        ratios=tuple(p[f"bhyt_household_ratio_{n}"][0] for n in (2, 3, 4, 5)),
        cite=p["bhyt_household_first_rate"][1],
    )
    return rates, int(p["base_salary"][0]), p["base_salary"][1]


VOLUNTARY_CATEGORIES = ("poor", "near_poor", "ethnic", "other")


def voluntary_rates_on(day: date, category: str):
    if category not in VOLUNTARY_CATEGORIES:
        category = "other"
    keys = [
        "base_salary", "wage_cap_multiple", "vss_voluntary_rate", "vss_voluntary_floor",
        f"vss_voluntary_support_{category}", "vss_voluntary_support_max_months",
    ]  # fmt: skip
    p = parameters_on(keys, day)
    support = p[f"vss_voluntary_support_{category}"]
    return VoluntaryRates(
        rate=p["vss_voluntary_rate"][0],
        floor=int(p["vss_voluntary_floor"][0]),
        ceiling=int(p["base_salary"][0] * p["wage_cap_multiple"][0]),
        support_ratio=support[0],
        support_max_months=int(p["vss_voluntary_support_max_months"][0]),
        cite=p["vss_voluntary_rate"][1],
        support_cite=support[1],
    )


def lump_sum_rates_on(day: date):
    """Paying voluntary BHXH once for several years ahead or for the missing years: the
    fund's monthly rate and the limits in force on the payment date."""
    keys = ["vss_fund_monthly_rate", "vss_voluntary_ahead_min_years", "vss_voluntary_ahead_max_years",
            "vss_voluntary_missing_max_months"]  # fmt: skip
    p = parameters_on(keys, day)
    return LumpSumRates(
        monthly_rate=p["vss_fund_monthly_rate"][0],
        min_years=int(p["vss_voluntary_ahead_min_years"][0]),
        max_years=int(p["vss_voluntary_ahead_max_years"][0]),
        missing_max_months=int(p["vss_voluntary_missing_max_months"][0]),
        cite=p["vss_voluntary_ahead_max_years"][1],
        missing_cite=p["vss_voluntary_missing_max_months"][1],
        rate_cite=p["vss_fund_monthly_rate"][1],
    )


def retirement_ages_on(day: date, sex: int):
    """The retirement-age roadmap (normal conditions) for sex 1 (male) or 2 (female)."""
    who = "female" if sex == 2 else "male"
    keys = [f"retirement_age_{who}_{k}" for k in ("before_2021", "2021", "step", "max")]
    p = parameters_on(keys, day)
    before, first, step, last = (int(p[k][0]) for k in keys)
    return RetirementAges(before=before, first=first, step=step, last=last, cite=p[keys[1]][1])


def salary_adjustment_on(day: date):
    """The salary-adjustment table in force on ``day`` (legal/data/salary_adjustment.json);
    the latest table known when none is newer."""
    tables = _adjustment_tables()
    chosen = None
    for valid_from, source, coefficients in tables:
        if valid_from <= day or chosen is None:
            chosen = (source, coefficients)
    return Adjustment(chosen[1], chosen[0]) if chosen else Adjustment({})


@cache
def _adjustment_tables():
    data = json.loads(
        (resources.files("openvss.legal") / "data" / "salary_adjustment.json").read_text("utf-8")
    )
    return sorted(
        (
            date.fromisoformat(t["valid_from"]),
            t["source"],
            {int(y): Decimal(v) for y, v in t["coefficients"].items()},
        )
        for t in data["tables"]
    )


def one_time_rates_on(day: date):
    keys = [
        "onetime_months_before_2014",
        "onetime_months_from_2014",
        "onetime_less_voluntary_support",
    ]
    p = parameters_on(keys, day)
    return OneTimeRates(
        months_before=p["onetime_months_before_2014"][0],
        months_after=p["onetime_months_from_2014"][0],
        cite=p["onetime_months_from_2014"][1],
        average_cite=_AVERAGE_CITE,
        less_support=bool(p["onetime_less_voluntary_support"][0]),
        support_cite=p["onetime_less_voluntary_support"][1],
    )


_NO_CAP = 9999  # vss_voluntary_support_max_months before 1/7/2025: no limit


def voluntary_support_runs(
    months: Iterable[int], category: str, day: date
) -> tuple[list[SupportRun], SupportCap | None]:
    """What the State paid towards each voluntary month (month indexes, ``Month.index``) for
    a person of ``category``: 22% × the rural poverty line × the category's ratio, each as in
    force in that month (Circular 59/2015/TT-BLĐTBXH Art. 19 cl. 3), grouped into runs of
    consecutive months with the same figures; ratio 0 before the first support row (Decree
    134/2015 Art. 14, 1/1/2018). With the cap on supported months in force on ``day``
    (Decree 159/2025 Art. 5). One query."""
    wanted = sorted(set(months))
    if not wanted:
        return [], None
    if category not in VOLUNTARY_CATEGORIES:
        category = "other"
    support_key = f"vss_voluntary_support_{category}"
    keys = (
        "vss_voluntary_rate",
        "vss_voluntary_floor",
        support_key,
        "vss_voluntary_support_max_months",
    )
    dated: dict[str, list] = {key: [] for key in keys}
    rows = (
        LegalParameter.objects.filter(key__in=keys, valid_from__lte=day)
        .order_by("valid_from")
        .values_list("key", "valid_from", "value", "source")
    )
    for key, valid_from, value, source in rows:
        dated[key].append((valid_from, value, source))

    def in_force(key: str, on: date):
        found = None
        for row in dated[key]:
            if row[0] > on:
                break
            found = row
        return found

    runs: list[SupportRun] = []
    for index in wanted:
        month = Month.from_index(index)
        ratio = in_force(support_key, month.first_day)
        if ratio is None:  # before the support began: cite the row that began it
            first = dated[support_key][0][2] if dated[support_key] else ""
            figures = (Decimal(0), 0, Decimal(0), first)
        else:
            rate, floor = (in_force(k, month.first_day) for k in keys[:2])
            if rate is None or floor is None:
                value_on([], month.first_day, key=keys[0] if rate is None else keys[1])  # raises
            figures = (rate[1], int(floor[1]), ratio[1], f"{ratio[2]}; {floor[2]}")
        last = runs[-1] if runs else None
        if last is not None and last.end.index == index - 1 and (
            last.rate, last.floor, last.ratio, last.cite) == figures:  # fmt: skip
            runs[-1] = SupportRun(last.start, month, *figures)
        else:
            runs.append(SupportRun(month, month, *figures))
    limit = in_force("vss_voluntary_support_max_months", day)
    cap = None
    if limit is not None and int(limit[1]) < _NO_CAP:
        cap = SupportCap(Month.of(limit[0]), int(limit[1]), limit[2])
    return runs, cap


_AVERAGE_CITE = "Luật BHXH 41/2024/QH15 Điều 72"
_PENSION = ["pension_base_rate", "pension_step", "pension_ceiling", "pension_female_years",
            "pension_male_years", "pension_male_short_years", "pension_early_reduction",
            "pension_early_reduction_half"]  # fmt: skip


def pension_rates_on(day: date):
    p = parameters_on(_PENSION, day)
    short = int(p["pension_male_short_years"][0])
    return PensionRates(
        base_rate=p["pension_base_rate"][0],
        step=p["pension_step"][0],
        ceiling=p["pension_ceiling"][0],
        female_years=int(p["pension_female_years"][0]),
        male_years=int(p["pension_male_years"][0]),
        male_short_years=short or None,
        early_reduction=p["pension_early_reduction"][0],
        early_half_reduction=p["pension_early_reduction_half"][0],
        cite=p["pension_male_short_years"][1] if short else p["pension_base_rate"][1],
        average_cite=_AVERAGE_CITE,
    )


def unemployment_rates_on(day: date, region: int):
    """Rates and the regional minimum wage (region 1–4) in force on ``day``."""
    region = region if region in (1, 2, 3, 4) else 1
    p = parameters_on(["ui_rate", "ui_cap_multiple", f"regional_min_wage_{region}"], day)
    rates = UnemploymentRates(
        rate=p["ui_rate"][0], cap_multiple=int(p["ui_cap_multiple"][0]), cite=p["ui_rate"][1]
    )
    return rates, int(p[f"regional_min_wage_{region}"][0])


def maternity_rates_on(day: date):
    keys = ["maternity_rate", "maternity_leave_months", "maternity_extra_months_per_child",
            "maternity_lump_multiple", "base_salary", "maternity_min_months",
            "maternity_min_months_pregnancy_leave"]  # fmt: skip
    p = parameters_on(keys, day)
    rates = MaternityRates(
        rate=p["maternity_rate"][0],
        leave_months=int(p["maternity_leave_months"][0]),
        extra_months_per_child=int(p["maternity_extra_months_per_child"][0]),
        lump_multiple=int(p["maternity_lump_multiple"][0]),
        min_months=int(p["maternity_min_months"][0]),
        min_months_pregnancy_leave=int(p["maternity_min_months_pregnancy_leave"][0]),
        cite=p["maternity_rate"][1] + "; " + p["maternity_leave_months"][1],
        lump_cite=p["maternity_lump_multiple"][1] + "; " + p["base_salary"][1],
    )
    return rates, int(p["base_salary"][0])


def sickness_rates_on(day: date):
    """Sickness rate, the days divisor and the yearly days by years paid (normal / heavy work)."""
    bands = ("lt15", "lt30", "ge30")
    days = [f"sickness_days_{kind}_{band}" for kind in ("normal", "heavy") for band in bands]
    p = parameters_on(["sickness_rate", "sickness_days_per_month", *days], day)
    entitlements = tuple(
        (bound, int(p[f"sickness_days_normal_{band}"][0]), int(p[f"sickness_days_heavy_{band}"][0]))
        for bound, band in zip((15, 30, None), bands, strict=True)
    )
    return SicknessRates(
        rate=p["sickness_rate"][0],
        days_per_month=int(p["sickness_days_per_month"][0]),
        entitlements=entitlements,
        cite=p["sickness_rate"][1] + "; " + p["sickness_days_per_month"][1],
        days_cite=p["sickness_days_normal_lt15"][1].rsplit(" điểm", 1)[0],
    )


# --- Working-day deadlines -------------------------------------------------------------------


@cache
def _holidays_data():
    return json.loads(
        (resources.files("openvss.legal") / "data" / "holidays.json").read_text("utf-8")
    )


def public_holidays(years) -> frozenset[date]:
    """Public holidays of the given years (legal/data/holidays.json): the fixed dates of the
    Labour Code from their start, and the dated ones announced each year."""
    data = _holidays_data()
    fixed = data["fixed"]
    start = date.fromisoformat(fixed["valid_from"])
    found = set()
    for year in years:
        for month_day in fixed["days"]:
            day = date.fromisoformat(f"{year:04d}-{month_day}")
            if day >= start:
                found.add(day)
    found.update(
        date.fromisoformat(d["date"]) for d in data["dated"] if int(d["date"][:4]) in years
    )
    return frozenset(found)


def _parameter_rows(key: str) -> list[tuple[date, Decimal]]:
    """Every dated value of one parameter, kept 5 minutes in the shared cache (a list page
    shows many dossiers: their deadlines cost no query each)."""
    cache_key = f"legal:parameter:{key}"
    rows = shared_cache.get(cache_key)
    if rows is None:
        rows = list(
            LegalParameter.objects.filter(key=key)
            .order_by("valid_from")
            .values_list("valid_from", "value")
        )
        shared_cache.set(cache_key, rows, 300)
    return rows


def working_deadline(key: str, start: date) -> tuple[int, date] | None:
    """The working days the parameter ``key`` gives on ``start`` (the day the request was
    complete) and the date they end; None when the parameter is not known on that day."""
    rows = [Dated(valid_from, value) for valid_from, value in _parameter_rows(key)]
    if not rows or rows[0].valid_from > start:
        return None
    days = int(value_on(rows, start, key=key))
    holidays = public_holidays({start.year, start.year + 1})
    return days, add_working_days(start, days, holidays)
