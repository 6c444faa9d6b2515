"""Editors win: bring a table's catalog-backed rows to what the catalog says, keeping editors'
changes, and merge records that turned out to be one thing.

Every synced row remembers, in `catalog_values`, what the catalog said at the last sync. A
field is only overwritten while it still holds that value; a field an editor changed keeps
the editor's value (the catalog's newer value is still remembered). A second sync of the same
rows therefore changes nothing. Nothing here knows GCAT: `catalog_loader` builds the rows
each kind should hold (`Desired`) and hands them to `sync`.
"""

import datetime
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

BATCH = 500
PROGRESS_EVERY = 1000  # rows between two calls of a sync's `progress`


@dataclass
class Tally:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        return f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"


@dataclass
class Desired:
    """What the catalog says one row should hold."""

    key: Any
    values: dict[str, Any]
    m2m: dict[str, list[models.Model]] = field(default_factory=dict)
    slug_source: str = ""


def _no_progress(done: int, total: int) -> None:
    return None


def sync(
    model: type[models.Model],
    desired: Sequence[Desired],
    *,
    existing: Mapping[Any, Any],
    tally: Tally,
    progress: Callable[[int, int], None] = _no_progress,
) -> dict[Any, Any]:
    """Create the rows of `desired` missing from `existing` (the rows synced before, by their
    key), update the rows whose catalog values moved, keep editors' edits; count what happened
    in `tally`. Returns every desired row, saved, by its key."""
    slugs = set(model._default_manager.values_list("slug", flat=True)) if desired else set()
    m2m_names = sorted({name for d in desired for name in d.m2m})
    current_m2m = {name: m2m_map(model, name) for name in m2m_names}
    to_create, to_update, updated_fields = [], [], set()
    m2m_writes: list[tuple[models.Model, str, list]] = []
    result = {}
    for index, wanted in enumerate(desired, start=1):
        obj: Any = existing.get(wanted.key)  # a catalog-backed row: slug, catalog_values
        if obj is None:
            obj = model(**wanted.values)
            obj.slug = unique_slug(wanted.slug_source, wanted.key, slugs)
            obj.catalog_values = _catalog_json(wanted)
            to_create.append(obj)
            m2m_writes.extend((obj, n, related) for n, related in wanted.m2m.items())
        else:
            changed, m2m_changed = _merge(obj, wanted, current_m2m)
            m2m_writes.extend((obj, n, wanted.m2m[n]) for n in m2m_changed)
            if changed or m2m_changed:
                to_update.append(obj)
                updated_fields.update(changed)
            else:
                tally.unchanged += 1
        result[wanted.key] = obj
        if index % PROGRESS_EVERY == 0:
            progress(index, len(desired))
    if to_create:
        bulk_create_with_history(to_create, model, batch_size=BATCH)
    if to_update:
        fields = sorted(updated_fields | {"catalog_values"})
        bulk_update_with_history(to_update, model, fields, batch_size=BATCH)
    _write_m2m(model, m2m_writes)
    tally.created += len(to_create)
    tally.updated += len(to_update)
    progress(len(desired), len(desired))
    return result


def _merge(obj, wanted: Desired, current_m2m) -> tuple[list[str], list[str]]:
    previous = obj.catalog_values or {}
    changed = []
    for name, value in wanted.values.items():
        new, now = jsonable(value), _current(obj, name)
        edited = name in previous and previous[name] != now
        if new != now and not edited:
            setattr(obj, name, value)
            changed.append(name)
    m2m_changed = []
    for name, related in wanted.m2m.items():
        new, now = jsonable(related), sorted(current_m2m[name].get(obj.pk, ()))
        edited = name in previous and previous[name] != now
        if new != now and not edited:
            m2m_changed.append(name)
    # Keys set outside this merge (an agency's parent) are kept.
    catalog_json = {**previous, **_catalog_json(wanted)}
    if catalog_json != previous:
        obj.catalog_values = catalog_json
        if not changed and not m2m_changed:
            changed.append("catalog_values")
    return changed, m2m_changed


def jsonable(value: Any) -> Any:
    """How `catalog_values` keeps a value: rows by primary key, dates as ISO text, lists
    sorted."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, list | tuple | set):
        return sorted(jsonable(v) for v in value)
    return value


def _current(obj: models.Model, name: str) -> Any:
    model_field = obj._meta.get_field(name)
    if isinstance(model_field, models.Field) and model_field.is_relation:
        return getattr(obj, model_field.attname)
    return jsonable(getattr(obj, name))


def _catalog_json(wanted: Desired) -> dict:
    data = {name: jsonable(value) for name, value in wanted.values.items()}
    data.update({name: jsonable(related) for name, related in wanted.m2m.items()})
    data["_key"] = jsonable(wanted.key)
    return data


def m2m_map(model: type[models.Model], name: str) -> dict[int, set[int]]:
    """Each row's ids linked through the many-to-many field `name`, in one query."""
    through, source, target = _through_columns(model, name)
    mapping: dict[int, set[int]] = {}
    for owner, related in through.objects.values_list(source, target):
        mapping.setdefault(owner, set()).add(related)
    return mapping


def _write_m2m(model, writes) -> None:
    by_name: dict[str, list] = {}
    for obj, name, related in writes:
        by_name.setdefault(name, []).append((obj, related))
    for name, pairs in by_name.items():
        through, source, target = _through_columns(model, name)
        through.objects.filter(**{f"{source}__in": [obj.pk for obj, _ in pairs]}).delete()
        rows = [
            through(**{source: obj.pk, target: other.pk})
            for obj, related in pairs
            for other in {r.pk: r for r in related}.values()
        ]
        through.objects.bulk_create(rows, batch_size=BATCH)


def _through_columns(model, name: str):
    """The many-to-many table behind `model.name`, its owner column and its other column."""
    through = getattr(model, name).through
    source = f"{model._meta.model_name}_id"
    target = next(f.attname for f in through._meta.fields if f.is_relation and f.attname != source)
    return through, source, target


def unique_slug(source: str, key: Any, taken: set[str]) -> str:
    """A slug of `source` that is not in `taken` (and is added to it): else with the key
    (when there is one), else numbered."""
    keyed = slugify(str(key)) if key is not None else ""
    base = slugify(source)[:200] or keyed or "item"
    slug = base
    if slug in taken and keyed:
        slug = f"{base}-{keyed}"[:220]
    counter = 2
    while slug in taken:
        slug = f"{base}-{counter}"
        counter += 1
    taken.add(slug)
    return slug


def pk_refs(model: type[models.Model], ids: Iterable[int]) -> list[models.Model]:
    """Unsaved stand-ins carrying only a primary key: enough to compare and link by id."""
    return [model(pk=pk) for pk in sorted(ids)]


def absorb(model: type[models.Model], survivor: models.Model, absorbed: Iterable[Any]) -> None:
    """Merge `absorbed` records into `survivor`: every row that points at them (missions,
    incidents, article mentions, agencies' parents) points at the survivor; then they go."""
    others = [obj.pk for obj in absorbed if obj.pk != survivor.pk]
    if not others:
        return
    for relation in model._meta.related_objects:
        if relation.many_to_many:
            _move_links(relation, survivor.pk, others)
        else:
            related = relation.field.model._base_manager  # the model that points at `model`
            related.filter(**{f"{relation.field.name}__in": others}).update(
                **{relation.field.name: survivor.pk}
            )
    model._default_manager.filter(pk__in=others).delete()


def _move_links(relation, survivor: int, others: list[int]) -> None:
    through = relation.through
    target = relation.field.m2m_reverse_field_name()  # the column pointing at `model`
    source = relation.field.m2m_field_name()
    rows = through.objects.filter(**{f"{target}__in": others})
    linked = set(
        through.objects.filter(**{target: survivor}).values_list(f"{source}_id", flat=True)
    )
    keep = {}
    for owner in rows.values_list(f"{source}_id", flat=True):
        if owner not in linked:
            keep[owner] = through(**{f"{source}_id": owner, f"{target}_id": survivor})
    rows.delete()
    through.objects.bulk_create(keep.values(), batch_size=BATCH)
