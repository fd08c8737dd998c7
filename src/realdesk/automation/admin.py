from django import forms
from django.contrib import admin

from realdesk.automation.actions import macro_check_placeholders
from realdesk.automation.models import Macro
from realdesk.core.errors import ApplicationError


class MacroForm(forms.ModelForm):
    class Meta:
        model = Macro
        fields = ["title", "body", "owner", "created_by", "created_at"]

    def clean_body(self) -> str:
        """The console's rule for placeholders, so the admin cannot save a macro it refuses."""
        body = self.cleaned_data["body"]
        try:
            macro_check_placeholders(body)
        except ApplicationError as error:
            raise forms.ValidationError(error.message) from error
        return body


@admin.register(Macro)
class MacroAdmin(admin.ModelAdmin):
    form = MacroForm
    list_display = ["title", "owner", "created_by", "created_at"]
    search_fields = ["title", "body"]
