"""Select fields cheap enough for a bar rendered on every inbox page.

Django renders each option of a select through the template engine (an include per
option, its attributes another) and reads model choices through a server-side cursor on
PostgreSQL (DECLARE, FETCH, CLOSE: three round trips for a dozen teams). The inbox's
filter and bulk bars have some fifty options: that was a fifth of the page's time
(docs/performance.md). These write the same HTML in Python and read the choices in one
plain query.
"""

from django import forms
from django.forms.models import ModelChoiceIterator
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join


class QuickSelect(forms.Select):
    """Django's `Select`, written without templates; choices may not be grouped."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = self.format_value(value)
        options, marked = [], False
        for option_value, label in self.choices:
            if isinstance(label, (list, tuple)):
                raise TypeError(f"{type(self).__name__} does not render option groups")
            option_value = "" if option_value is None else str(option_value)
            selected = not marked and option_value in chosen  # Django marks only the first
            marked |= selected
            options.append((option_value, " selected" if selected else "", label))
        attrs = self.build_attrs(self.attrs, attrs)
        return format_html(
            '<select name="{}"{}>\n{}\n</select>',
            name,
            flatatt(attrs),
            format_html_join(
                "\n",
                '  <option value="{}"{}>{}</option>',
                options,
            ),
        )


class ListedChoiceIterator(ModelChoiceIterator):
    """The choices from one plain query (a fresh one per rendering, never a stale cache)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for instance in self.queryset.all():
            yield self.choice(instance)


class QuickModelChoiceField(forms.ModelChoiceField):
    widget = QuickSelect
    iterator = ListedChoiceIterator
