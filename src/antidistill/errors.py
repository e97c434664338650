"""Errors that name what was wrong and where."""

from __future__ import annotations


class AntidistillError(Exception):
    """Base class for errors the command line reports without a traceback."""


class ConfigError(AntidistillError):
    """A setting, scenario or policy value is missing or invalid.

    ``key`` is the dotted path of the offending entry, ``source`` the file (if any).
    """

    def __init__(self, key: str, reason: str, *, source: str | None = None, value: object = None) -> None:
        self.key = key
        self.reason = reason
        self.source = source
        self.value = value
        where = f"{source}: " if source else ""
        shown = f" (got {value!r})" if value is not None else ""
        super().__init__(f"{where}{key}: {reason}{shown}")

    def __reduce__(self) -> tuple[object, ...]:  # pickled across processes (ingest workers) with its fields
        return _rebuild, (type(self), self.__dict__)


class InputError(AntidistillError):
    """A row of input could not be read. Carries file, line and field."""

    def __init__(self, reason: str, *, file: str | None = None, line: int | None = None,
                 field: str | None = None) -> None:
        self.reason = reason
        self.file = file
        self.line = line
        self.field = field
        parts = [p for p in (file, f"line {line}" if line is not None else None,
                             f"field {field!r}" if field else None) if p]
        super().__init__(f"{': '.join(parts)}: {reason}" if parts else reason)

    def __reduce__(self) -> tuple[object, ...]:  # pickled across processes (ingest workers) with its fields
        return _rebuild, (type(self), self.__dict__)


class RefusedFile(InputError):
    """A whole file refused when it was read: its calls, as planned, all name one caller (a log's owner, not who
    called). A scan of a folder lists it among the skipped files and reads on; ``--strict`` stops on it."""


def _rebuild(cls: type[AntidistillError], fields: dict[str, object]) -> AntidistillError:
    """An error built again from its fields (``__reduce__``; they are its constructor's arguments), so its message
    is made from them as before."""
    return cls(**fields)
