"""Errors raised by the store."""


class StoreError(RuntimeError):
    """The store on disk cannot be read or written; the message names the file and the problem."""
