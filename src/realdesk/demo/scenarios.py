"""What demo customers write about, and how the team answers (team, subject, messages)."""

from typing import NamedTuple


class Scenario(NamedTuple):
    team: str
    subject: str
    question: str
    answer: str
    follow_up: str = ""


SCENARIOS = [
    Scenario(
        "Billing",
        "Charged twice for my subscription",
        "Hi, I see two charges of $49 on my card this month for the same plan. "
        "Can you refund one of them?",
        "You're right, the renewal ran twice after a payment retry. I've refunded the second "
        "charge; it shows on your statement within 3-5 business days.",
        "Thanks, I can see it pending already.",
    ),
    Scenario(
        "Billing",
        "Invoice needs our VAT number",
        "Could you reissue invoice INV-2291 with our VAT number DE811234567 on it? "
        "Our accounting can't book it otherwise.",
        "Done: the corrected invoice is attached to your account under Billing > Invoices.",
    ),
    Scenario(
        "Billing",
        "How do I switch to annual billing?",
        "We'd like to move from monthly to annual billing. Do we keep the discount?",
        "Yes, annual billing saves 15%. I've switched you; the unused part of this month is "
        "credited to the first annual invoice.",
        "Perfect, thank you!",
    ),
    Scenario(
        "Billing",
        "Cancel my account",
        "Please cancel my account at the end of the month. It's too expensive for us now.",
        "I've scheduled the cancellation for the 30th and you keep access until then. If price "
        "is the issue, the Starter plan covers what you use today for a third of the cost.",
        "Oh, I didn't know about Starter. Please switch us to that instead.",
    ),
    Scenario(
        "Technical Support",
        "Can't log in after password reset",
        "I reset my password but the login page keeps saying 'invalid credentials'. "
        "I've tried three times.",
        "Your account was locked after the failed attempts. I've unlocked it; please try the "
        "new password again, and tell me if it still fails.",
        "Works now, thanks.",
    ),
    Scenario(
        "Technical Support",
        "Export to CSV is empty",
        "When I export my reports to CSV the file only has the header row, no data. "
        "Using Chrome on Windows.",
        "This is a known bug with date filters spanning a month boundary; a fix ships Thursday. "
        "Until then, exporting one month at a time works.",
        "The workaround works. Please let me know when the fix is out.",
    ),
    Scenario(
        "Technical Support",
        "API returns 429 all the time",
        "Our integration gets HTTP 429 even though we only make about 2 requests a second.",
        "Your key was on the trial limit (1 request/second). I've raised it to the plan limit "
        "of 10 requests/second.",
    ),
    Scenario(
        "Technical Support",
        "App crashes when uploading photos",
        "The iOS app closes as soon as I pick a photo to upload. iPhone 13, latest iOS.",
        "Thanks for the detail. Version 4.2.1, out today, fixes a crash with HEIC photos. "
        "Could you update and try again?",
        "Updated and it works. Thank you!",
    ),
    Scenario(
        "Technical Support",
        "Two-factor codes not arriving",
        "I'm not receiving the SMS codes for two-factor login, so I'm locked out.",
        "I've verified your identity from the details you gave and switched you to the "
        "authenticator app method; the setup link is in your inbox.",
    ),
    Scenario(
        "Technical Support",
        "Sync stopped working yesterday",
        "Since yesterday nothing syncs between my laptop and phone. "
        "This is really urgent, I have a presentation tomorrow!!",
        "I'm sorry about the timing. A server change yesterday broke sync for some accounts; "
        "yours is repaired and everything from the last 24 hours has synced.",
        "Everything is there. You saved my presentation.",
    ),
    Scenario(
        "Shipping & Returns",
        "Where is my order #55821?",
        "I ordered two weeks ago and the tracking hasn't moved for 8 days.",
        "The parcel was stuck at the carrier's depot. I've sent a replacement by express; "
        "it arrives Friday, and you don't need to return the first one if it turns up.",
        "Got it today, thank you for sorting this out.",
    ),
    Scenario(
        "Shipping & Returns",
        "Wrong size delivered",
        "I ordered the jacket in M but received an L. How do I exchange it?",
        "Sorry about that. A prepaid return label is attached; the M ships as soon as the "
        "carrier scans the return, so you don't wait for it to reach us.",
    ),
    Scenario(
        "Shipping & Returns",
        "Package arrived damaged",
        "The box was crushed and the lamp inside is broken. Photos attached.",
        "Thank you for the photos. A new lamp is on its way and the broken one can go to "
        "recycling; no need to send it back.",
        "That's very kind, thanks.",
    ),
    Scenario(
        "Shipping & Returns",
        "Do you ship to Norway?",
        "Can I order from Norway, and who pays customs?",
        "Yes, we ship to Norway; customs and VAT are included in the price at checkout, so "
        "nothing more is due on delivery.",
    ),
    Scenario(
        "Shipping & Returns",
        "Refund for returned item not received",
        "I returned the shoes three weeks ago and still have no refund. "
        "This is the third time I'm writing about this.",
        "I apologise that you had to write three times. The return was received on the 3rd "
        "but the refund wasn't triggered; I've issued it now and added a $10 credit for the wait.",
        "Finally. Thanks for actually fixing it.",
    ),
]

FIRST_NAMES = [
    "Maria",
    "James",
    "Aiko",
    "Lucas",
    "Fatima",
    "Olivia",
    "Noah",
    "Priya",
    "Mateo",
    "Emma",
    "Chen",
    "Sofia",
    "Liam",
    "Amara",
    "Jonas",
    "Chloe",
    "Ravi",
    "Elena",
    "Tom",
    "Yara",
    "Hannah",
    "Diego",
    "Ines",
    "Kofi",
    "Lena",
    "Marco",
    "Nina",
    "Omar",
    "Paula",
    "Sven",
]
LAST_NAMES = [
    "Garcia",
    "Smith",
    "Tanaka",
    "Müller",
    "Khan",
    "Brown",
    "Jensen",
    "Patel",
    "Rossi",
    "Dubois",
    "Wang",
    "Silva",
    "Murphy",
    "Okafor",
    "Berg",
    "Martin",
    "Iyer",
    "Novak",
    "Fischer",
    "Haddad",
]
ORGANIZATIONS = [
    "Acme Logistics",
    "Brightside Dental",
    "Nordlicht GmbH",
    "Pixel & Co",
    "Tandem Labs",
]
