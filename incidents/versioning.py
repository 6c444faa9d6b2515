"""Optimistic locking for the admin: a save is refused when someone else saved the same record
since the editor opened it, instead of silently undoing the other editor's work.

The version is a fingerprint of the record's editable values (many-to-many links included)
as the change page showed them. On save it is compared with the record as it is in the
database now, read under a row lock on PostgreSQL, so two saves cannot both pass the check.
"""

import datetime
import hashlib

from django import forms
from django.db import connection

VERSION_FIELD = "version"


def fingerprint(instance) -> str:
    """A short digest of the record's editable values, as stored."""
    parts = []
    for field in instance._meta.concrete_fields:
        if field.editable and not field.primary_key:
            parts.append(f"{field.attname}={field.value_to_string(instance)}")
    for field in instance._meta.many_to_many:
        if field.editable:
            keys = sorted(getattr(instance, field.name).values_list("pk", flat=True))
            parts.append(f"{field.name}={keys}")
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]


class VersionCheckedForm(forms.ModelForm):
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and self.instance.pk is not None:
            # The record as stored, not the instance: a history page shows an old version.
            current = self._current_record(lock=False)
            self.fields[VERSION_FIELD].initial = fingerprint(current) if current else ""

    def clean(self):
        cleaned = super().clean()
        loaded = cleaned.get(VERSION_FIELD)
        if loaded and self.instance.pk is not None:
            current = self._current_record(lock=connection.in_atomic_block)
            if current is not None and fingerprint(current) != loaded:
                raise forms.ValidationError(_conflict_message(current), code="edit_conflict")
        return cleaned

    def _current_record(self, *, lock: bool):
        records = type(self.instance)._default_manager.filter(pk=self.instance.pk)
        return (records.select_for_update() if lock else records).first()


def _conflict_message(current) -> str:
    noun = current._meta.verbose_name
    who, when = _last_change(current)
    by = f" by {who}" if who else ""
    at = f" at {when:%H:%M} UTC on {when.day} {when:%B %Y}" if when else ""
    return (
        f"This {noun} was changed{by}{at}, after you opened it. Your changes were not saved, "
        f"so as not to undo theirs: reload the page to see the {noun} as it is now, "
        "then make your changes again."
    )


def _last_change(record):
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
