from __future__ import annotations

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from facilitation.health import DIMENSIONS, SCALE
from facilitation.models import CHARTER_TEXT_MAX, Charter, LifecycleStage
from facilitation.services import NOTE_MAX


class CharterForm(forms.ModelForm):
    """The charter's fields; the service validates again and keeps the revision."""

    class Meta:
        model = Charter
        fields = [
            "domain",
            "members",
            "member_value",
            "organisation_value",
            "rhythm",
            "chatham_house",
            "ground_rules",
            "conflicts_of_interest",
            "success_6_months",
            "success_12_months",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.Textarea):
                field.widget.attrs.update({"rows": 3, "maxlength": CHARTER_TEXT_MAX})
                field.validators.append(MaxLengthValidator(CHARTER_TEXT_MAX))
        self.fields["domain"].required = True


class HealthCheckForm(forms.Form):
    """One radio group per statement (0-3), the lifecycle stage and a note."""

    stage = forms.ChoiceField(
        label=_("Lifecycle stage"),
        choices=LifecycleStage.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What is behind the ratings, for the next person who does the check."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.groups = []
        for dimension in DIMENSIONS:
            names = []
            for statement in dimension.statements:
                self.fields[statement.key] = forms.TypedChoiceField(
                    label=statement.text,
                    choices=SCALE,
                    coerce=int,
                    widget=forms.RadioSelect,
                )
                names.append(statement.key)
            self.groups.append((dimension, names))
        self.order_fields([*(s for _d, names in self.groups for s in names), "stage", "note"])

    def grouped(self):
        """[(dimension, [bound field, ...])] for the template's fieldsets."""
        return [(dimension, [self[name] for name in names]) for dimension, names in self.groups]

    def ratings(self) -> dict[str, int]:
        return {
            name: self.cleaned_data[name] for _dimension, names in self.groups for name in names
        }
