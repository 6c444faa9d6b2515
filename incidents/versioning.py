"""Optimistic locking for the admin: a save is refused when someone else saved the same record
since the editor opened it, instead of silently undoing the other editor's work.

The version is a fingerprint of the record's editable values (many-to-many links included)
as the change page showed them: one short digest per field, so a refused save can name the
fields that changed. On save it is compared with the record as it is in the database now,
read under a row lock on PostgreSQL, so two saves cannot both pass the check. A save that
posts no version at all (an old page, a hand-made request) is refused too: nothing says it
was made from the record as it is.
"""

import datetime
import hashlib

from django import forms
from django.db import connection

VERSION_FIELD = "version"
_PAIRS, _PAIR = ",", ":"
_SHOWN_VALUE_LENGTH = 60


def fingerprint(instance) -> str:
    """Short digests of the record's editable values, as stored: `field:digest,field:digest`."""
    return _PAIRS.join(f"{name}{_PAIR}{_digest(value)}" for name, value in _values(instance))


def changed_fields(version: str, current) -> list[str] | None:
    """The names of the fields whose value differs from the `version` the editor loaded, or
    None when the version cannot say (it is not one this module wrote)."""
    loaded = dict(pair.partition(_PAIR)[::2] for pair in version.split(_PAIRS))
    values = dict(_values(current))
    if set(loaded) != set(values) or not all(loaded.values()):
        return None
    return [name for name, value in values.items() if loaded[name] != _digest(value)]


def _values(instance) -> list[tuple[str, str]]:
    values = []
    for field in instance._meta.concrete_fields:
        if field.editable and not field.primary_key:
            values.append((field.name, field.value_to_string(instance)))
    for field in instance._meta.many_to_many:
        if field.editable:
            keys = sorted(getattr(instance, field.name).values_list("pk", flat=True))
            values.append((field.name, str(keys)))
    return values


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()[:10]


class VersionCheckedForm(forms.ModelForm):
    """A change form (or one row of an inline) that refuses to save over a newer record."""

    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and self.instance.pk is not None:
            shown = self._record_shown()
            self.fields[VERSION_FIELD].initial = fingerprint(shown) if shown else ""

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None:
            return cleaned
        loaded = cleaned.get(VERSION_FIELD)
        current = self._current_record(lock=connection.in_atomic_block)
        if current is None:
            return cleaned  # deleted meanwhile: the admin's own checks say so
        if not loaded:
            raise forms.ValidationError(_unversioned_message(current), code="edit_conflict")
        if fingerprint(current) != loaded:
            raise forms.ValidationError(
                conflict_message(current, changed_fields(loaded, current)), code="edit_conflict"
            )
        return cleaned

    def _record_shown(self):
        # The record as stored, not the instance: a history page shows an old version.
        return self._current_record(lock=False)

    def _current_record(self, *, lock: bool):
        records = type(self.instance)._default_manager.filter(pk=self.instance.pk)
        return (records.select_for_update() if lock else records).first()


def conflict_message(current, changed: list[str] | None) -> str:
    """Why a save was refused: who changed the record, when, and what they changed."""
    noun = current._meta.verbose_name
    who, when = last_change(current)
    by = f" by {who}" if who else ""
    at = f" at {when:%H:%M} UTC on {when.day} {when:%B %Y}" if when else ""
    what = f" ({describe_changes(current, changed)})" if changed else ""
    return (
        f"This {noun} ({_shorten(str(current))}) was changed{by}{at}{what}, after you opened "
        f"it. Your changes were not saved, so as not to undo theirs: reload the page to see "
        f"the {noun} as it is now, then make your changes again."
    )


def describe_changes(current, changed: list[str]) -> str:
    """“status is now “Rejected by an editor”; value is now “382 seconds””"""
    parts = []
    for name in changed:
        field = current._meta.get_field(name)
        label = str(field.verbose_name)
        if field.many_to_many:
            parts.append(f"{label} changed")
            continue
        shown = _shown_value(current, field)
        parts.append(f"{label} is now “{shown}”" if shown else f"{label} is now empty")
    return "; ".join(parts)


def _shown_value(record, field) -> str:
    if field.choices:
        return str(getattr(record, f"get_{field.name}_display")())
    value = getattr(record, field.name)
    return "" if value is None else _shorten(str(value))


def _shorten(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _SHOWN_VALUE_LENGTH else text[: _SHOWN_VALUE_LENGTH - 1] + "…"


def _unversioned_message(current) -> str:
    noun = current._meta.verbose_name
    return (
        f"This form did not say which version of the {noun} ({_shorten(str(current))}) it was "
        f"made from, so it was not saved: it could undo another editor's changes. Reload the "
        f"page to see the {noun} as it is now, then make your changes again."
    )


def last_change(record) -> tuple[str, datetime.datetime | None]:
    """Who last changed the record and when, from its history (("", None) without one)."""
    history = getattr(record, "history", None)
    latest = history.order_by("-history_date").first() if history is not None else None
    if latest is None:
        return "", None
    user = latest.history_user
    when = latest.history_date.astimezone(datetime.UTC)
    return (user.get_username() if user else ""), when


class VersionCheckedAdmin:
    """A ModelAdmin mixin: its change form carries the version and refuses a stale save."""

    form = VersionCheckedForm

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or any(VERSION_FIELD in opts["fields"] for _, opts in fieldsets):
            return fieldsets
        (name, first), *rest = fieldsets
        return [(name, {**first, "fields": [*first["fields"], VERSION_FIELD]}), *rest]


class VersionCheckedRowForm(VersionCheckedForm):
    """One row of an inline: its instance was read from the database with the page, so its
    version is computed without another query."""

    def _record_shown(self):
        return self.instance


class VersionCheckedInline:
    """An InlineModelAdmin mixin: each row carries its record's version and refuses a stale
    save, as the record's own change page does."""

    form: type[forms.ModelForm] = VersionCheckedRowForm

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        return fields if VERSION_FIELD in fields else [*fields, VERSION_FIELD]
