"""A private Dovecot IMAP server on 127.0.0.1 for tests (Debian's dovecot-imapd)."""

import shutil
import subprocess
import time
from pathlib import Path

from imapclient import IMAPClient

USER, PASSWORD = "support", "secret"

CONFIG = """\
protocols = imap
listen = 127.0.0.1
base_dir = {d}/run
state_dir = {d}/state
log_path = {d}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:{d}/mail/%u
passdb {{
  driver = passwd-file
  args = scheme=PLAIN {d}/users
}}
userdb {{
  driver = static
  args = uid=65534 gid=65534 home={d}/mail/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
}}
service anvil {{
  chroot =
}}
service imap-login {{
  chroot =
}}
default_internal_user = nobody
default_login_user = nobody
"""


class Dovecot:
    def __init__(self, directory: Path, port: int):
        self.dir, self.port = directory, port
        self.config = directory / "dovecot.conf"

    def start(self) -> None:
        for sub in ("run", "state", "mail"):
            (self.dir / sub).mkdir(parents=True, exist_ok=True)
        shutil.chown(self.dir / "mail", 65534, 65534)
        (self.dir / "users").write_text(f"{USER}:{{PLAIN}}{PASSWORD}\n")
        self.config.write_text(CONFIG.format(d=self.dir, port=self.port))
        subprocess.run(["dovecot", "-c", str(self.config)], check=True)
        deadline = time.monotonic() + 15
        while True:
            try:
                self.client().logout()
                return
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)

    def stop(self) -> None:
        subprocess.run(["doveadm", "-c", str(self.config), "stop"], check=False)

    def client(self) -> IMAPClient:
        client = IMAPClient("127.0.0.1", port=self.port, ssl=False, timeout=10)
        client.login(USER, PASSWORD)
        return client

    def url(self) -> str:
        return f"imap://{USER}:{PASSWORD}@127.0.0.1:{self.port}/INBOX"

    def deliver(self, *messages: bytes) -> None:
        client = self.client()
        try:
            for message in messages:
                client.append("INBOX", message)
        finally:
            client.logout()
