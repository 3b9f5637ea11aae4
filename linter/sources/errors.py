"""The one error a reader raises: the file cannot be linted, and why (one line)."""


class InputError(Exception):
    """Unreadable, not text, undecodable or malformed input; the message is the reason."""
