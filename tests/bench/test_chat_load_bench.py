"""bench/chat_load.py at a small size, so the chat's load bench keeps working as the code
changes: real sockets against `realdesk serve`, no timing asserted, but nothing may be lost
or doubled (the figures it prints at full size are in docs/performance.md)."""

import re

import pytest

from support.redis import needs_redis

SMALL = ("--sockets", "20", "--conversations", "5", "--messages", "4", "--runs", "1")


@pytest.mark.parametrize(
    "processes", ["1", pytest.param("2", marks=needs_redis, id="2-redis")], ids=["1", "2-redis"]
)
def test_the_chat_load_bench_runs_small_and_loses_nothing(run_bench, processes):
    done = run_bench("chat_load.py", *SMALL, "--interval", "0.2", "--processes", processes)
    assert "KiB per idle socket" in done
    runs = re.findall(r"run 1: (\d+) messages delivered .*; lost (\d+), doubled (\d+)", done)
    assert runs == [("20", "0", "0")], done
