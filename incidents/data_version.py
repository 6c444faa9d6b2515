"""The data version: one value in the cache all processes share, changed by every write that
changes what a public page shows. Whatever is cached from the data (the filter menus, the
statistics, whole public pages: config/page_cache.py) is kept under a key that holds the
version, so nothing is ever deleted: after a write, every worker reads the new version and
misses its old entries, which expire in their own time.

`bump()` is called by the model signals connected here and by every write that sends none: a
catalog reload, the importer, queryset updates and bulk creations of the admin and the review
desk. It changes the version at once and again when the transaction commits, so a request
that read the data in between cannot leave it cached under the version others will read.

A version is random, never a counter: if the cache loses it (a restart, an eviction), the
next one misses everything cached before, as it must.

Within one request the version is read once (the cache is the database or Redis: each read
is a round trip); outside requests (commands, the task worker) it is read each time.
"""

import uuid
from contextvars import ContextVar

from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import transaction

KEY = "data-version"
# The version this request read: None outside a request, "" until read.
_read_in_this_request: ContextVar[str | None] = ContextVar("data_version", default=None)


def current() -> str:
    """The data version, read from the shared cache at most once per request."""
    read = _read_in_this_request.get()
    if read:
        return read
    version = cache.get(KEY)
    if version is None:
        cache.add(KEY, _new_version(), None)  # another process may be adding one too
        version = cache.get(KEY) or _new_version()
    if read is not None:
        _read_in_this_request.set(version)
    return version


def bump() -> None:
    """A new data version now, and another when the current transaction commits."""
    _write_new_version()
    transaction.on_commit(_write_new_version)


def _write_new_version() -> None:
    cache.set(KEY, _new_version(), None)
    if _read_in_this_request.get() is not None:
        _read_in_this_request.set("")  # the rest of this request reads the new one


def _new_version() -> str:
    return uuid.uuid4().hex


def _start_request(**kwargs) -> None:
    _read_in_this_request.set("")


def _end_request(**kwargs) -> None:
    _read_in_this_request.set(None)


def _changed(sender, **kwargs) -> None:
    bump()


def connect_signals() -> None:
    """Bump the version whenever a model a public page shows is saved, deleted or relinked."""
    from django.apps import apps
    from django.db.models.signals import m2m_changed, post_delete, post_save

    request_started.connect(_start_request, dispatch_uid="data-version-request-started")
    request_finished.connect(_end_request, dispatch_uid="data-version-request-finished")

    for label in SHOWN_MODELS:
        model = apps.get_model(label)
        uid = f"data-version-{label}"
        post_save.connect(_changed, sender=model, dispatch_uid=f"{uid}-save")
        if label not in DELETED_IN_BULK:
            post_delete.connect(_changed, sender=model, dispatch_uid=f"{uid}-delete")
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(_changed, sender=through, dispatch_uid=f"{uid}-{field.name}")


# What public pages show.
SHOWN_MODELS = (
    "incidents.Agency",
    "incidents.VehicleFamily",
    "incidents.Vehicle",
    "incidents.LaunchSite",
    "incidents.Mission",
    "incidents.Incident",
    "articles.Article",
    "articles.Mention",
    "articles.Citation",
    "articles.Fact",
)
# No receiver for their deletion: it would make Django read every mention of an article
# before deleting them (the importer does, in bulk). Whatever deletes mentions bumps itself.
DELETED_IN_BULK = ("articles.Mention",)
