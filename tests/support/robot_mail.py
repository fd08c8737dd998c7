"""The loop-protection fixtures (tests/comms/email/inbound/robots/robot_mail) and the
shared corpora.

robot_mail/robots/ holds one message per kind of robot that got acknowledgements in the
field, each with the reason it must be suppressed with; robot_mail/people/ holds people
who look a little like robots and must be answered. All were written for these tests.
"""

from pathlib import Path

from support.services import SHARED_DATA as SHARED

REPO_ROOT = Path(__file__).resolve().parents[2]
ROBOT_MAIL = REPO_ROOT / "tests" / "comms" / "email" / "inbound" / "robots" / "robot_mail"
FLUFL_CORPUS = SHARED / "flufl_bounce"
OWN = ("support@help.example.com",)

ROBOTS = {
    "arf_abuse_report.eml": "report: feedback-report",
    "read_receipt.eml": "report: disposition-notification",
    "tls_report.eml": "report: tlsrpt",
    "dmarc_aggregate.eml": "report: dmarc-aggregate",
    "ses_via_sns.eml": "notification: sns.amazonaws.com",
    "ses_json_relayed.eml": "notification: JSON (Amazon SES/SNS)",
    "no_reply_vendor.eml": "notification: no-reply@",
    "notifications_vendor.eml": "notification: notifications@",
    "list_request.eml": "list robot: -request",
    "list_owner.eml": "list robot: -owner",
    "list_bounces_mailman.eml": "list robot: -bounces",
    "list_owner_prefix.eml": "list robot: owner-",
    "fml_admin_error.eml": "list robot: -admin",
    "post_master.eml": "mail system: post_master@mail.partner.example",
    "postmaster_numbered.eml": "mail system: postmaster2@mail.partner.example",
    "jp_carrier_bounce.eml": "bounce: failure notice",
    "lotus_bounce.eml": "bounce: failure notice",
    "bounce_forwarded_attached.eml": "bounce: forwarded by a person",
    "bounce_forwarded_inline.eml": "bounce: forwarded by a person",
    **{
        f"vacation_{lang}.eml": f"auto-reply: vacation ({lang})"
        for lang in ("en", "de", "fr", "es", "it", "nl", "pt", "ja", "zh", "ru", "pl")
    },
    **{
        f"vacation_subject_{lang}.eml": f"auto-reply: vacation ({lang})"
        for lang in ("en", "de", "ja", "zh", "ru")
    },
}
PEOPLE = sorted(p.name for p in (ROBOT_MAIL / "people").glob("*.eml"))


def robot(name: str) -> bytes:
    return (ROBOT_MAIL / "robots" / name).read_bytes()


def person(name: str) -> bytes:
    return (ROBOT_MAIL / "people" / name).read_bytes()
