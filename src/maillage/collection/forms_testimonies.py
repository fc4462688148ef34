"""Form of a testimony, with its consent, tags, objectives and optional media file."""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from maillage.collection import consents, testimonies
from maillage.collection.media import MediaRefused, check_media
from maillage.collection.models import ConsentRecord, Testimony
from maillage.collection.models.surveys import RESPONDENT_GROUPS

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class TestimonyForm(forms.ModelForm):
    tags_text = forms.CharField(
        label=_("Mots-clés"),
        required=False,
        help_text=_("Séparés par des virgules ; ex. : confiance, lien social, couture"),
    )
    media_file = forms.FileField(
        label=_("Photo, son ou vidéo (facultatif)"),
        required=False,
        help_text=_("Photo JPEG, PNG ou WebP (10 Mo) ; son MP3, M4A, OGG ou WAV (30 Mo) ; "
                    "vidéo MP4, WebM ou MOV (100 Mo)."),
    )  # fmt: skip
    remove_media = forms.BooleanField(label=_("Retirer le fichier joint"), required=False)
    # Not a testimony field: it goes to the consent records written on save (consents.py).
    consent_channel = forms.ChoiceField(
        label=_("Accord recueilli"),
        choices=ConsentRecord.Channel.choices,
        initial=ConsentRecord.Channel.ORAL,
        required=False,
        widget=forms.RadioSelect,
        help_text=_("Gardé comme preuve avec la phrase acceptée, si la personne accepte d'être "
                    "nommée ou d'être citée hors de l'équipe."),
    )  # fmt: skip

    class Meta:
        model = Testimony
        fields = [
            "text",
            "author_group",
            "name_consent",
            "author_name",
            "said_on",
            "context",
            "consent_scope",
            "consent_on",
            "project",
            "goals",
        ]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 5, "class": "input--wide"}),
            "said_on": DATE_WIDGET,
            "consent_on": DATE_WIDGET,
            "consent_scope": forms.RadioSelect,
            "goals": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, organisation, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.checked_media = None
        self.fields["author_group"].choices = [
            (value, label) for value, label in RESPONDENT_GROUPS.items()
        ]
        self.fields["project"].queryset = projects
        self.fields["project"].required = False
        self.fields["project"].empty_label = _("— aucun projet en particulier —")
        if not self.instance.pk and not self.is_bound:
            self.initial.setdefault("said_on", date.today())
            self.initial.setdefault("consent_on", date.today())
        self.fields["goals"].queryset = testimonies.goal_choices(organisation, projects)
        self.fields["goals"].label_from_instance = lambda goal: (
            f"{goal.framework.project.title} — {goal.title}"
        )
        if self.instance.pk:
            self.fields["tags_text"].initial = ", ".join(
                self.instance.tags.values_list("name", flat=True)
            )
        else:
            self.fields.pop("remove_media")

    def clean_said_on(self):
        value = self.cleaned_data["said_on"]
        if value > date.today():
            raise ValidationError(_("Un témoignage ne peut pas dater de demain."))
        return value

    def clean_media_file(self):
        upload = self.cleaned_data.get("media_file")
        if upload:
            try:
                self.checked_media = check_media(upload)
            except MediaRefused as error:
                raise ValidationError(str(error)) from None
        return upload

    def clean(self):
        data = super().clean()
        if (data.get("author_name") or "").strip() and not data.get("name_consent"):
            self.add_error(
                "author_name",
                _(
                    "Un nom ne s'enregistre qu'avec l'accord de la personne : "
                    "cochez son accord ou laissez le nom vide."
                ),
            )
        if not data.get("name_consent"):
            data["author_name"] = ""
        return data

    def save_all(self, user):
        """Save the testimony with its tags and media file."""
        testimony = self.save(commit=False)
        if not testimony.pk:
            testimony.created_by = user
        testimony.author_name = testimony.author_name.strip() if testimony.name_consent else ""
        testimony.save()
        self.save_m2m()
        channel = self.cleaned_data.get("consent_channel") or ConsentRecord.Channel.ORAL
        consents.sync_testimony(testimony, by=user, channel=channel)
        testimonies.set_tags(testimony, testimonies.parse_tags(self.cleaned_data["tags_text"]))
        if self.checked_media:
            testimonies.attach_media(testimony, self.checked_media)
        elif self.cleaned_data.get("remove_media"):
            testimonies.remove_media(testimony)
        return testimony
