from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from realdesk.accounts.throttle import Refusal, login_failed, login_refusal
from realdesk.console.browsers import browser_unlocked
from realdesk.core.clients import client_address


class AgentLoginForm(AuthenticationForm):
    """Email and password, refused for a while after too many failures."""

    username = forms.EmailField(
        label=_("Email"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    error_messages = {
        **AuthenticationForm.error_messages,
        Refusal.THROTTLED: _(
            "Too many failed sign-ins from here. Wait a few minutes, or have an unlock link "
            "emailed to you."
        ),
        Refusal.LOCKED: _(
            "Too many failed sign-ins for this address. Have an unlock link emailed to you: "
            "it lets you sign in from this browser."
        ),
    }
    refusal: Refusal | None = None  # shown with a way to ask for an unlock link

    def clean(self):
        email = self.data.get("username", "")
        client = client_address(self.request) if self.request else ""
        self.refusal = login_refusal(
            email=email, client=client, unlocked=browser_unlocked(self.request, email)
        )
        if self.refusal:
            raise forms.ValidationError(self.error_messages[self.refusal], code=self.refusal)
        try:
            return super().clean()
        except forms.ValidationError:
            login_failed(email=email, client=client)
            raise


class UnlockRequestForm(forms.Form):
    email = forms.EmailField(max_length=254, label=_("Email"))
