from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from maillage.accounts import actions
from maillage.accounts.forms import (
    EmailAuthenticationForm,
    EmailPasswordResetForm,
    NewAccountForm,
    ProfileForm,
)
from maillage.accounts.models import ApiToken, Invitation, User
from maillage.api.forms import ApiTokenForm
from maillage.organisations.models import OrganisationMember


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    form_class = EmailPasswordResetForm
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        # Links in the e-mail point to the public address of the instance.
        site = urlsplit(settings.SITE_URL)
        self.extra_email_context = {"protocol": site.scheme, "domain": site.netloc}
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form):
        messages.success(self.request, _("Votre mot de passe a été changé."))
        return super().form_valid(form)


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Votre profil a été enregistré."))
        return redirect("accounts:profile")
    memberships = OrganisationMember.objects.filter(user=request.user).select_related(
        "organisation"
    )
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "memberships": memberships,
            "api_tokens": ApiToken.objects.active().filter(user=request.user),
            "token_form": ApiTokenForm(),
        },
    )


# --- API tokens: each person manages only their own ----------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def api_token_create(request: HttpRequest) -> HttpResponse:
    """Create a token and show it, this once: only its hash is stored."""
    form = ApiTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            token, text = actions.create_api_token(request.user, form.cleaned_data["name"])
        except actions.ApiTokenError as error:
            form.add_error("name", str(error))
        else:
            response = render(
                request, "accounts/api_token_created.html", {"token": token, "text": text}
            )
            response["Cache-Control"] = "no-store"  # the token must not stay in any cache
            return response
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/api_token_new.html", {"form": form}, status=status)


@login_required
@require_POST
def api_token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    # Another person's token is not found rather than refused: its existence is not revealed.
    token = get_object_or_404(ApiToken.objects.active(), pk=token_id, user=request.user)
    actions.revoke_api_token(token, by=request.user)
    messages.success(
        request,
        _("Le jeton « %(name)s » est révoqué : il n'ouvre plus l'API.") % {"name": token.name},
    )
    return redirect(reverse("accounts:profile") + "#jetons")


@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """Accept an invitation: join with the current account, or create one."""
    invitation = get_object_or_404(
        Invitation.objects.select_related("organisation", "invited_by"), token=token
    )
    context = {"invitation": invitation}
    if not invitation.is_pending:
        return render(request, "accounts/invitation_invalid.html", context, status=410)

    user = request.user
    if user.is_authenticated:
        if user.email.lower() != invitation.email:
            return render(request, "accounts/invitation_other_account.html", context, status=403)
        if request.method == "POST":
            return _accept(request, invitation, user)
        return render(request, "accounts/invitation_accept.html", context)

    if User.objects.filter(email=invitation.email).exists():
        login_url = reverse("accounts:login") + "?next=" + request.path
        context["login_url"] = login_url
        return render(request, "accounts/invitation_login.html", context)

    form = NewAccountForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        try:
            user = actions.create_account_from_invitation(
                invitation,
                full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data["password1"],
            )
        except actions.InvitationError as error:
            messages.error(request, str(error))
            return redirect(request.path)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(
            request,
            _("Bienvenue ! Votre compte est créé et vous avez rejoint %(structure)s.")
            % {"structure": invitation.organisation.name},
        )
        return redirect(invitation.organisation.get_absolute_url())
    context["form"] = form
    return render(request, "accounts/invitation_signup.html", context)


def _accept(request, invitation, user):
    try:
        actions.accept_invitation(invitation, user)
    except actions.InvitationError as error:
        messages.error(request, str(error))
        return redirect("core:home")
    messages.success(
        request,
        _("Vous avez rejoint %(structure)s.") % {"structure": invitation.organisation.name},
    )
    return redirect(invitation.organisation.get_absolute_url())
