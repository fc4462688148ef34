from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from maillage.evaluation import indicator_sources
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

    def __init__(self, *args, framework: Framework, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.framework = framework


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

    # The source definition (Indicator.source_params), one field per parameter; which ones
    # matter depends on the source type (see indicator_sources.source_errors).
    survey = forms.CharField(
        label=_("Questionnaire"),
        required=False,
        max_length=120,
        help_text=_("Identifiant du questionnaire (source « question d'un questionnaire »)."),
    )
    survey_question = forms.CharField(label=_("Code de la question"), required=False, max_length=80)
    before_question = forms.CharField(
        label=_("Code de la question « avant »"),
        required=False,
        max_length=80,
        help_text=_("Pour une évolution avant / après : la question posée sur la situation avant."),
    )
    activity_measure = forms.ChoiceField(
        label=_("Ce qui est compté dans les relevés d'activité"),
        choices=[("", "—"), *indicator_sources.ACTIVITY_MEASURES.items()],
        required=False,
    )
    hourly_rate = forms.DecimalField(
        label=_("Taux horaire de valorisation (€)"),
        required=False,
        min_value=1,
        max_value=500,
        decimal_places=2,
        localize=True,
        help_text=_("Pour la valeur en euros. Vide : le SMIC horaire brut à la date des heures."),
    )
    activity_code = forms.SlugField(
        label=_("Activité (identifiant, facultatif)"),
        required=False,
        help_text=_(
            "Pour ne compter qu'une activité : son identifiant, affiché sur la page de l'activité. "
            "Vide : toutes les activités du projet."
        ),
    )
    volunteer_measure = forms.ChoiceField(
        label=_("Ce qui est compté du temps bénévole"),
        choices=[("", "—"), *indicator_sources.VOLUNTEER_MEASURES.items()],
        required=False,
    )
    meeting_measure = forms.ChoiceField(
        label=_("Ce qui est compté des rencontres"),
        choices=[("", "—"), *indicator_sources.MEETING_MEASURES.items()],
        required=False,
    )
    meeting_types = forms.MultipleChoiceField(
        label=_("Types de rencontres retenus"),
        choices=list(indicator_sources.MEETING_TYPES.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Aucun coché : toutes les rencontres."),
    )
    meeting_network_sessions = forms.BooleanField(
        label=_("Compter les séances collectives des réseaux plutôt que les rencontres du projet"),
        required=False,
        help_text=_(
            "Par exemple les ateliers collectifs de la fédération auxquels les membres du projet "
            "sont venus : seules les personnes de ces membres sont comptées."
        ),
    )
    governance_measure = forms.ChoiceField(
        label=_("Ce qui est mesuré de la gouvernance"),
        choices=[("", "—"), *indicator_sources.GOVERNANCE_MEASURES.items()],
        required=False,
    )
    governance_body_kind = forms.ChoiceField(
        label=_("Type d'instance (facultatif)"),
        choices=(),
        required=False,
        help_text=_("Vide : toutes les instances de la structure porteuse, sièges additionnés."),
    )
    reception_measure = forms.ChoiceField(
        label=_("Ce qui est compté du journal d'accueil"),
        choices=[("", "—"), *indicator_sources.RECEPTION_MEASURES.items()],
        required=False,
        help_text=_(
            "Pour une part : la condition dit quelles demandes comptent (ex. : « parmi » "
            "« accompagnement individuel ; orienté vers une action collective du centre »)."
        ),
    )
    reception_themes = forms.MultipleChoiceField(
        label=_("Thèmes de demande retenus"),
        choices=(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Aucun coché : tous les thèmes."),
    )
    reception_channels = forms.MultipleChoiceField(
        label=_("Canaux retenus"),
        choices=(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Aucun coché : tous les canaux."),
    )
    reception_outcomes = forms.MultipleChoiceField(
        label=_("Suites retenues (ce qui a été fait)"),
        choices=(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Aucune cochée : toutes les demandes."),
    )
    themes = forms.CharField(
        label=_("Thèmes de codage"),
        required=False,
        max_length=400,
        help_text=_("Pour des témoignages codés : les thèmes, séparés par des points-virgules."),
    )

    PARAM_FIELDS = {
        "survey": "survey",
        "question": "survey_question",
        "before_question": "before_question",
        "themes": "themes",
        "meeting_types": "meeting_types",
        "body_kind": "governance_body_kind",
    }

    def __init__(self, *args, framework: Framework, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.framework = framework
        self.fields["question"].queryset = framework.questions.all()
        self.fields["nature"].widget = forms.RadioSelect(choices=Indicator.Nature.choices)
        self.fields["governance_body_kind"].choices = [
            ("", "—"),
            *indicator_sources.governance_body_kinds().items(),
        ]
        reception_choices = indicator_sources.reception_choices()
        for key, name in indicator_sources.RECEPTION_FILTERS.items():
            self.fields[f"reception_{key}"].choices = list(reception_choices[name].items())
        params = self.instance.source_params or {}
        if not self.is_bound and params:
            self.initial.update(
                survey=params.get("survey", ""),
                survey_question=params.get("question", ""),
                before_question=params.get("before_question", ""),
                themes="; ".join(str(t) for t in params.get("themes") or []),
                meeting_types=params.get("meeting_types") or [],
                meeting_network_sessions=bool(params.get("network_sessions")),
            )
            measure_field = {
                "activity_records": "activity_measure",
                "volunteer_time": "volunteer_measure",
                "meetings": "meeting_measure",
                "reception": "reception_measure",
                "governance": "governance_measure",
            }.get(self.instance.source_type)
            if measure_field:
                self.initial[measure_field] = params.get("measure", "")
            self.initial["activity_code"] = params.get("activity") or ""
            self.initial["hourly_rate"] = params.get("hourly_rate") or None
            if self.instance.source_type == Indicator.Source.RECEPTION:
                for key in indicator_sources.RECEPTION_FILTERS:
                    self.initial[f"reception_{key}"] = params.get(key) or []
            self.initial["governance_body_kind"] = params.get("body_kind") or ""

    def source_params(self) -> dict:
        data = self.cleaned_data
        source_type = data.get("source_type")
        if source_type == Indicator.Source.SURVEY_QUESTION:
            params = {"survey": data.get("survey", "").strip()}
            params["question"] = data.get("survey_question", "").strip()
            if data.get("before_question", "").strip():
                params["before_question"] = data["before_question"].strip()
            return params
        if source_type == Indicator.Source.ACTIVITY_RECORDS:
            return {
                "activity": data.get("activity_code") or None,
                "measure": data.get("activity_measure"),
            }
        if source_type == Indicator.Source.VOLUNTEER_TIME:
            params = {
                "measure": data.get("volunteer_measure"),
                "activity": data.get("activity_code") or None,
            }
            if data.get("hourly_rate"):
                params["hourly_rate"] = str(data["hourly_rate"])
            return params
        if source_type == Indicator.Source.TESTIMONIES:
            themes = [t.strip() for t in data.get("themes", "").split(";") if t.strip()]
            return {"themes": themes}
        if source_type == Indicator.Source.MEETINGS:
            params = {
                "measure": data.get("meeting_measure"),
                "meeting_types": list(data.get("meeting_types") or []),
            }
            if data.get("meeting_network_sessions"):
                params["network_sessions"] = True
            return params
        if source_type == Indicator.Source.GOVERNANCE:
            return {
                "measure": data.get("governance_measure"),
                "body_kind": data.get("governance_body_kind") or None,
            }
        if source_type == Indicator.Source.RECEPTION:
            params = {"measure": data.get("reception_measure")}
            for key in indicator_sources.RECEPTION_FILTERS:
                params[key] = list(data.get(f"reception_{key}") or [])
            return params
        return {}

    def clean(self):
        cleaned = super().clean()
        if self.errors.get("source_type") or not cleaned.get("source_type"):
            return cleaned
        params = self.source_params()
        errors = indicator_sources.source_errors(
            cleaned["source_type"], cleaned.get("computation", ""), params
        )
        field_for = {
            **self.PARAM_FIELDS,
            "measure": {
                Indicator.Source.ACTIVITY_RECORDS: "activity_measure",
                Indicator.Source.VOLUNTEER_TIME: "volunteer_measure",
                Indicator.Source.MEETINGS: "meeting_measure",
                Indicator.Source.RECEPTION: "reception_measure",
                Indicator.Source.GOVERNANCE: "governance_measure",
            }.get(cleaned["source_type"], "source_type"),
        }
        if cleaned["source_type"] == Indicator.Source.RECEPTION:
            # « themes » here are the requests' themes, not the testimonies' coding themes.
            field_for.update({k: f"reception_{k}" for k in indicator_sources.RECEPTION_FILTERS})
        for key, message in errors.items():
            self.add_error(field_for.get(key, "source_type"), message)
        if cleaned["source_type"] == Indicator.Source.RECEPTION:
            self._check_reception_condition(cleaned)
        self.instance.source_params = params
        return cleaned

    def _check_reception_condition(self, cleaned) -> None:
        """A reception share counts the requests of the categories its condition names."""
        operator = cleaned.get("condition_operator")
        if operator in (Indicator.Operator.GTE, Indicator.Operator.LTE):
            self.add_error(
                "condition_operator",
                _("Pour le journal d'accueil, la condition est « égale à » ou « parmi »."),
            )
        values = [v.strip() for v in (cleaned.get("condition_value") or "").split(";")]
        _codes, unknown = indicator_sources.reception_condition_codes([v for v in values if v])
        if unknown:
            self.add_error(
                "condition_value",
                _(
                    "Valeur de condition inconnue pour le journal d'accueil : %(list)s. "
                    "Nommez un thème, un canal, une suite ou un groupe (ex. : « orienté vers un "
                    "partenaire »)."
                )
                % {"list": ", ".join(unknown)},
            )


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
