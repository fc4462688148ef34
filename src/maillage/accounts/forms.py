from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils.translation import gettext_lazy as _

from maillage.accounts.models import User


class EmailAuthenticationForm(AuthenticationForm):
    """Login by e-mail. Field stays named `username` for Django and django-axes."""

    username = forms.EmailField(
        label=_("Adresse e-mail"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Mot de passe"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": _(
            "Adresse e-mail ou mot de passe incorrect. Vérifiez votre saisie ; "
            "les majuscules comptent dans le mot de passe."
        ),
        "inactive": _(
            "Ce compte est désactivé. Adressez-vous à l'administrateur de votre structure."
        ),
    }

    def clean_username(self):
        return self.cleaned_data["username"].strip().lower()


class EmailPasswordResetForm(PasswordResetForm):
    email = forms.EmailField(
        label=_("Adresse e-mail de votre compte"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class NewAccountForm(forms.Form):
    """Account creation when accepting an invitation sent to an unknown e-mail address."""

    full_name = forms.CharField(
        label=_("Votre nom complet"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    password1 = forms.CharField(
        label=_("Choisissez un mot de passe"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Au moins 10 caractères, pas uniquement des chiffres, pas trop courant."),
    )
    password2 = forms.CharField(
        label=_("Confirmez le mot de passe"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str, **kwargs):
        self.email = email
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("Les deux mots de passe ne sont pas identiques."))
        if password1:
            candidate = User(email=self.email, full_name=cleaned.get("full_name", ""))
            try:
                password_validation.validate_password(password1, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name"]
