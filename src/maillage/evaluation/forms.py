from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from maillage.evaluation.models import (
    ChainEdge,
    ChainLink,
    ChangePathway,
    Contribution,
    Criterion,
    EvaluativeQuestion,
    Framework,
    Indicator,
    ManualValue,
    PathwayStep,
    StakeholderGroup,
    TransformationGoal,
    ValueChain,
)
from maillage.organisations.forms import DateInput


class GoalForm(forms.ModelForm):
    class Meta:
        model = TransformationGoal
        fields = ["target", "title", "description", "order"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class QuestionForm(forms.ModelForm):
    written_with = forms.MultipleChoiceField(
        label=_("Écrite avec"),
        choices=StakeholderGroup.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Les groupes qui ont participé à l'écriture de la question."),
    )

    class Meta:
        model = EvaluativeQuestion
        fields = ["text", "goal", "criterion", "about", "written_with", "order"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, framework: Framework, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = framework.goals.all()
        self.fields["goal"].empty_label = _("— question transversale —")
        self.fields["criterion"].queryset = Criterion.objects.filter(
            Q(project__isnull=True) | Q(project_id=framework.project_id)
        )
        self.fields["about"].widget = forms.RadioSelect(choices=EvaluativeQuestion.About.choices)


class IndicatorForm(forms.ModelForm):
    breakdowns = forms.MultipleChoiceField(
        label=_("Ventilations"),
        choices=Indicator.Breakdown.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Indicator
        fields = [
            "name",
            "question",
            "description",
            "nature",
            "unit",
            "source_type",
            "computation",
            "condition_operator",
            "condition_value",
            "baseline",
            "baseline_note",
            "target_value",
            "target_note",
            "direction",
            "period_start",
            "period_end",
            "granularity",
            "breakdowns",
            "order",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "period_start": DateInput(),
            "period_end": DateInput(),
        }

    def __init__(self, *args, framework: Framework, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.framework = framework
        self.fields["question"].queryset = framework.questions.all()
        self.fields["nature"].widget = forms.RadioSelect(choices=Indicator.Nature.choices)


class ManualValueForm(forms.ModelForm):
    class Meta:
        model = ManualValue
        fields = ["period_start", "period_end", "value", "organisation", "group", "note"]
        widgets = {"period_start": DateInput(), "period_end": DateInput()}

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["organisation"].empty_label = _("— l'ensemble du projet —")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("La fin de la période doit suivre son début."))
        return cleaned


class CriterionForm(forms.ModelForm):
    class Meta:
        model = Criterion
        fields = ["name", "description"]


class ValidationForm(forms.Form):
    validated_on = forms.DateField(label=_("Date de la validation"), widget=DateInput())
    participants = forms.CharField(
        label=_("Qui a validé le cadre"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Les personnes et groupes présents : habitants, bénévoles, salariés, partenaires…"
        ),
    )


class ChainForm(forms.ModelForm):
    class Meta:
        model = ValueChain
        fields = ["title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class ChainLinkForm(forms.ModelForm):
    class Meta:
        model = ChainLink
        fields = [
            "kind",
            "title",
            "description",
            "resource_type",
            "target",
            "goals",
            "indicators",
            "order",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "goals": forms.CheckboxSelectMultiple,
            "indicators": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, chain: ValueChain, framework: Framework, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.chain = chain
        self.fields["goals"].queryset = framework.goals.all()
        self.fields["indicators"].queryset = framework.indicators.all()
        self.fields["resource_type"].help_text = _("Pour une ressource seulement.")
        self.fields["target"].help_text = _("Pour un effet seulement.")


class ChainEdgeForm(forms.ModelForm):
    class Meta:
        model = ChainEdge
        fields = ["source", "target", "label"]
        labels = {"source": _("De"), "target": _("Vers")}

    def __init__(self, *args, chain: ValueChain, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.chain = chain
        links = chain.links.all()
        self.fields["source"].queryset = links
        self.fields["target"].queryset = links

    def clean(self):
        cleaned = super().clean()
        source, target = cleaned.get("source"), cleaned.get("target")
        if source and target:
            if source == target:
                raise forms.ValidationError(_("Un lien relie deux maillons différents."))
            if ChainEdge.objects.filter(source=source, target=target).exists():
                raise forms.ValidationError(_("Ces deux maillons sont déjà reliés."))
        return cleaned


class ContributionForm(forms.ModelForm):
    class Meta:
        model = Contribution
        fields = ["organisation", "direction", "nature", "quantity", "euro_value", "description"]

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["direction"].widget = forms.RadioSelect(choices=Contribution.Direction.choices)


class PathwayForm(forms.ModelForm):
    class Meta:
        model = ChangePathway
        fields = ["title", "horizon"]


PathwayStepFormSet = forms.inlineformset_factory(
    ChangePathway,
    PathwayStep,
    fields=["order", "effect", "assumption"],
    extra=2,
    can_delete=True,
    widgets={"assumption": forms.Textarea(attrs={"rows": 2})},
)
