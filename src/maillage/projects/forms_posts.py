"""Forms of shared posts: the post itself, its split between structures (a formset, one row per
structure) and the choice of a value chain to count it in."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from maillage.organisations.forms import DateInput
from maillage.projects import shared_posts
from maillage.projects.models import SharedPost


class SharedPostForm(forms.ModelForm):
    class Meta:
        model = SharedPost
        fields = ["title", "holder_name", "employer", "total_fte", "annual_cost", "started_on"]
        widgets = {"started_on": DateInput()}
        help_texts = {
            "holder_name": _("Facultatif. Le prénom et le nom suffisent."),
            "total_fte": _("Ex. : 1 pour un temps plein, 0,8 pour un 80 %."),
            "annual_cost": _("Salaire chargé et frais du poste sur un an. Facultatif."),
        }

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = members
        self.fields["employer"].empty_label = _("Choisissez la structure employeuse")
        self.fields["employer"].help_text = _(
            "La structure qui porte le poste. Une seconde structure qui a son propre contrat "
            "avec la personne se coche « co-employeur » dans la répartition."
        )
        self.fields["total_fte"].localize = True
        self.fields["total_fte"].widget.is_localized = True


class AllocationForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Structure"), queryset=None, required=False, empty_label=_("—")
    )
    fte = forms.DecimalField(
        label=_("ETP"), min_value=0, max_digits=4, decimal_places=2, required=False,
        localize=True,
    )  # fmt: skip
    cost_percent = forms.DecimalField(
        label=_("Part du coût (%)"), min_value=0, max_value=100, max_digits=5, decimal_places=2,
        required=False, localize=True,
    )  # fmt: skip
    co_employer = forms.BooleanField(label=_("Co-employeur"), required=False)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = members

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("organisation") is not None and cleaned.get("fte") is None:
            self.add_error("fte", _("Indiquez l'ETP que reçoit cette structure (0 si aucun)."))
        return cleaned

    def row(self) -> shared_posts.AllocationRow | None:
        data = self.cleaned_data
        if not data or data.get("organisation") is None:
            return None
        share = (data.get("cost_percent") or Decimal(0)) / 100
        return shared_posts.AllocationRow(
            organisation=data["organisation"],
            fte=data["fte"],
            cost_share=share.quantize(Decimal("0.0001")),
            co_employer=bool(data.get("co_employer")),
        )


class BaseAllocationFormSet(forms.BaseFormSet):
    def __init__(self, *args, post_form: SharedPostForm, member_ids: set[int], **kwargs):
        self.post_form, self.member_ids = post_form, member_ids
        super().__init__(*args, **kwargs)

    def rows(self) -> list[shared_posts.AllocationRow]:
        return [row for form in self.forms if (row := form.row()) is not None]

    def clean(self):
        if any(self.errors) or not self.post_form.is_valid():
            return
        post = self.post_form.cleaned_data
        errors = shared_posts.check_allocations(
            employer=post.get("employer"),
            total_fte=post.get("total_fte"),
            annual_cost=post.get("annual_cost"),
            rows=self.rows(),
            members=self.member_ids,
        )
        if errors:
            raise forms.ValidationError([message for _field, message in errors])


AllocationFormSet = forms.formset_factory(AllocationForm, formset=BaseAllocationFormSet, extra=2)


def allocation_initial(post: SharedPost | None) -> list[dict]:
    if post is None or post.pk is None:
        return []
    return [
        {
            "organisation": allocation.organisation,
            "fte": allocation.fte,
            "cost_percent": (allocation.cost_share * 100).quantize(Decimal("0.01")),
            "co_employer": allocation.co_employer,
        }
        for allocation in post.allocations.select_related("organisation")
    ]


class ChainChoiceForm(forms.Form):
    chain = forms.ChoiceField(label=_("Chaîne de valeur"))

    def __init__(self, *args, chains, **kwargs):
        super().__init__(*args, **kwargs)
        self.chains = {str(chain.pk): chain for chain in chains}
        self.fields["chain"].choices = [
            (str(chain.pk), f"{chain.title} ({chain.project.title})") for chain in chains
        ]

    def chosen(self):
        return self.chains[self.cleaned_data["chain"]]
