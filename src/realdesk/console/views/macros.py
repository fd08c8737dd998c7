from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from realdesk.automation import actions
from realdesk.automation.placeholders import PLACEHOLDERS
from realdesk.automation.selectors import macros_for
from realdesk.console.macro_forms import MacroForm
from realdesk.core.errors import ApplicationError


@login_required
def macro_list(request):
    form = MacroForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.macro_create(actor=request.user, **form.cleaned_data)
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Macro saved."))
            return redirect("console:macros")
    context = {"form": form, "macros": macros_for(actor=request.user), "placeholders": PLACEHOLDERS}
    return render(request, "console/macros.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def macro_delete(request, pk: int):
    macro = get_object_or_404(macros_for(actor=request.user), pk=pk)
    try:
        actions.macro_delete(actor=request.user, macro=macro)
    except ApplicationError as error:
        messages.error(request, error.message)
    return redirect("console:macros")
