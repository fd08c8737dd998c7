"""No refusal, notice or agent mail is written as a bare string.

The catalog test only sees what is marked; a message written as `"No agent is available."`
or `f"{agent} is not active."` is never marked, so a German agent read it in English and
nothing failed. This scan of the source fails on every such sentence where it is made:
the argument must be a translation call (gettext, pgettext, ...) or a value computed
elsewhere (an error's own message, a variable), never a literal.

Http404's message is left out: Django's 404 page never shows it, and the API answers
every 404 with its own translated message.
"""

import ast
from pathlib import Path

from django.conf import settings

SOURCE = Path(settings.PACKAGE_DIR)

#: Call name -> the position of the argument a person reads.
READ_ARGUMENT = {
    "ApplicationError": 0,
    "PermissionDeniedError": 0,
    "ValidationError": 0,
    "FieldError": 1,
    "HttpResponseBadRequest": 0,
    "HttpResponseForbidden": 0,
    "add_error": 1,
}
MESSAGES = {"debug", "info", "success", "warning", "error"}
#: Keyword arguments that carry a sentence for a person to some place that raises it.
READ_KEYWORDS = {"refusal", "taken", "subject", "body", "message"}
KEYWORD_CALLS = {*READ_ARGUMENT, "AgentNotice", "lock_open", "_check_waiting", "_check_text"}
#: Answers to machines, not people: a provider's webhook with a bad signature.
MACHINE_FACING = {("voice/twilio_adapter.py", "HttpResponseForbidden")}


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _bare(node: ast.expr | None) -> bool:
    """A sentence written in place: a string literal or an f-string."""
    if isinstance(node, ast.JoinedStr):
        return True
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and bool(node.value)


def _read_texts(call: ast.Call, refusals: set[str]) -> list[ast.expr]:
    name = _name(call.func)
    texts = []
    position = 0 if name in refusals else READ_ARGUMENT.get(name)
    if position is not None and len(call.args) > position:
        texts.append(call.args[position])
    if (
        name in MESSAGES
        and isinstance(call.func, ast.Attribute)
        and isinstance(call.func.value, ast.Name)
        and call.func.value.id == "messages"
        and len(call.args) > 1
    ):
        texts.append(call.args[1])
    if name in KEYWORD_CALLS:
        texts += [k.value for k in call.keywords if k.arg in READ_KEYWORDS]
    return texts


def refusal_classes(trees: list[ast.Module]) -> set[str]:
    """ApplicationError and every class built on it (UnsafeTargetError, ScopeError, ...)."""
    known = {"ApplicationError", "PermissionDeniedError"}
    classes = [node for tree in trees for node in ast.walk(tree) if isinstance(node, ast.ClassDef)]
    while grown := {
        c.name for c in classes if c.name not in known and {_name(b) for b in c.bases} & known
    }:
        known |= grown
    return known


def bare_messages(source: str, path: str, refusals: set[str] = frozenset()) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call) or (path, _name(node.func)) in MACHINE_FACING:
            continue
        found += [
            f"{path}:{text.lineno} {_name(node.func)}({ast.unparse(text)[:60]})"
            for text in _read_texts(node, refusals)
            if _bare(text)
        ]
    return found


def test_every_refusal_and_notice_is_marked_for_translation():
    sources = {
        path.relative_to(SOURCE).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(SOURCE.rglob("*.py"))
        if "migrations" not in path.relative_to(SOURCE).parts
    }
    refusals = refusal_classes([ast.parse(source) for source in sources.values()])
    assert "UnsafeTargetError" in refusals  # subclasses are found, not listed by hand
    found = [line for path, src in sources.items() for line in bare_messages(src, path, refusals)]
    assert not found, "wrap these in gettext (or pgettext):\n" + "\n".join(found)


def test_the_scan_sees_each_way_a_sentence_is_written_bare():
    """The scan itself can fail: each of these would have been let through unnoticed."""
    source = """
raise ApplicationError("No agent is available.", code="no_agents")
raise PermissionDeniedError(f"{agent} may not.")
raise FieldError("cursor", "Not a cursor.")
messages.error(request, "Saved.")
form.add_error("email", "Wrong.")
lock_open(incident, refusal="This incident is resolved.")
AgentNotice(subject=f"[#{number}] escalated", body=_("Look."))
raise UnsafeTargetError("A webhook URL needs a host name.")
raise ApplicationError(gettext("No agent is available."), code="no_agents")
raise ApplicationError(error.message)
messages.success(request, _("Saved."))
"""
    found = bare_messages(source, "x", {"ApplicationError", "UnsafeTargetError"})
    assert [line.split(" ", 1)[1].split("(", 1)[0] for line in found] == [
        "ApplicationError",
        "PermissionDeniedError",
        "FieldError",
        "error",
        "add_error",
        "lock_open",
        "AgentNotice",
        "UnsafeTargetError",
    ]


#: The names xgettext (and so `makemessages`) reads as "translate this": Django's own
#: keywords and `_`. `gettext_lazy as _lazy` compiles and translates in a test that
#: looks, yet its strings never reach the catalogs.
EXTRACTED = {
    "_",
    "gettext",
    "gettext_lazy",
    "gettext_noop",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "pgettext_lazy",
    "npgettext",
    "npgettext_lazy",
}


def test_translation_functions_keep_names_makemessages_reads():
    renamed = []
    for path in sorted(SOURCE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
                renamed += [
                    f"{path.relative_to(SOURCE)}: {alias.name} as {alias.asname}"
                    for alias in node.names
                    if alias.asname and alias.asname not in EXTRACTED
                ]
    assert not renamed, renamed
