from django import forms
from django.utils.translation import gettext_lazy as _


class MacroForm(forms.Form):
    title = forms.CharField(max_length=120)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 6}))
    shared = forms.BooleanField(
        label=_("Shared with every agent (leads and admins)"), required=False
    )
