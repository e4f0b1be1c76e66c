"""Keyset pages for the API's lists: `limit` rows after a signed `cursor`, whatever the depth."""

from collections.abc import Callable

from django.core import signing
from django.core.exceptions import ValidationError
from django.db.models import Q

from .problems import InvalidParameter

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
MAX_CURSOR_LENGTH = 500
_SALT = "api.keyset"


def bad_cursor() -> InvalidParameter:
    return InvalidParameter({"cursor": ["This cursor is damaged or out of date; start again without one."]})


class Keyset:
    """Pages of a queryset in the order of `ordering` (e.g. ("-created_at", "-id")), which must
    end with a unique field. The cursor holds the last row's values, signed so it cannot be forged
    into another order or another seller's rows (the queryset scopes those anyway)."""

    def __init__(self, *ordering: str):
        self.ordering = ordering
        self.names = [name.lstrip("-") for name in ordering]

    def page(self, queryset, *, cursor: str = "", limit: int = DEFAULT_PAGE_SIZE) -> tuple[list, str]:
        rows = queryset.order_by(*self.ordering)
        if cursor:
            rows = rows.filter(self._after(queryset.model, cursor))
        found = list(rows[: limit + 1])
        next_cursor = self._encode(found[limit - 1]) if len(found) > limit else ""
        return found[:limit], next_cursor

    def _encode(self, row) -> str:
        values = [str(getattr(row, name)) for name in self.names]
        return signing.dumps([self.ordering, values], salt=_SALT, compress=True)

    def _after(self, model, cursor: str) -> Q:
        try:
            ordering, raw = signing.loads(cursor, salt=_SALT)
            if list(ordering) != list(self.ordering) or len(raw) != len(self.names):
                raise ValueError("a cursor of another list")
            values = [model._meta.get_field(name).to_python(value) for name, value in zip(self.names, raw, strict=True)]
        except (signing.BadSignature, ValueError, TypeError, ValidationError) as error:
            raise bad_cursor() from error
        # (a < x) or (a = x and b < y) or ..., with > for ascending fields.
        condition = Q()
        for i, field in enumerate(self.ordering):
            name = self.names[i]
            step = Q(**{f"{name}__{'lt' if field.startswith('-') else 'gt'}": values[i]})
            for earlier, value in zip(self.names[:i], values[:i], strict=True):
                step &= Q(**{earlier: value})
            condition |= step
        return condition


def position_encode(salt: str, *values) -> str:
    """A signed cursor holding a row's position (its ordering values, as text)."""
    return signing.dumps([str(value) for value in values], salt=salt, compress=True)


def position_decode(salt: str, model, *names: str) -> Callable[[str], tuple]:
    """The values position_encode signed, as `model`'s fields `names`; a 400 problem when damaged."""

    def decode(token: str) -> tuple:
        try:
            raw = signing.loads(token, salt=salt)
            if not isinstance(raw, list) or len(raw) != len(names):
                raise ValueError("a cursor of another list")
            return tuple(model._meta.get_field(n).to_python(v) for n, v in zip(names, raw, strict=True))
        except (signing.BadSignature, ValueError, TypeError, ValidationError) as error:
            raise bad_cursor() from error

    return decode
