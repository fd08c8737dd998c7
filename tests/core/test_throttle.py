"""Rate-limit counters: shared and windowed, in the database or in Redis."""

import os
import subprocess
import sys
import time

import pytest
import redis

from realdesk.core.models import ThrottleCounter
from realdesk.core.throttle import throttle_clear, throttle_count, throttle_hit, throttle_sweep
from support.redis import needs_redis

COUNT_IN_ANOTHER_PROCESS = (
    "import django; django.setup(); from realdesk.core.throttle import throttle_hit; "
    "print(throttle_hit(key='shared', window_seconds=60))"
)


@pytest.mark.django_db
class TestWithoutRedis:
    """In the database, so every web process of `realdesk serve` counts in the same row."""

    @pytest.fixture(autouse=True)
    def no_redis(self, settings):
        settings.REDIS_URL = ""

    def test_counts_reads_and_clears(self):
        assert [throttle_hit(key="local", window_seconds=60) for _ in range(3)] == [1, 2, 3]
        assert throttle_count(key="local") == 3
        assert ThrottleCounter.objects.get(key="local").count == 3
        assert throttle_count(key="never") == 0
        throttle_clear(key="local")
        assert throttle_count(key="local") == 0

    def test_an_ended_window_starts_again_and_is_swept(self):
        throttle_hit(key="w", window_seconds=60)
        throttle_hit(key="w", window_seconds=60)
        ThrottleCounter.objects.filter(key="w").update(expires_at=time.time() - 1)
        assert throttle_count(key="w") == 0
        assert throttle_hit(key="w", window_seconds=60) == 1
        ThrottleCounter.objects.filter(key="w").update(expires_at=time.time() - 1)
        throttle_hit(key="runs-on", window_seconds=60)
        assert throttle_sweep() == 1
        assert list(ThrottleCounter.objects.values_list("key", flat=True)) == ["runs-on"]

    def test_later_hits_do_not_move_the_end_of_the_window(self):
        throttle_hit(key="t", window_seconds=100)
        ThrottleCounter.objects.filter(key="t").update(expires_at=time.time() + 5)
        throttle_hit(key="t", window_seconds=100)
        assert ThrottleCounter.objects.get(key="t").expires_at <= time.time() + 5


@needs_redis
class TestWithRedis:
    @pytest.fixture(autouse=True)
    def redis_url(self, settings, redis_server):
        settings.REDIS_URL = redis_server.url
        redis.Redis.from_url(redis_server.url).flushdb()
        return redis_server.url

    def test_counts_and_reads(self):
        assert [throttle_hit(key="k", window_seconds=60) for _ in range(3)] == [1, 2, 3]
        assert throttle_count(key="k") == 3
        assert throttle_count(key="never") == 0
        throttle_clear(key="k")
        assert throttle_count(key="k") == 0
        assert throttle_hit(key="k", window_seconds=60) == 1

    def test_window_expires_and_counting_starts_again(self):
        assert throttle_hit(key="w", window_seconds=1) == 1
        assert throttle_hit(key="w", window_seconds=1) == 2
        time.sleep(1.2)
        assert throttle_count(key="w") == 0
        assert throttle_hit(key="w", window_seconds=1) == 1

    def test_later_hits_do_not_move_the_end_of_the_window(self, redis_url):
        """Later hits must not push the window's end forward, or a steady caller would
        never be let off."""
        throttle_hit(key="t", window_seconds=100)
        raw = redis.Redis.from_url(redis_url)
        raw.expire("realdesk:throttle:t", 5)
        throttle_hit(key="t", window_seconds=100)
        assert raw.ttl("realdesk:throttle:t") <= 5

    def test_another_process_shares_the_count(self, redis_url):
        """What several web processes rely on: one counter, whoever counts."""
        assert throttle_hit(key="shared", window_seconds=60) == 1
        env = {**os.environ, "REALDESK_REDIS_URL": redis_url}
        env.setdefault("DJANGO_SETTINGS_MODULE", "realdesk.config.settings")
        printed = subprocess.run(
            [sys.executable, "-c", COUNT_IN_ANOTHER_PROCESS],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert printed.split()[-1] == "2"
        assert throttle_count(key="shared") == 2
