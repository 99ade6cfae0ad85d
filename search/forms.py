"""The search box and its facet parameters. Bad values are dropped, never an error page."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from search.text import MAX_QUERY_LENGTH, ParsedQuery, parse_query


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, strip=False)
    type = forms.SlugField(required=False, max_length=40)
    community = forms.IntegerField(required=False, min_value=1, max_value=2**62)
    theme = forms.SlugField(required=False, max_length=100, allow_unicode=True)
    country = forms.RegexField(regex=r"^[A-Z]{2}$", required=False)
    organisation = forms.IntegerField(required=False, min_value=1, max_value=2**62)
    year = forms.IntegerField(required=False, min_value=1900, max_value=2200)
    # A language code as posts carry it (``discussions.PostLanguage``); unknown ones find
    # nothing rather than everything.
    language = forms.RegexField(regex=r"^[a-z]{2,3}$", required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[("relevance", _("Relevance")), ("date", _("Newest first"))],
    )
    page = forms.IntegerField(required=False, min_value=1, max_value=10_000)

    def cleaned(self) -> dict:
        """Cleaned values, with any invalid field simply left out (and noted)."""
        self.is_valid()
        data = dict(getattr(self, "cleaned_data", {}) or {})
        self.ignored = sorted(name for name in self.errors if name != "q")
        return data

    def parsed_query(self) -> ParsedQuery:
        return parse_query(self.data.get("q", ""))


def query_notice(parsed: ParsedQuery) -> str:
    if parsed.truncated:
        return str(
            ngettext(
                "Your search was long, so only its first %(chars)d character and first words "
                "were used.",
                "Your search was long, so only its first %(chars)d characters and first words "
                "were used.",
                MAX_QUERY_LENGTH,
            )
            % {"chars": MAX_QUERY_LENGTH}
        )
    return ""
