"""A lookup for long lists of values, registered on every field by CoreConfig.ready()."""

from django.db.models.lookups import In


class AnyOf(In):
    """`field__any_of=values`: `field IN (values)`, sent to PostgreSQL as
    `field = ANY(%s::type[])` with the values as one array parameter.

    With `IN` every value is a placeholder of its own, which psycopg splits and quotes in
    Python: for the thousands of ids a report's rollup gathers (a day's tickets, their
    customers) that took longer than the query itself (docs/performance.md). SQLite,
    which has no arrays, gets `IN` as ever."""

    lookup_name = "any_of"

    def as_postgresql(self, compiler, connection):
        if self.rhs_is_direct_value():
            lhs, lhs_params = self.process_lhs(compiler, connection)
            values = [value for value in self.rhs if value is not None]
            array = f"{self.lhs.output_field.db_type(connection)}[]"
            return f"{lhs} = ANY(%s::{array})", (*lhs_params, values)
        return self.as_sql(compiler, connection)
