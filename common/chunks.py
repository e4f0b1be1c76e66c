"""Reading a large queryset a bounded number of rows at a time."""


def keyset_chunks(rows, *, size: int):
    """Lists of at most `size` rows of a queryset, in primary key order, one query each (keyset: no
    offset, and no cursor held open while the rows are acted on)."""
    rows, after = rows.order_by("pk"), None
    while True:
        chunk = list((rows if after is None else rows.filter(pk__gt=after))[:size])
        if chunk:
            yield chunk
        if len(chunk) < size:
            return
        after = chunk[-1].pk
