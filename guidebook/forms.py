"""Forms for the library: the listing's filters (GET) and the member submission form."""

from __future__ import annotations

import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from django_countries import countries

from communities.models import CommunityPage, GovernmentLevel, Organisation
from guidebook.documents import ALLOWED_EXTENSIONS, MAX_ATTACHMENT_BYTES, validate_attachment
from guidebook.models import SUMMARY_MAX_LENGTH, PracticeStatus, Sector
from guidebook.selectors import SORTS, PracticeFilters
from guidebook.validation import REQUIRED_FOR_PUBLICATION, missing_for_publication

SLUG = re.compile(r"^[-\w]{1,100}$")
MAX_VALUES_PER_FACET = 20
PROSE_MAX_LENGTH = 6000


def small_int(value, *, max_digits: int = 9) -> int | None:
    """An ASCII decimal of at most ``max_digits`` digits as int, otherwise None (so
    "²", "１２" or a 5,000-digit number never reach ``int()`` or the database)."""
    value = str(value)
    if value.isascii() and value.isdigit() and len(value) <= max_digits:
        return int(value)
    return None


class PracticeFilterForm:
    """Reads the listing's query string. Unknown or malformed values are dropped, so a
    hand-edited URL narrows nothing it should not and never causes an error."""

    def __init__(self, data=None):
        self.data = data or {}

    def _list(self, name: str) -> list[str]:
        getter = getattr(self.data, "getlist", None)
        values = getter(name) if getter else ([self.data[name]] if name in self.data else [])
        cleaned = []
        for value in values[: MAX_VALUES_PER_FACET * 2]:
            value = str(value).strip()
            if value and value not in cleaned:
                cleaned.append(value)
        return cleaned[:MAX_VALUES_PER_FACET]

    def filters(self) -> PracticeFilters:
        levels = set(GovernmentLevel.values)
        statuses = set(PracticeStatus.values)
        return PracticeFilters(
            theme=[v.lower() for v in self._list("theme") if SLUG.match(v)],
            country=[v.upper() for v in self._list("country") if v.upper() in countries],
            level=[v for v in self._list("level") if v in levels],
            status=[v for v in self._list("status") if v in statuses],
            year=[
                year
                for year in (small_int(v, max_digits=4) for v in self._list("year"))
                if year is not None and 1900 <= year <= 2200
            ],
            organisation=[
                pk for pk in (small_int(v) for v in self._list("organisation")) if pk is not None
            ],
        )

    def sort(self) -> str:
        value = self.data.get("sort", "newest") if self.data else "newest"
        return value if value in SORTS else "newest"


def _prose(label, *, required=False, help_text="", rows=5):
    return forms.CharField(
        label=label,
        required=required,
        max_length=PROSE_MAX_LENGTH,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class PracticeSubmitForm(forms.Form):
    """A member's practice case: the structured fields of the library, in plain text."""

    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("Short summary"),
        max_length=SUMMARY_MAX_LENGTH,
        help_text=_("At most 500 characters: what was done, by whom, with what result."),
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": SUMMARY_MAX_LENGTH}),
    )
    problem = _prose(_("The problem or challenge"), required=True)
    what_was_done = _prose(_("What was done"), required=True)
    what_is_new = _prose(_("What makes it new"))
    status = forms.ChoiceField(label=_("Status"), choices=PracticeStatus.choices)
    results = _prose(_("Results and impact"))
    measurement = _prose(
        _("How the results were measured"),
        help_text=_("Say what was counted and how. Only figures you can source."),
        rows=3,
    )
    challenges = _prose(_("Challenges and failures"), rows=3)
    conditions = _prose(_("Conditions for success and transferability"), rows=3)
    lessons = _prose(_("Lessons learned"), rows=3)
    organisations = forms.ModelMultipleChoiceField(
        label=_("Organisations involved"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    country = forms.ChoiceField(label=_("Country"))
    level_of_government = forms.ChoiceField(
        label=_("Level of government"),
        choices=[("", "---------"), *GovernmentLevel.choices],
        required=False,
    )
    sector = forms.ChoiceField(
        label=_("Sector"), choices=[("", "---------"), *Sector.choices], required=False
    )
    themes = forms.CharField(
        label=_("Themes"),
        required=False,
        max_length=300,
        help_text=_("Separate themes with commas, for example: peer learning, HR."),
    )
    year_started = forms.IntegerField(label=_("Year started"), required=False, min_value=1950)
    contact_name = forms.CharField(label=_("Contact person"), max_length=200, required=False)
    contact_email = forms.EmailField(label=_("Contact e-mail"), required=False)
    related_community = forms.ModelChoiceField(
        label=_("Related community"), queryset=None, required=False
    )
    attachment = forms.FileField(
        label=_("Attachment"),
        required=False,
        # ngettext_lazy with a named number stays lazy after "%" (gettext_lazy would be
        # translated once, at import, in the default language).
        help_text=ngettext_lazy(
            "Optional. %(types)s; at most %(size)d MB.",
            "Optional. %(types)s; at most %(size)d MB.",
            "size",
        )
        % {"types": ", ".join(ALLOWED_EXTENSIONS), "size": MAX_ATTACHMENT_BYTES // 2**20},
    )
    attachment_title = forms.CharField(label=_("Attachment title"), max_length=200, required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        from communities.selectors import visible_communities_for

        self.fields["country"].choices = [("", "---------"), *countries]
        self.fields["related_community"].queryset = (
            visible_communities_for(user).order_by("title")
            if user
            else CommunityPage.objects.none()
        )
        self.fields["year_started"].max_value = timezone.now().year + 1
        # The publication rule (shared with the admin's page form) marks what is required.
        for name, message in REQUIRED_FOR_PUBLICATION.items():
            self.fields[name].required = True
            self.fields[name].error_messages["required"] = message
        self.fields["year_started"].widget.attrs["max"] = timezone.now().year + 1

    def clean(self):
        cleaned = super().clean()
        for name, message in missing_for_publication(cleaned).items():
            if name not in self.errors:
                self.add_error(name, message)
        return cleaned

    def clean_summary(self):
        return " ".join(self.cleaned_data["summary"].split())

    def clean_themes(self):
        names = []
        for name in self.cleaned_data["themes"].split(","):
            name = " ".join(name.split())[:100]
            if name and name.casefold() not in {n.casefold() for n in names}:
                names.append(name)
        if len(names) > 8:
            raise forms.ValidationError(_("Give at most eight themes."))
        return names

    def clean_year_started(self):
        year = self.cleaned_data.get("year_started")
        if year is not None and year > timezone.now().year + 1:
            raise forms.ValidationError(_("The year cannot be in the future."))
        return year

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if upload:
            validate_attachment(upload)
        return upload
