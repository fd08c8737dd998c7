"""Reads remembered for the length of one batch (the queue figures of the ETA, the
knowledge base's languages); configuration is remembered per process (test_config_cache)."""

import pytest

from factories import write_article
from realdesk.core.batch_cache import batch_scope
from realdesk.knowledge.selectors import published_languages

pytestmark = pytest.mark.django_db


def test_outside_a_batch_every_call_reads(django_assert_num_queries):
    with django_assert_num_queries(2):
        published_languages()
        published_languages()


def test_inside_a_batch_the_first_call_reads(django_assert_num_queries):
    with batch_scope(), django_assert_num_queries(1):
        published_languages()
        published_languages()
        with batch_scope():  # a nested scope is the same batch
            published_languages()


def test_each_batch_reads_afresh(django_assert_num_queries):
    for _ in range(2):
        with batch_scope(), django_assert_num_queries(1):
            published_languages()
            published_languages()


def test_a_change_inside_the_batch_is_seen_at_once():
    with batch_scope():
        assert published_languages() == frozenset()
        write_article("reset", en=("Reset a password", "Open the settings."))
        assert "en" in published_languages()
