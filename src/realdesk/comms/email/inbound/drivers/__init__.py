"""The doors mail comes in by: IMAP, the SMTP/LMTP listener, files."""
