"""The real SMTP server and support address the email tests use."""

from comms.email import conftest as email_fixtures

smtp_server = email_fixtures.smtp_server
support_address = email_fixtures.support_address
