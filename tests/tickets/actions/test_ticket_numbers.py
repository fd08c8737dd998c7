"""Ticket numbers: unique whatever runs at the same time, never reused after a rollback,
and continuing after tickets a loader wrote with numbers of its own (decision 0005)."""

import threading

import pytest
from django.db import connection, transaction

from factories import CustomerFactory, open_ticket
from realdesk.tickets.actions.common import ticket_numbers_follow
from realdesk.tickets.models import Ticket

pytestmark = pytest.mark.django_db


class Rollback(Exception):
    pass


@transaction.atomic
def _open_then_fail(customer) -> None:
    open_ticket(customer=customer)
    raise Rollback


def test_a_rolled_back_creation_does_not_break_numbering(customer):
    before = open_ticket(customer=customer)
    with pytest.raises(Rollback):
        _open_then_fail(customer)
    after = open_ticket(customer=customer)
    assert Ticket.objects.count() == 2
    # SQLite hands the rolled-back number out again (no one ever saw it), PostgreSQL's
    # sequence leaves a gap; a customer never sees one number on two tickets either way.
    assert after.number > before.number
    assert Ticket.objects.filter(number=after.number).count() == 1


def test_numbers_follow_tickets_written_with_their_own_numbers(customer):
    first = open_ticket(customer=customer)
    ticket_numbers_follow(first.number + 500)
    ticket_numbers_follow(first.number + 10)  # never moves back
    assert open_ticket(customer=customer).number == first.number + 501


def _in_own_connection(work) -> threading.Thread:
    def run() -> None:
        try:
            work()
        finally:
            connection.close()

    return threading.Thread(target=run)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_creations_get_distinct_numbers():
    customers = CustomerFactory.create_batch(8)
    numbers: list[int] = []
    errors: list[BaseException] = []
    start = threading.Barrier(len(customers))

    def open_ten(customer) -> None:
        try:
            start.wait()
            for _ in range(10):
                numbers.append(open_ticket(customer=customer).number)
        except BaseException as error:
            errors.append(error)
            raise

    threads = [_in_own_connection(lambda c=c: open_ten(c)) for c in customers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(set(numbers)) == len(numbers) == 80
    assert sorted(Ticket.objects.values_list("number", flat=True)) == sorted(numbers)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_creation_does_not_wait_for_another_to_commit():
    """The number is not a lock held until commit: a second creation finishes while the
    first one's transaction is still open (the counter row made it wait for the first)."""
    first_customer, second_customer = CustomerFactory.create_batch(2)
    opened, release = threading.Event(), threading.Event()
    second: list = []

    def open_and_hold() -> None:
        with transaction.atomic():
            open_ticket(customer=first_customer)
            opened.set()
            release.wait(timeout=30)

    def open_second() -> None:
        with transaction.atomic():
            with connection.cursor() as cursor:  # waiting on a lock fails instead of hanging
                cursor.execute("SET LOCAL lock_timeout = '5s'")
            second.append(open_ticket(customer=second_customer))

    holder = _in_own_connection(open_and_hold)
    holder.start()
    try:
        assert opened.wait(timeout=30)
        other = _in_own_connection(open_second)
        other.start()
        other.join()
    finally:
        release.set()
        holder.join()
    assert len(second) == 1
    assert Ticket.objects.count() == 2
