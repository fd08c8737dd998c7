from django import forms


class MacroForm(forms.Form):
    title = forms.CharField(max_length=120)
    body = forms.CharField(label="Text", widget=forms.Textarea(attrs={"rows": 6}))
    shared = forms.BooleanField(label="Shared with every agent (leads and admins)", required=False)
