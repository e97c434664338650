"""Account directories: a provider's snapshot of its organisations, accounts, projects and API keys.

A security team's export of API logs often comes with a directory of who the callers are: one record per
organisation with its payment method, its creation time and its plan, its members, projects and keys nested
under it (``{"org_id", "created_at", "tier", "billing": {"payment_method_fingerprint": ...}, "members": [...],
"api_keys": [...]}``), or one record per account or key. The calls name only ids; the directory holds what the
reports single out: shared payment methods, accounts opened together, the plan. No call reader reads such a
file (none of its records is about a call), so it used to be skipped.

Here a file whose first records are all such entity records is read as a directory: every record, and every
object with an id in a list under it (a member, a project, a key), is an entity with an id, its organisation (the
record it is listed under, when that is an organisation), its payment fingerprint (its own, else the one of the
record it is listed under: an organisation's card pays for its projects and keys; stored hashed, as the readers
store one), its creation time (its own only), its plan and its sign-up programme (its own, else its parent's).
The entities go into the store's ``account_directory`` table (the newest snapshot read wins for an id), and fill
the calls' missing fields: a call's payment fingerprint, creation time, plan and access path from the entity its
account id names, else its key id, else its organisation id; its organisation from the entity of its account or
key. A call's own logged values are never replaced. Lines that cannot be read are quarantined with file and
line, as a log's are.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa

from antidistill.ingest import fields as F
from antidistill.ingest.fields import DEFAULT_TIME_RANGE, TimeRange
from antidistill.ingest.generic import NAMES, _candidates, about_a_call, norm
from antidistill.ingest.jsonlines import elements_of
from antidistill.ingest.quarantine import QuarantinedRow, truncate_raw
from antidistill.records import hash_identifier

#: Records sampled to judge whether a file is a directory; every one of them must be an entity record.
SNIFF_RECORDS = 20

#: Names of an entity's own id, by the kind they say it is (normalised as :func:`generic.norm` does). A bare ``id``
#: takes its kind from an ``object``/``type`` field, else from the list it is in, else is an account.
_ID_NAMES: dict[str, tuple[str, ...]] = {
    "organization": ("orgid", "organizationid", "organisationid", "teamid", "tenantid"),
    "key": ("apikeyid", "keyid", "apikeyhash", "keyhash", "credentialid"),
    "account": ("accountid", "userid", "projectid", "customerid", "memberid", "consumerid", "principalid"),
}
_KIND_WORDS: dict[str, tuple[str, ...]] = {
    "organization": ("org", "organization", "organisation", "team", "tenant", "orgs", "organizations",
                     "organisations", "teams", "tenants"),
    "key": ("key", "apikey", "keys", "apikeys", "credential", "credentials"),
    "account": ("account", "user", "project", "member", "customer", "accounts", "users", "projects", "members",
                "customers", "consumer", "consumers"),
}
#: An entity's own creation time: ``created_at`` and the names the generic reader reads as an account's.
_CREATED = frozenset({"createdat", "created", "creationtime", "creationdate", "createdtime",
                      *NAMES["account_created_at"]})
#: When a member joined its organisation (the Admin APIs' users have no other time): its creation time when the
#: record has no ``created_at`` of its own.
_ADDED = frozenset({"addedat", "joinedat"})
_TIER = frozenset(NAMES["account_tier"])
#: the programme or channel the customer signed up through (a cloud marketplace, an education or startup programme;
#: a credit grant's ``program``)
_ACCESS = frozenset({*NAMES["access_path"], "program", "grantprogram", "creditprogram"})
#: A second id an organisation is known by (its ``org-...`` public id beside the database's key): other records
#: and other systems name it by that one.
_ALIAS = frozenset({"publicid", "externalid", "orgpublicid", "organizationpublicid"})
#: Words of a table's or a record kind's name that say its rows are payment methods: a bare ``fingerprint`` there
#: is the card's.
_PAYMENT_WORDS = ("payment", "billing", "card")
_PAYMENT = frozenset(NAMES["payment_fingerprint"])
#: A payment fingerprint's name may end with how it was hashed (``payment_method_fingerprint_sha256``).
_HASH_SUFFIXES = ("sha256", "sha1", "md5", "hash", "hex")

DIRECTORY_SCHEMA = pa.schema(
    [
        pa.field("id", pa.string(), nullable=False),
        pa.field("kind", pa.string(), nullable=False),
        pa.field("org_id", pa.string()),
        pa.field("payment_fingerprint", pa.string()),
        pa.field("created_at", pa.timestamp("us", tz="UTC")),
        pa.field("tier", pa.string()),
        pa.field("access_path", pa.string()),
        pa.field("source", pa.string()),
        pa.field("owner_id", pa.string()),
        pa.field("alias", pa.string()),
    ],
    metadata={b"antidistill.schema": b"account_directory"},
)


@dataclass(frozen=True, slots=True)
class Entity:
    """One organisation, account, project or key of a directory (see the module docstring)."""

    id: str
    kind: str
    org_id: str | None
    payment_fingerprint: str | None
    created_at: dt.datetime | None
    tier: str | None
    access_path: str | None
    source: str
    #: the entity this one belongs to when it names one (a key's project or account): its organisation, when the
    #: record names none, is that entity's (resolved in the store, across files)
    owner_id: str | None = None
    #: a second id the organisation is known by (its public id)
    alias: str | None = None


def _is_id(value: Any) -> bool:
    return isinstance(value, str | int) and not isinstance(value, bool) and value != ""


def _bare_id(obj: Mapping[str, Any]) -> Any:
    """A record's own ``id`` (``_id`` in a MongoDB export)."""
    value = obj.get("id")
    return value if _is_id(value) else obj.get("_id")


def _said(obj: Mapping[str, Any]) -> str | None:
    """What a record says it is: its ``object``/``type``, else the table its row comes from (a database dump's
    ``_table``: ``api_keys``, ``organizations``)."""
    for key in ("object", "type", "_table"):
        value = obj.get(key)
        if isinstance(value, str) and value:
            return value
    return None


def _is_org_name(name: str) -> bool:
    """An organisation id's name: the known ones, and any name ending in ``orgid`` (``apiOrgId``, ``billingOrgId``:
    a product's link to the organisation of the API)."""
    return name in _ID_NAMES["organization"] or (name.endswith("orgid") and name != "orgid")


def _own_id(obj: Mapping[str, Any], context: str | None) -> tuple[str, str] | None:
    """(kind, id) of a record. A bare ``id`` is the record's own, its kind said by its ``object``/``type`` field,
    the list it is in (``context``) or the table its row comes from, else an account. A row of a table whose name
    says no kind (a membership, a credit grant, a payment method) is about the entities it names. Without a bare
    id, the first id by name in the order key, account, organisation (a key's record names its account, an
    account's its organisation); an account id in a list of keys is the key's owner, not the key."""
    value = _bare_id(obj)
    said = _said(obj)
    if _is_id(value):
        kind = _kind_said(said) or _kind_said(context)
        if kind is not None or not isinstance(obj.get("_table"), str):
            return kind or "account", str(value)
    in_keys = context is not None and norm(context) in _KIND_WORDS["key"]
    for kind in ("key", "account", "organization"):
        if kind == "account" and in_keys:
            continue
        for key, val in obj.items():
            name = norm(key)
            if (_is_org_name(name) if kind == "organization" else name in _ID_NAMES[kind]) and _is_id(val):
                return kind, str(val)
    return None


def _owner(obj: Mapping[str, Any], kind: str, ident: str) -> str | None:
    """The account (a project, a user) a key or an account record names as the one it belongs to."""
    if kind == "organization":
        return None
    for key, val in obj.items():
        if norm(key) in _ID_NAMES["account"] and _is_id(val) and str(val) != ident:
            return str(val)
    return None


def _kind_said(word: str | None) -> str | None:
    """The kind of entity a record's ``object``/``type`` or its list's name says, its last dotted part deciding
    (OpenAI's Admin API: ``organization.project``, ``organization.project.api_key``, ``organization.user``)."""
    if not word:
        return None
    for w in (norm(word.rsplit(".", 1)[-1]), norm(word)):
        for kind, words in _KIND_WORDS.items():
            if w in words:
                return kind
    return None


def _payment(obj: Mapping[str, Any], depth: int = 0) -> str | None:
    """A payment fingerprint in the record or the objects under it (not its lists: those are other entities); in a
    record that is a payment method (a ``billing_payment_methods`` row), its bare ``fingerprint``."""
    said = _said(obj) if depth == 0 else None
    if said is not None and any(w in norm(said) for w in _PAYMENT_WORDS):
        value = obj.get("fingerprint")
        if _is_id(value):
            return str(value)
    for key, value in obj.items():
        if isinstance(value, Mapping) and depth < 2:
            found = _payment(value, depth + 1)
            if found:
                return found
            continue
        if not isinstance(value, str | int) or isinstance(value, bool) or value == "":
            continue
        name = norm(key)
        for suffix in _HASH_SUFFIXES:
            if name.endswith(suffix) and name != suffix:
                name = name[: -len(suffix)]
                break
        if name in _PAYMENT:
            return str(value)
    return None


def _scalar_named(obj: Mapping[str, Any], names: frozenset[str]) -> Any:
    return next((v for k, v in obj.items() if norm(k) in names and v not in (None, "")
                 and not isinstance(v, Mapping | list)), None)


def _children(obj: Mapping[str, Any]) -> Iterator[tuple[str, Mapping[str, Any]]]:
    """(list name, object) of the objects listed under a record (its members, projects, keys)."""
    for key, value in obj.items():
        if isinstance(value, list):
            for item in value:
                if isinstance(item, Mapping):
                    yield key, item
        elif isinstance(value, Mapping):
            yield from _children(value)  # ``{"access": {"keys": [...]}}``


def _about_a_call(obj: Mapping[str, Any]) -> bool:
    """Whether a record is about a model call (``generic.about_a_call``), where a list of people with roles (an
    organisation's ``members``) is not a conversation: turns must say something (``content``, ``text``, ``parts``)."""
    if not about_a_call(obj):
        return False
    found = _candidates(obj)
    if set(found) & {"body", "response", "model", "span_kind"}:
        return True
    turns: Any = obj
    for key in found.get("turns", ()):
        turns = turns.get(key) if isinstance(turns, Mapping) else None
    return not isinstance(turns, list) or any(
        isinstance(t, Mapping) and any(k in t for k in ("content", "text", "parts")) for t in turns)


def is_entity_record(obj: Any) -> bool:
    """Whether a record describes an entity, not a call: it has its own id, is about no call, and says what a
    directory says: a payment method, a plan, a sign-up programme, or entities listed under it; or a creation
    time, when its id is named as an entity's (``org_id``, ``account_id``) or its ``object``/``type`` names a kind
    of entity (a bare ``id`` beside a ``created_at`` is any record's: a trace's, a score's)."""
    if not isinstance(obj, Mapping) or _about_a_call(obj) or _own_id(obj, None) is None:
        return False
    if _payment(obj) or _scalar_named(obj, _TIER | _ACCESS) is not None or any(
            _own_id(child, name) for name, child in _children(obj)):
        return True
    if _scalar_named(obj, _CREATED | _ADDED) is None:
        return False
    # a dump's row names its table: an entity's, or a link between the entities it names (a membership)
    return not _is_id(_bare_id(obj)) or isinstance(obj.get("_table"), str) or _kind_said(_said(obj)) is not None


def looks_like_directory(sample: Sequence[Any]) -> bool:
    """Whether a file's first records (``SNIFF_RECORDS`` of them) are all entity records."""
    return bool(sample) and all(is_entity_record(o) for o in sample)


def entities_of(obj: Mapping[str, Any], source: str, time_range: TimeRange = DEFAULT_TIME_RANGE, *,
                context: str | None = None, parent: Entity | None = None) -> Iterator[Entity]:
    """The record's entity, then those listed under it (a malformed time raises ``RowError``)."""
    found = _own_id(obj, context)
    if found is None:
        return
    kind, ident = found
    payment = _payment(obj)
    created = _scalar_named(obj, _CREATED)
    created = created if created is not None else _scalar_named(obj, _ADDED)
    tier = _scalar_named(obj, _TIER)
    access = _scalar_named(obj, _ACCESS)
    org = None if kind == "organization" else (
        F.opt_str(next((v for k, v in obj.items() if _is_org_name(norm(k)) and _is_id(v)), None), "org_id")
        or (parent.id if parent is not None and parent.kind == "organization" else None)
        or (parent.org_id if parent is not None else None))
    entity = Entity(
        id=ident, kind=kind, org_id=org,
        payment_fingerprint=hash_identifier(str(payment)) if payment else (
            parent.payment_fingerprint if parent is not None else None),
        created_at=F.opt_timestamp(created, "created_at", time_range),
        tier=str(tier) if tier is not None else (parent.tier if parent is not None else None),
        access_path=str(access) if access is not None else (parent.access_path if parent is not None else None),
        source=source,
        owner_id=_owner(obj, kind, ident),
        alias=(F.opt_str(_scalar_named(obj, _ALIAS), "public_id") if kind == "organization" else None),
    )
    yield entity
    for name, child in _children(obj):
        yield from entities_of(child, source, time_range, context=name, parent=entity)


def read_directory(path: Path, time_range: TimeRange = DEFAULT_TIME_RANGE
                   ) -> tuple[list[Entity], int, list[QuarantinedRow]]:
    """(entities, records read, quarantined rows) of a directory file."""
    entities: list[Entity] = []
    bad: list[QuarantinedRow] = []
    records = 0
    for element in elements_of(path):
        records += 1
        where = f"{path}:{element.line}" if element.line is not None else str(path)
        if element.error is not None:
            bad.append(QuarantinedRow(str(path), element.line, element.error, None, truncate_raw(element.text)))
            if element.fatal:
                break
            continue
        if not is_entity_record(element.value):
            bad.append(QuarantinedRow(str(path), element.line, "not a directory record (no id of its own, or "
                                      "about a model call)", None, truncate_raw(element.text)))
            continue
        try:
            entities.extend(entities_of(element.value, where, time_range))
        except F.RowError as err:
            bad.append(QuarantinedRow(str(path), element.line, err.reason, err.field, truncate_raw(element.text)))
    return entities, records, bad


def to_table(entities: Iterable[Entity]) -> pa.Table:
    """Entities as a ``DIRECTORY_SCHEMA`` table, one row per id: what the last record read says of it, and what
    earlier ones said where it says nothing (a dump's organisation is its ``organizations`` row, its card from a
    ``billing_payment_methods`` row and its programme from a ``credit_grants`` row)."""
    by_id: dict[str, Entity] = {}
    for e in entities:
        old = by_id.get(e.id)
        if old is not None:
            e = Entity(**{f: (getattr(e, f) if getattr(e, f) is not None else getattr(old, f))
                          for f in Entity.__dataclass_fields__})
        by_id[e.id] = e
    rows = list(by_id.values())
    return pa.table({
        "id": [e.id for e in rows], "kind": [e.kind for e in rows], "org_id": [e.org_id for e in rows],
        "payment_fingerprint": [e.payment_fingerprint for e in rows], "created_at": [e.created_at for e in rows],
        "tier": [e.tier for e in rows], "access_path": [e.access_path for e in rows],
        "source": [e.source for e in rows], "owner_id": [e.owner_id for e in rows], "alias": [e.alias for e in rows],
    }, schema=DIRECTORY_SCHEMA)
