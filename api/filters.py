"""The API's query parameters, as django-filter FilterSets, and the backend that refuses
unknown values with 400 instead of quietly returning everything.

Each FilterSet only reads and checks the query string; the narrowing itself is done by
the app's own selector (``guidebook.selectors.apply_filters``,
``communities.selectors.community_cards``, ``meetings.selectors.meetings_listing``), so a
list answers exactly what the page with the same filters shows.

- A parameter with a fixed set of values (country, level, status, sector, format, sort,
  lang) answers 400 for anything else, listing the values it accepts.
- Themes are an open vocabulary: a well-formed theme nobody uses gives an empty list, as
  on the pages; a malformed one (not a slug) is refused.
- Several values of one parameter (``?country=PL&country=NO``) combine with OR, different
  parameters with AND, as on the listing page.
"""

from __future__ import annotations

import re
from datetime import date

import django_filters
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.core.validators import RegexValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django_countries import countries
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema_field

from api.base import FilterValueError
from communities.models import GovernmentLevel
from communities.selectors import community_cards
from guidebook.models import PracticeStatus, Sector
from guidebook.selectors import SORTS, PracticeFilters, apply_filters
from meetings.models import MeetingFormat
from meetings.selectors import meetings_listing

SLUG = re.compile(r"^[-\w]{1,100}$")
MONTH = re.compile(r"^(\d{4})-(\d{2})$")
MAX_VALUES = 20
COMMUNITY_SORTS = ("activity", "size", "name", "newest")


class StrictBackend(DjangoFilterBackend):
    """django-filter's backend, answering a FilterSet's errors with ``FilterValueError``."""

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        if not filterset.is_valid():
            errors = {name: [str(e) for e in errs] for name, errs in filterset.errors.items()}
            allowed = {
                name: filterset.allowed_values(name)
                for name in errors
                if filterset.allowed_values(name)
            }
            raise FilterValueError(errors, allowed)
        return filterset.qs


class ValueListField(forms.Field):
    """Every value of a repeated parameter, each checked by ``clean_one``."""

    widget = forms.SelectMultiple

    def __init__(self, *args, choices=(), normalise=str, **kwargs):
        choices = choices() if callable(choices) else choices
        self.allowed = [str(value) for value, _label in choices]
        self.normalise = normalise
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if not value:
            return []
        values = value if isinstance(value, list | tuple) else [value]
        if len(values) > MAX_VALUES:
            raise forms.ValidationError(
                ngettext(
                    "Give at most %(count)d value of one parameter.",
                    "Give at most %(count)d values of one parameter.",
                    MAX_VALUES,
                )
                % {"count": MAX_VALUES}
            )
        cleaned = []
        for raw in values:
            one = self.clean_one(self.normalise(str(raw).strip()))
            if one not in cleaned:
                cleaned.append(one)
        return cleaned

    def clean_one(self, value):
        if self.allowed and value not in self.allowed:
            raise forms.ValidationError(
                _("“%(value)s” is not one of the accepted values.") % {"value": value[:100]}
            )
        return value


class SlugListField(ValueListField):
    def clean_one(self, value):
        if not SLUG.match(value):
            raise forms.ValidationError(
                _("“%(value)s” is not a theme: use its slug, such as peer-learning.")
                % {"value": value[:100]}
            )
        return value.lower()


class NumberListField(ValueListField):
    def __init__(self, *args, minimum=1, maximum=10**15, **kwargs):
        self.minimum, self.maximum = minimum, maximum
        super().__init__(*args, **kwargs)

    def clean_one(self, value):
        if not (value.isascii() and value.isdigit() and len(value) <= 16):
            raise forms.ValidationError(
                _("“%(value)s” is not a whole number.") % {"value": value[:100]}
            )
        number = int(value)
        if not self.minimum <= number <= self.maximum:
            raise forms.ValidationError(
                _("%(value)s is out of range (%(minimum)d to %(maximum)d).")
                % {"value": number, "minimum": self.minimum, "maximum": self.maximum}
            )
        return number


@extend_schema_field({"type": "array", "items": {"type": "string"}})
class ValuesFilter(django_filters.Filter):
    """A repeated parameter read into a list; the FilterSet applies it (``method``)."""

    field_class = ValueListField

    def filter(self, qs, value):
        return qs  # the FilterSet's filter_queryset hands all values to the selector


@extend_schema_field({"type": "array", "items": {"type": "string", "pattern": SLUG.pattern}})
class SlugsFilter(ValuesFilter):
    field_class = SlugListField


@extend_schema_field({"type": "array", "items": {"type": "integer"}})
class NumbersFilter(ValuesFilter):
    field_class = NumberListField


class OneOfFilter(django_filters.ChoiceFilter):
    """One value of a fixed set (unknown: 400); applied by the FilterSet."""

    def filter(self, qs, value):
        return qs


class PraxisFilterSet(django_filters.FilterSet):
    def allowed_values(self, name: str) -> list[str]:
        field = self.form.fields.get(name)
        if isinstance(field, ValueListField):
            return field.allowed
        if isinstance(field, forms.ChoiceField):
            return [str(value) for value, _label in field.choices if value != ""]
        return []

    def value(self, name: str, default=None):
        value = self.form.cleaned_data.get(name)
        return default if value in (None, "", []) else value


def _country_choices():
    return [(code, name) for code, name in countries]


class PracticeFilterSet(PraxisFilterSet):
    theme = SlugsFilter(help_text="Theme slug; several combine with OR.")
    country = ValuesFilter(
        choices=_country_choices,
        normalise=str.upper,
        help_text="ISO 3166 country code, such as PL; several combine with OR.",
    )
    level = ValuesFilter(choices=GovernmentLevel.choices, help_text="Level of government.")
    status = ValuesFilter(choices=PracticeStatus.choices, help_text="Status.")
    sector = ValuesFilter(choices=Sector.choices, help_text="Sector.")
    year = NumbersFilter(minimum=1900, maximum=2200, help_text="Year the practice started.")
    organisation = NumbersFilter(help_text="Id of an organisation involved.")
    sort = OneOfFilter(
        choices=[(name, name) for name in SORTS],
        help_text="Order: newest (default), updated or title.",
    )

    def filter_queryset(self, queryset):
        filters = PracticeFilters(
            theme=self.value("theme", []),
            country=self.value("country", []),
            level=self.value("level", []),
            status=self.value("status", []),
            year=self.value("year", []),
            organisation=self.value("organisation", []),
        )
        queryset = apply_filters(queryset, filters)
        if sectors := self.value("sector"):
            queryset = queryset.filter(sector__in=sectors)
        return queryset.order_by(*SORTS[self.value("sort", "newest")], "pk")


class ChapterFilterSet(PraxisFilterSet):
    """Chapters have no filters besides the language; the guide's order is kept."""


def _theme_slug():
    return RegexValidator(SLUG, gettext_lazy("Use the theme's slug, such as peer-learning."))


BOOLEAN = [("true", "true"), ("false", "false")]


class CommunityFilterSet(PraxisFilterSet):
    """Public communities only: ``community_cards(readable_only=True)`` for a signed-out
    reader, so a members-only community is never listed nor counted."""

    theme = django_filters.CharFilter(
        method="keep",
        max_length=100,
        validators=[_theme_slug()],
        help_text="Theme slug.",
    )
    q = django_filters.CharFilter(
        method="keep",
        max_length=200,
        help_text="Words in the title or the topic, as the index's search.",
    )
    sort = OneOfFilter(
        choices=[(name, name) for name in COMMUNITY_SORTS],
        help_text="Order: activity (default), size, name or newest.",
    )

    def keep(self, queryset, name, value):
        return queryset

    def filter_queryset(self, queryset):
        return community_cards(
            user=AnonymousUser(),
            theme=self.value("theme", "").lower(),
            query=self.value("q", "").strip(),
            sort=self.value("sort", "activity"),
            readable_only=True,
        )


class MonthField(forms.CharField):
    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        match = MONTH.match(value)
        if not match or not (1 <= int(match[2]) <= 12) or not (1900 <= int(match[1]) <= 2200):
            raise forms.ValidationError(_("Give the month as YYYY-MM."))
        return date(int(match[1]), int(match[2]), 1)


@extend_schema_field({"type": "string", "pattern": MONTH.pattern, "example": "2027-03"})
class MonthFilter(django_filters.Filter):
    field_class = MonthField

    def filter(self, qs, value):
        return qs


class MeetingFilterSet(PraxisFilterSet):
    """Public meetings only: ``meetings_listing`` for a signed-out reader (meetings open
    to all registered users, in public communities), in the listing's order."""

    format = OneOfFilter(choices=MeetingFormat.choices, help_text="Format.")
    theme = django_filters.CharFilter(
        method="keep",
        max_length=100,
        validators=[_theme_slug()],
        help_text="Theme slug of the community.",
    )
    community = NumbersFilter(help_text="Id of the community.")
    month = MonthFilter(help_text="Meetings starting in this month, YYYY-MM.")
    past = OneOfFilter(
        choices=BOOLEAN,
        help_text="true: past meetings, newest first; otherwise upcoming ones.",
    )

    def keep(self, queryset, name, value):
        return queryset

    def filter_queryset(self, queryset):
        meetings = meetings_listing(
            user=AnonymousUser(),
            format=self.value("format", ""),
            theme=self.value("theme", "").lower(),
            month=self.value("month"),
            past=self.value("past") == "true",
        )
        if communities := self.value("community"):
            meetings = meetings.filter(community_id__in=communities)
        return meetings
