"""The store's own errors, for the front ends to translate into messages."""


class StoreError(Exception):
    """A database request that cannot be carried out as asked."""


class NotFoundError(StoreError, LookupError):
    """No row with that id (within the employer the request was scoped to)."""
