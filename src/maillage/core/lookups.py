"""`field__in=[…]` with a long list of whole numbers, sent to PostgreSQL as ONE array parameter
(`field = ANY(%s)`) instead of one placeholder per value.

The batch readings of the network pages pass a hundred structures' or a thousand activities'
ids in most of their queries. With one placeholder per id, psycopg cannot keep the parsed form
of such a query (its cache stops at 50 parameters) and splits its text again at each execution:
about 11 ms of a dashboard reading of 100 structures (bench/bench_network_pages.py). The array
gives the same rows and the same plans (`= ANY` is how PostgreSQL itself rewrites `IN (…)`).
Other databases, short lists, subqueries and lists that are not all whole numbers keep Django's
own `IN (…)`."""

from __future__ import annotations

from django.core.exceptions import FieldError
from django.db.models import Field, ForeignObject, IntegerField
from django.db.models.expressions import ColPairs
from django.db.models.fields.related_lookups import RelatedIn
from django.db.models.lookups import In

SHORTEST_ARRAY = 50  # psycopg keeps the parsed form of queries of up to 50 parameters


class _ArrayIn:
    def _long_list(self) -> bool:
        return (
            self.rhs_is_direct_value()
            and not isinstance(self.lhs, ColPairs)
            and isinstance(self.rhs, list | tuple | set | frozenset)
            and len(self.rhs) > SHORTEST_ARRAY
        )

    def _whole_numbers_of_an_integer_column(self) -> bool:
        """A long list of plain ints against an integer column (or a foreign key to one): the
        values Django would prepare one by one, twice (at the filter, then at compilation),
        come out unchanged: 3,000 to 4,000 ids per network dashboard reading, ~10 ms."""
        if not self._long_list():
            return False
        field = self.lhs.output_field
        try:
            field = getattr(field, "target_field", None) or field
        except FieldError:  # a foreign key over several columns
            return False
        return isinstance(field, IntegerField) and all(type(value) is int for value in self.rhs)

    def get_prep_lookup(self):
        if self._whole_numbers_of_an_integer_column():
            return list(self.rhs)
        return super().get_prep_lookup()

    def as_postgresql(self, compiler, connection):
        if self._whole_numbers_of_an_integer_column():
            lhs_sql, lhs_params = self.process_lhs(compiler, connection)
            # Duplicates dropped as Django's IN drops them (no None among plain ints).
            return f"{lhs_sql} = ANY(%s)", (*lhs_params, list(dict.fromkeys(self.rhs)))
        if self._long_list():  # short lists keep Django's IN, their values prepared once
            rhs_sql, rhs_params = self.process_rhs(compiler, connection)
            if (
                len(rhs_params) > SHORTEST_ARRAY
                and all(type(value) is int for value in rhs_params)
                and rhs_sql == "(" + ", ".join(["%s"] * len(rhs_params)) + ")"
            ):
                lhs_sql, lhs_params = self.process_lhs(compiler, connection)
                return f"{lhs_sql} = ANY(%s)", (*lhs_params, list(rhs_params))
        return self.as_sql(compiler, connection)


class ArrayIn(_ArrayIn, In):
    pass


class RelatedArrayIn(_ArrayIn, RelatedIn):
    pass


def register() -> None:
    """Replace the `in` lookup of every field and foreign key (core.apps.CoreConfig.ready)."""
    Field.register_lookup(ArrayIn)
    ForeignObject.register_lookup(RelatedArrayIn)
