"""Forms of the chemins de changement: a pathway for an objective, and its ordered steps."""

from django import forms
from django.utils.translation import gettext_lazy as _

from maillage.evaluation.models import ChainLink, ChangePathway, Framework, PathwayStep


class NewPathwayForm(forms.ModelForm):
    """A new pathway: which objective it leads to, its title and horizon."""

    class Meta:
        model = ChangePathway
        fields = ["goal", "title", "horizon"]

    def __init__(self, *args, framework: Framework, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = framework.goals.all()
        self.fields["goal"].empty_label = _("Choisissez l'objectif")
        self.fields["goal"].help_text = _("Le chemin mène à cet objectif de transformation.")


class PathwayStepForm(forms.ModelForm):
    class Meta:
        model = PathwayStep
        fields = ["order", "effect", "assumption", "chain_link"]
        widgets = {"assumption": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, effects=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Only effects of this project's value chains can stand for a step.
        self.fields["chain_link"].queryset = (
            effects if effects is not None else ChainLink.objects.none()
        )
        self.fields["chain_link"].empty_label = _("Aucun")
        self.fields["chain_link"].help_text = _(
            "Facultatif : l'effet de la chaîne de valeur que cette étape représente."
        )
        self.fields["order"].widget.attrs.update({"min": 0, "class": "input--short"})


PathwayStepFormSet = forms.inlineformset_factory(
    ChangePathway,
    PathwayStep,
    form=PathwayStepForm,
    extra=2,
    can_delete=True,
)


def effects_of(project):
    return (
        ChainLink.objects.filter(chain__project=project, kind=ChainLink.Kind.EFFECT)
        .select_related("chain")
        .order_by("chain", "order", "pk")
    )
