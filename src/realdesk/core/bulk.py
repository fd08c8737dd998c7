"""Writing the same fields of many rows, each with its own values, in one statement.

Why: Django's `bulk_update` builds a CASE expression per field and row and splits the
rows into many statements on SQLite, which cost a batch of 100 inbound emails 280 ms
(2.8 ms a row, four times a `save()` each). One UPDATE by primary key, executed for
every row by the database driver (`executemany`), costs a few dozen microseconds a row
on SQLite and PostgreSQL alike.
"""

from collections.abc import Sequence

from django.db import connections, router
from django.db.models import Model


def rows_update(rows: Sequence[Model], fields: Sequence[str]) -> None:
    """Save `fields` of each row (all of one model). Like `bulk_update`, nothing of
    `save()` runs: no signals, no `auto_now`."""
    if not rows:
        return
    model = type(rows[0])
    meta = model._meta
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    columns = [meta.get_field(name) for name in fields]
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in columns)
    # Names from the model's own metadata, quoted; every value is a parameter.
    table, key = quote(meta.db_table), quote(meta.pk.column)
    sql = f"UPDATE {table} SET {assignments} WHERE {key} = %s"  # noqa: S608
    params = [
        [field.get_db_prep_save(getattr(row, field.attname), connection) for field in columns]
        + [row.pk]
        for row in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def rows_insert(rows: Sequence[Model]) -> list[Model]:
    """Insert new rows (all of one model) and set their primary keys: `bulk_create` with no
    options, the same statements, built directly. Why: the ORM's insert compiler checks
    every value for expressions and custom placeholders, which was a sixth of writing an
    inbound email's rows (the record, its ticket, message, events, acknowledgement). Rows
    that need any of that (an expression as a value, a field with its own placeholder or
    returning a database default, a key set on some rows only) go to `bulk_create`."""
    if not rows:
        return []
    model = type(rows[0])
    meta = model._meta
    db = router.db_for_write(model)
    connection = connections[db]
    for row in rows:
        if row.pk is None:
            row.pk = meta.pk.get_pk_value_on_save(row)  # a default such as uuid4, or None
        row._prepare_related_fields_for_save(operation_name="bulk_create")
    keyed = {row.pk is not None for row in rows}
    fields = [f for f in meta.concrete_fields if not (f.primary_key and keyed == {False})]
    saved = [[f.pre_save(row, True) for f in fields] for row in rows]
    if (
        len(keyed) > 1
        or meta.parents
        or not connection.features.can_return_rows_from_bulk_insert
        or meta.db_returning_fields != [meta.pk]
        or any(f.generated or hasattr(f, "get_placeholder") for f in fields)
        or any(hasattr(value, "resolve_expression") for values in saved for value in values)
    ):
        return model._base_manager.using(db).bulk_create(rows)
    values = [
        [f.get_db_prep_save(value, connection) for f, value in zip(fields, row, strict=True)]
        for row in saved
    ]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    returning, returning_params = connection.ops.return_insert_columns([meta.pk])
    size = max(connection.ops.bulk_batch_size(fields, rows), 1)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), size):
            batch = values[start : start + size]
            rows_sql = connection.ops.bulk_insert_sql(fields, [["%s"] * len(fields)] * len(batch))
            # Names from the model's own metadata, quoted; every value is a parameter.
            sql = f"INSERT INTO {quote(meta.db_table)} ({columns}) {rows_sql} {returning}"
            cursor.execute(sql, [value for row in batch for value in row] + list(returning_params))
            for row, (pk,) in zip(rows[start : start + size], cursor.fetchall(), strict=True):
                row.pk = pk
    for row in rows:
        row._state.adding = False
        row._state.db = db
    return list(rows)
