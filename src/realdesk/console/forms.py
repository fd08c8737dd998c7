from django import forms
from django.contrib.auth.forms import AuthenticationForm

from realdesk.accounts.throttle import login_blocked, login_failed


class AgentLoginForm(AuthenticationForm):
    """Email and password, refused for a while after too many failures."""

    username = forms.EmailField(
        label="Email", widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"})
    )
    error_messages = {
        **AuthenticationForm.error_messages,
        "throttled": "Too many failed sign-ins. Wait a few minutes, then try again.",
    }

    def clean(self):
        email = self.data.get("username", "")
        client = self.request.META.get("REMOTE_ADDR", "") if self.request else ""
        if login_blocked(email=email, client=client):
            raise forms.ValidationError(self.error_messages["throttled"], code="throttled")
        try:
            return super().clean()
        except forms.ValidationError:
            login_failed(email=email, client=client)
            raise
