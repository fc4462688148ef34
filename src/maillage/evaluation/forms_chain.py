"""Forms of the value-chain pages that need more than evaluation/forms.py gives."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.translation import gettext_lazy as _

from maillage.evaluation.forms import ChainEdgeForm, ContributionForm
from maillage.evaluation.models import ChainLink, ValueChain


class ChainLinkEdgeForm(ChainEdgeForm):
    """ChainEdgeForm, whose own clean() already explains a loop or a duplicate in French: the
    model constraints would only repeat it in less friendly words."""

    def _post_clean(self):
        if self._errors.get(NON_FIELD_ERRORS):
            return  # the form is invalid already; nothing would be saved
        super()._post_clean()


class ChainContributionForm(ContributionForm):
    """A contribution with the maillon chosen in the form, so one form serves the whole chain."""

    link = forms.ModelChoiceField(label=_("Maillon"), queryset=ChainLink.objects.none())

    field_order = ["link", "organisation", "direction", "nature", "quantity", "euro_value"]

    def __init__(self, *args, chain: ValueChain, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["link"].queryset = chain.links.all()
        if self.fields["organisation"].queryset.count() == 1:
            self.fields["organisation"].empty_label = None
