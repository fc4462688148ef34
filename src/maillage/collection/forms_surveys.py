"""Forms of the survey builder and of campaigns."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from maillage.collection import surveys
from maillage.collection.models import Campaign, Question, Section, Survey

PAIR = "pair"


class SurveyForm(forms.ModelForm):
    class Meta:
        model = Survey
        fields = ["title", "code", "project", "introduction", "thanks"]
        widgets = {
            "introduction": forms.Textarea(attrs={"rows": 3}),
            "thanks": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects
        self.fields["project"].required = False
        self.fields["code"].required = False
        self.fields["code"].help_text = _(
            "Laissez vide : il sera fait à partir du titre. Les indicateurs du cadre s'en servent."
        )

    def clean_code(self):
        code = slugify(self.cleaned_data.get("code") or self.cleaned_data.get("title") or "")
        if not code:
            return code
        base, n = code[:70], 2
        while Survey.objects.filter(code=code).exclude(pk=self.instance.pk).exists():
            code, n = f"{base}-{n}", n + 1
        return code


class SectionForm(forms.ModelForm):
    class Meta:
        model = Section
        fields = ["title", "description", "order"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class QuestionForm(forms.ModelForm):
    """One question; the type « paire avant / après » creates two linked scale questions."""

    type = forms.ChoiceField(
        label=_("Type de question"),
        choices=[*Question.Type.choices, (PAIR, _("paire rétrospective avant / aujourd'hui"))],
    )
    choices_text = forms.CharField(
        label=_("Choix de réponse"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Un choix par ligne. Pour fixer son code : « code | libellé »."),
    )
    show_if_values_text = forms.CharField(
        label=_("Réponses qui font afficher la question"),
        required=False,
        help_text=_("Codes des réponses, séparés par des virgules (ex. : oui)."),
    )

    class Meta:
        model = Question
        fields = [
            "section",
            "type",
            "code",
            "label",
            "help_text",
            "required",
            "scale_max",
            "scale_min_label",
            "scale_max_label",
            "show_if_question",
            "order",
        ]

    def __init__(self, *args, survey: Survey, **kwargs):
        super().__init__(*args, **kwargs)
        self.survey = survey
        self.instance.survey = survey
        self.fields["section"].queryset = survey.sections.all()
        self.fields["section"].empty_label = _("Sans partie")
        self.fields["code"].required = False
        self.fields["show_if_question"].queryset = survey.questions.exclude(
            pk=self.instance.pk
        ).filter(type__in=[t for t in Question.Type.values if t not in Question.TEXT_TYPES])
        self.fields["show_if_question"].empty_label = _("Toujours afficher")
        if self.instance.pk:
            self.fields["type"].choices = Question.Type.choices
            self.fields["choices_text"].initial = surveys.choices_as_text(self.instance)
            self.fields["show_if_values_text"].initial = ", ".join(self.instance.show_if_values)

    def clean(self):
        data = super().clean()
        kind = data.get("type")
        rows = surveys.parse_choices(data.get("choices_text") or "")
        if kind in Question.CHOICE_TYPES and len(rows) < 2:
            self.add_error("choices_text", _("Donnez au moins deux choix de réponse."))
        if kind in (Question.Type.SCALE, PAIR) and not data.get("scale_max"):
            self.add_error("scale_max", _("Choisissez une échelle de 1 à 5 ou de 1 à 10."))
        if kind not in (Question.Type.SCALE, PAIR):
            data["scale_max"] = None
        self.choice_rows = rows
        values = [
            v.strip() for v in (data.get("show_if_values_text") or "").split(",") if v.strip()
        ]
        condition = data.get("show_if_question")
        if condition and not values:
            self.add_error("show_if_values_text", _("Indiquez au moins une réponse."))
        if condition and values:
            allowed = {value for value, _label in condition.option_list()}
            unknown = [v for v in values if v not in allowed]
            if unknown:
                self.add_error(
                    "show_if_values_text",
                    _("Réponses inconnues pour cette question : %(list)s. Possibles : %(ok)s.")
                    % {"list": ", ".join(unknown), "ok": ", ".join(sorted(allowed))},
                )
        self.instance.show_if_values = values if condition else []
        if kind != PAIR:
            self.instance.type = kind
            self.instance.code = surveys.unique_code(
                self.survey, data.get("code") or data.get("label") or "", exclude=self.instance.pk
            )
        return data

    def _post_clean(self):
        # A pair is two questions made by `surveys.add_retrospective_pair`, checked there.
        if self.cleaned_data.get("type") == PAIR:
            return
        super()._post_clean()


class CampaignForm(forms.ModelForm):
    class Meta:
        model = Campaign
        fields = ["title", "opens_on", "closes_on", "mode", "consent_text"]
        widgets = {
            "opens_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "closes_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "mode": forms.RadioSelect,
            "consent_text": forms.Textarea(attrs={"rows": 3}),
        }


class InvitationsForm(forms.Form):
    emails = forms.CharField(
        label=_("Adresses e-mail"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Une adresse par ligne (ou séparées par des virgules). Chacune reçoit son lien."
        ),
    )

    def clean_emails(self):
        text = self.cleaned_data["emails"].replace(",", "\n").replace(";", "\n")
        emails, bad = [], []
        for line in text.splitlines():
            email = line.strip().lower()
            if not email:
                continue
            try:
                validate_email(email)
            except ValidationError:
                bad.append(line.strip())
                continue
            if email not in emails:
                emails.append(email)
        if bad:
            raise ValidationError(
                _("Adresses invalides, rien n'a été envoyé : %(list)s") % {"list": ", ".join(bad)}
            )
        if not emails:
            raise ValidationError(_("Indiquez au moins une adresse."))
        return emails
