"""A private Redis server on 127.0.0.1 for tests (Debian's redis-server), no persistence."""

import subprocess
import time
from pathlib import Path

import redis

from support.mail import free_port
from support.services import needs_program

needs_redis = needs_program("redis-server", package="redis-server")


class RedisServer:
    def __init__(self, directory: Path):
        self.dir, self.port = directory, free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.dir)],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        client, deadline = redis.Redis.from_url(self.url), time.monotonic() + 15
        while True:
            try:
                client.ping()
                return
            except redis.ConnectionError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise
                time.sleep(0.1)

    def stop(self) -> None:
        if self.process:
            self.process.terminate()
            self.process.wait(timeout=10)
