"""Documents: what is stored in Tantivy for a model instance.

Filter values are encoded so that string order is value order (``encode_value``) and,
for ranges, as numbers (``number_value``); text fields and filter fields are found by
walking the models' ``search_fields``, along forward foreign keys (``RelatedFields``);
``build_document`` assembles one document.
"""

from __future__ import annotations

import datetime
import decimal
import re
import struct
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

import tantivy
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Manager, Model, QuerySet
from django.utils.encoding import force_str
from modelsearch.backends.base import get_model_root
from modelsearch.index import (
    AutocompleteField,
    FilterField,
    Indexed,
    RelatedFields,
    SearchField,
    get_indexed_models,
)

from .analysis import (
    AUTOCOMPLETE_PREFIX,
    FILTER_PREFIX,
    NULLS_FIELD,
    NUMBER_PREFIX,
    SEARCH_PREFIX,
    STEM_PREFIX,
    clean_text,
    stemming_language,
    stems,
)

MULTI_SEPARATOR = "\x1f"

# ---------------------------------------------------------------------------------------
# Filter values
# ---------------------------------------------------------------------------------------

_INT_OFFSET = 1 << 63
_U64 = (1 << 64) - 1


def _utc_naive(value: datetime.datetime) -> datetime.datetime:
    if value.tzinfo is not None:
        value = value.astimezone(datetime.UTC).replace(tzinfo=None)
    return value


def encode_value(value: Any) -> str | None:
    """A filter value as a string whose order is the value's order, tagged with its type."""
    if value is None:
        return None
    if isinstance(value, Model):
        return encode_value(value.pk)
    if isinstance(value, bool):
        return "b1" if value else "b0"
    if isinstance(value, int):
        return "i" + format(max(0, min(_U64, value + _INT_OFFSET)), "016x")
    if isinstance(value, (float, decimal.Decimal)):
        bits = struct.unpack(">Q", struct.pack(">d", float(value)))[0]
        bits = (~bits & _U64) if bits & _INT_OFFSET else (bits | _INT_OFFSET)
        return "n" + format(bits, "016x")
    if isinstance(value, datetime.datetime):
        return "t" + _utc_naive(value).strftime("%Y-%m-%dT%H:%M:%S.%f").rjust(26, "0")
    if isinstance(value, datetime.date):
        return "d" + format(value.year, "04d") + value.strftime("-%m-%d")
    if isinstance(value, datetime.time):
        return "h" + value.strftime("%H:%M:%S.%f")
    if isinstance(value, uuid.UUID):
        return "s" + str(value)
    return "s" + clean_text(force_str(value)).replace(MULTI_SEPARATOR, " ")


def decode_value(text: str) -> Any:
    """The Python value of an encoded filter value (facet keys)."""
    tag, body = text[:1], text[1:]
    if tag == "i":
        return int(body, 16) - _INT_OFFSET
    if tag == "b":
        return body == "1"
    if tag == "n":
        bits = int(body, 16)
        bits = (bits & ~_INT_OFFSET) if bits & _INT_OFFSET else (~bits & _U64)
        return struct.unpack(">d", struct.pack(">Q", bits))[0]
    if tag == "t":
        value = datetime.datetime.fromisoformat(body)
        from django.conf import settings

        return value.replace(tzinfo=datetime.UTC) if settings.USE_TZ else value
    if tag == "d":
        return datetime.date.fromisoformat(body)
    if tag == "h":
        return datetime.time.fromisoformat(body)
    return body


@dataclass(frozen=True)
class _TextField:
    """A text field (``title``, ``authors__name``...; stored as ``s__title``...)."""

    name: str
    field_name: str
    boost: float
    related: bool


def _has_text_fields(fields: Iterable) -> bool:
    for field in fields:
        if isinstance(field, (SearchField, AutocompleteField)):
            return True
        if isinstance(field, RelatedFields) and _has_text_fields(field.fields):
            return True
    return False


def _walk_text_fields(fields, kind: type, prefix: str = "", top: str | None = None):
    for field in fields:
        if isinstance(field, RelatedFields):
            yield from _walk_text_fields(
                field.fields, kind, f"{prefix}{field.field_name}__", top or field.field_name
            )
        elif isinstance(field, kind):
            boost = getattr(field, "boost", None)
            yield _TextField(
                name=prefix + field.field_name,
                field_name=top or field.field_name,
                boost=float(boost) if boost is not None else 1.0,
                related=top is not None,
            )


@cache
def model_text_fields(model: type[Model], kind: type) -> tuple[_TextField, ...]:
    """Text fields to query for ``model``: its own, then those of indexed subclasses."""
    models = [model] + sorted(
        (m for m in get_indexed_models() if m is not model and issubclass(m, model)),
        key=lambda m: m._meta.label,
    )
    found: dict[str, _TextField] = {}
    for m in models:
        for spec in _walk_text_fields(m.get_search_fields(), kind):
            found.setdefault(spec.name, spec)
    return tuple(found.values())


def content_types(model: type[Model]) -> list[str]:
    """The content type of ``model`` and of each indexed ancestor (Wagtail page types)."""
    names = []
    current: Any = model
    while current is not None:
        if issubclass(current, Indexed):
            names.append(current.indexed_get_content_type())
            current = current.indexed_get_parent()
        else:
            current = None
    return names


def index_name_for_model(model: type[Model]) -> str:
    root = get_model_root(model)
    return re.sub(r"[^a-z0-9_]", "_", f"{root._meta.app_label}_{root._meta.model_name}".lower())


def _prepare_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, dict):
        return "\n".join(_prepare_value(item) for item in value.values())
    if isinstance(value, (list, tuple, set, frozenset)):
        return "\n".join(_prepare_value(item) for item in value)
    return force_str(value)


def _related_objects(obj: Model, field: RelatedFields) -> list:
    try:
        value = field.get_value(obj)
    except FieldDoesNotExist:
        value = getattr(obj, field.field_name, None)
    if value is None:
        return []
    if isinstance(value, Manager):
        return list(value.all())
    if callable(value):
        value = value()
    if isinstance(value, QuerySet):
        return list(value)
    return [value] if value is not None else []


def _has_filter_fields(fields: Iterable) -> bool:
    for field in fields:
        if isinstance(field, FilterField):
            return True
        if isinstance(field, RelatedFields) and _has_filter_fields(field.fields):
            return True
    return False


def _related_model(model, field: RelatedFields):
    try:
        return field.get_field(model).related_model
    except (FieldDoesNotExist, AttributeError):
        return None


def _single_valued(model, field) -> bool:
    """Is ``field`` (a FilterField or RelatedFields) a plain column or a forward
    foreign key / one-to-one? Only those are stored: many-valued relations would cost a
    query per document, and filters on them go through the ORM instead."""
    try:
        django_field = field.get_field(model)
    except (FieldDoesNotExist, AttributeError):
        return isinstance(field, FilterField)  # an attribute or method of the model
    if django_field.many_to_many or django_field.one_to_many:
        return False
    return getattr(django_field, "concrete", False)


def _filter_names(fields, model, prefix: str) -> Iterator[str]:
    """Names (``f__`` excluded) of the filter fields stored for ``fields`` of ``model``."""
    for field in fields:
        if not isinstance(field, (FilterField, RelatedFields)):
            continue
        if not _single_valued(model, field):
            continue
        if isinstance(field, FilterField):
            yield prefix + field.get_attname(model)
        else:
            related = _related_model(model, field)
            if related is not None:
                yield from _filter_names(field.fields, related, f"{prefix}{field.field_name}__")


@cache
def model_filter_names(model: type[Model]) -> frozenset[str]:
    """Filter fields stored in Tantivy for ``model`` and its indexed subclasses."""
    models = [model] + [m for m in get_indexed_models() if m is not model and issubclass(m, model)]
    names: set[str] = set()
    for m in models:
        names.update(_filter_names(m.get_search_fields(), m, ""))
    return frozenset(names)


def _filter_value(obj: Model, field: FilterField) -> Any:
    """The raw value of a single-valued FilterField."""
    try:
        django_field = field.get_field(type(obj))
    except FieldDoesNotExist:
        value = getattr(obj, field.field_name, None)
        return value() if callable(value) else value
    return getattr(obj, django_field.attname, None)


@dataclass
class _Collected:
    texts: dict[str, list[str]]
    filters: dict[str, list[str]]
    nulls: set[str]


def _collect(obj: Model, fields, prefix: str, out: _Collected, filters: bool = True) -> None:
    for field in fields:
        if isinstance(field, RelatedFields):
            with_filters = (
                filters and _has_filter_fields(field.fields) and _single_valued(type(obj), field)
            )
            if not (with_filters or _has_text_fields(field.fields)):
                continue
            sub_prefix = f"{prefix}{field.field_name}__"
            related = _related_objects(obj, field)
            if not related and with_filters:
                model = _related_model(type(obj), field)
                if model is not None:
                    out.nulls.update(_filter_names(field.fields, model, sub_prefix))
            for sub_obj in related:
                _collect(sub_obj, field.fields, sub_prefix, out, with_filters)
        elif isinstance(field, FilterField):
            if not (filters and _single_valued(type(obj), field)):
                continue
            name = prefix + field.get_attname(type(obj))
            encoded = encode_value(_filter_value(obj, field))
            if encoded is not None:
                out.filters[name] = [encoded]
            else:
                out.nulls.add(name)
        elif isinstance(field, (SearchField, AutocompleteField)):
            text = _prepare_value(field.get_value(obj))
            if text and not text.isspace():
                kind = SEARCH_PREFIX if isinstance(field, SearchField) else AUTOCOMPLETE_PREFIX
                out.texts.setdefault(kind + prefix + field.field_name, []).append(text)


_EPOCH = datetime.datetime(1970, 1, 1)


def number_value(value: Any) -> float | None:
    """A filter value as a number with the value's order (for range queries), or None."""
    if value is None or isinstance(value, str):
        return None
    if isinstance(value, Model):
        return number_value(value.pk)
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, (int, float, decimal.Decimal)):
        return float(value)
    if isinstance(value, datetime.datetime):
        return (_utc_naive(value) - _EPOCH) / datetime.timedelta(microseconds=1)
    if isinstance(value, datetime.date):
        return float(value.toordinal())
    if isinstance(value, datetime.time):
        return float(
            ((value.hour * 60 + value.minute) * 60 + value.second) * 1_000_000 + value.microsecond
        )
    return None


def number_from_encoded(encoded: str) -> float | None:
    tag = encoded[:1]
    if tag in ("s",):
        return None
    return number_value(decode_value(encoded))


@cache
def schema_fields(model: type[Model]) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """(searched, autocomplete, filter) field names of the index of ``model``'s root."""
    root = get_model_root(model)
    return (
        tuple(f.name for f in model_text_fields(root, SearchField)),
        tuple(f.name for f in model_text_fields(root, AutocompleteField)),
        tuple(sorted(model_filter_names(root))),
    )


def build_document(
    obj: Model,
    fields: frozenset[str],
    default_language: str | None,
    language_field: str | None = None,
) -> tuple[str, tantivy.Document]:
    """``(key, document)`` for ``obj``; ``fields``: the Tantivy fields of the index (others
    are left out until a rebuild). Reads related objects, so call it outside locks."""
    model = type(obj)
    out = _Collected({}, {}, set())
    _collect(obj, model.get_search_fields(), "", out)
    key = force_str(obj.pk)
    document = tantivy.Document()
    document.add_text("id", key)
    if isinstance(obj.pk, int) and not isinstance(obj.pk, bool):
        document.add_integer("idn", obj.pk)
    for content_type in content_types(model):
        document.add_text("ct", content_type)
    language = getattr(obj, language_field, None) if language_field else None
    stemmer = stemming_language(language) if language else None
    if stemmer is None and not language:
        stemmer = stemming_language(default_language)
    for name, parts in out.texts.items():
        if name not in fields:
            continue
        text = clean_text("\n".join(parts))
        document.add_text(name, text)
        if name.startswith(SEARCH_PREFIX) and stemmer:
            stem_field = STEM_PREFIX + name[len(SEARCH_PREFIX) :]
            if stem_field in fields:
                document.add_text(stem_field, " ".join(stems(text, stemmer)))
    for name, values in out.filters.items():
        if FILTER_PREFIX + name not in fields:
            continue
        for value in dict.fromkeys(values):
            document.add_text(FILTER_PREFIX + name, value)
            number = number_from_encoded(value)
            if number is not None:
                document.add_float(NUMBER_PREFIX + name, number)
    for name in sorted(out.nulls - set(out.filters)):
        document.add_text(NULLS_FIELD, name)
    return key, document
