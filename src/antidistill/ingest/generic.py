"""The ``generic`` format: JSON request logs of a shape no other reader knows, their fields found by name.

A provider's own gateway, an API-management product or an observability tool logs each call as a JSON object
of its own design: a request body with ``messages`` somewhere inside it, a time under some name, a caller
under another. This reader finds them. For each file it looks at the first objects (``SAMPLE``), walks every
key path (JSON text that holds an object or list is decoded and walked too) and chooses, per Exchange field,
the path most of them agree on:

- the conversation: the shallowest object that is a chat request body (``messages`` as a list of turns with a
  ``role``, or a Responses ``input``, or a completions ``prompt``, beside a ``model``), read as the ``openai``
  reader reads a request; else the shallowest list of turns under any name;
- the answer: an object with ``choices``, Responses ``output`` items or Anthropic ``content`` blocks (read as
  the ``openai`` reader reads a response), or an assistant turn (``{"role": "assistant", "content": ...}``);
- every other field by the last key of its path, spelled in any case and with any separators, in the order
  of :data:`NAMES` (``request_id`` before ``id``, an account before an API key, a key before a user), else by
  the name a longer key ends with (``request_user_id``, ``genai_model_name``);
- a streamed answer logged as its server-sent events or as a list of its events is assembled first
  (:func:`~antidistill.ingest.openai.stream_events`); a file mixing shapes has each object's own body and answer
  found where the file's paths hold none.

The caller is the first of account, API key, user and organisation the log has, passing over one that holds
a single value in every sampled object while a later one varies (the log's owner: an AWS account, a cloud
tenant); an access log without any identity is read by client address. A file whose first ``ONE_CALLER``
records or more all name one caller, and no other, is refused with an error that says so: its callers are in
another table (Azure API Management), and read as one account every verdict would be about the whole log. The
file is read on (up to ``OWNER_SCAN`` records) before it is refused: an export whose rows are clustered by
customer (a BigQuery table clustered on the caller, shards written per writer) opens with a run of one caller's
calls, and a later record that names another caller shows the field names callers. So does another file of the
same folder that names another caller at the same path (a folder of per-customer files, ``SIBLINGS``).

It is chosen by ``--format auto`` only after every other reader declined, and only when the first object has
a time, a caller and a conversation or a model: a stray JSON file (a manifest, a config) is not read as
exchanges. The paths chosen for each file are reported (``summary.json``: ``field_mappings``), so an analyst
sees what was read as the account. A value under a secret's name (``api_key``, ``authorization``) is stored
hashed, never as written. A log that names no model gets the model ``(not logged)``. Where names are not
enough, a field map (``antidistill scan --map FIELD=PATH``, ``field_map``) places fields by key path.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import Any, ClassVar

from antidistill.errors import ConfigError, RefusedFile
from antidistill.ingest import correlate as C
from antidistill.ingest import fields as F
from antidistill.ingest.base import READERS, Chunk
from antidistill.ingest.jsonlines import READ_ERRORS, Element, JsonLinesReader, elements_of, uncompressed_name
from antidistill.ingest.openai import (
    MAX_LATENCY_MS,
    is_event_stream,
    is_stream_events,
    prompt_messages,
    request_max_tokens,
    request_messages,
    request_top_logprobs,
    response_fields,
    status_value,
    stream_events,
    stream_response,
)
from antidistill.records import Status, hash_identifier

#: Objects a file's field paths are chosen on.
SAMPLE = 50
#: Records read on for calls when a file's first ``SAMPLE`` hold none (see ``_sample``).
SAMPLE_READ_ON = 20 * SAMPLE
#: How deep key paths are walked.
MAX_DEPTH = 6
#: The model of a log that names none (the Exchange needs one).
NO_MODEL = "(not logged)"

Path_ = tuple[str, ...]

#: Exchange field -> accepted key names, most specific first, normalised (lower case, letters and digits).
NAMES: dict[str, tuple[str, ...]] = {
    "exchange_id": ("exchangeid", "requestid", "callid", "logid", "eventid", "generationid", "spanid", "id",
                    "uuid"),
    "ts_start": ("tsstart", "starttime", "startedat", "requeststarttime", "requestcreatedat", "requesttimeepoch",
                 "requesttime", "timestamp", "createdat", "created", "time", "ts", "datetime", "eventtime",
                 "timegenerated", "receivedat", "loggedat", "date", "start", "startns", "startms", "startus",
                 "starttimens", "starttimems", "starttimeunixnano"),
    "ts_end": ("tsend", "endtime", "endedat", "completedat", "finishedat", "responsecreatedat", "end"),
    "latency_ms": ("latencyms", "durationms", "elapsedms", "responsetimems", "totaltimems"),
    #: ``user_api_key_user_id``: the LiteLLM proxy's internal user that owns the key, its customer (the names
    #: LiteLLM's logging integrations write into metadata: Langfuse, Helicone, its own payloads)
    "account_id": ("principalarn", "identityarn", "callerarn", "userarn", "arn", "accountid", "account",
                   "accountname", "customerid", "customer", "userapikeyuserid", "tenantid", "tenant", "projectid",
                   "consumerid", "consumerusername", "consumer", "clientid", "applicationid", "appid", "principalid",
                   "principal", "requester", "requesterid", "requestedby"),
    #: LiteLLM writes the key's hash as ``user_api_key`` (or ``user_api_key_hash``) beside its alias, which may be
    #: empty or a name many customers give their keys ("backend"); a front door's auth hook logs a fingerprint of
    #: the key it accepted (``auth_key_fp``: the first hex digits of its digest)
    "api_key_id": ("apikeyid", "keyid", "apikeyhash", "keyhash", "hashedkey", "userapikeyhash", "userapikey",
                   "apikeyname", "apikeyalias", "keyname", "keyalias", "subscriptionid", "apimsubscriptionid",
                   "credentialid", "tokenid", "apikey", "authorization", "apikeyfingerprint", "keyfingerprint",
                   "keyfp"),
    "end_user": ("enduserid", "enduser", "userid", "user", "username", "useremail", "userusername"),
    #: not ``workspace``: a Kong workspace partitions the gateway's configuration (every customer of a route shares
    #: one), and an Anthropic or OpenAI workspace is a part of one customer's organisation; neither is a customer
    "org_id": ("organizationid", "organisationid", "orgid", "userapikeyorgid", "organization", "organisation",
               "org", "teamid", "team"),
    #: when the caller's account was created, where a gateway logs its consumer record with each call (Kong's
    #: ``consumer.created_at``); never the request's own time
    "account_created_at": ("accountcreatedat", "accountcreationtime", "accountcreated", "signupat", "signuptime",
                           "signupdate", "signedupat", "registeredat", "registrationtime", "registrationdate",
                           "keycreatedat", "apikeycreatedat", "consumercreatedat", "customercreatedat",
                           "tenantcreatedat", "orgcreatedat", "organizationcreatedat", "organisationcreatedat"),
    "client_ip": ("clientip", "clientaddress", "calleripaddress", "requesteripaddress", "requesterip", "requestip",
                  "remoteaddr", "remoteip", "sourceip", "callerip", "realip", "xrealip", "xforwardedfor",
                  "ipaddress", "ip"),
    "user_agent": ("useragent", "httpuseragent", "useragentoriginal"),
    "account_tier": ("accounttier", "ratelimittier", "usagetier", "billingtier", "subscriptiontier", "tier",
                     "plan", "planname", "plantier", "pricingtier", "pricingplan", "billingplan", "subscriptionplan"),
    #: the path a customer came in by (a cloud marketplace, an education or startup programme, a reseller)
    "access_path": ("accesspath", "accesschannel", "signupprogram", "signupchannel", "signupsource", "signuppath",
                    "acquisitionchannel", "marketplace"),
    "payment_fingerprint": ("paymentfingerprint", "paymentmethodfingerprint", "cardfingerprint",
                            "paymentmethodid", "paymentmethod", "cardhash", "billingfingerprint"),
    "asn": ("asn", "clientasn", "sourceasn", "asnumber", "autonomoussystemnumber", "geoasn", "asnnumber"),
    #: Langfuse's observations name the model as logged ``provided_model_name``; their ``model_id`` is Langfuse's
    #: own id of the price definition it matched
    "model": ("model", "providedmodelname", "modelname", "modelid", "engine", "deploymentname", "deployment"),
    "prompt_tokens": ("prompttokens", "inputtokens", "inputtokencount", "prompttokencount", "tokensin",
                      "tokensinput", "usageinput", "usagedetailsinput", "nativetokensprompt", "tokensprompt",
                      "tokencountprompt"),
    "completion_tokens": ("completiontokens", "outputtokens", "outputtokencount", "completiontokencount",
                          "tokensout", "tokensoutput", "usageoutput", "usagedetailsoutput", "nativetokenscompletion",
                          "tokenscompletion", "tokencountcompletion"),
    "reasoning_tokens": ("reasoningtokens", "nativetokensreasoning", "completionreasoningtokens",
                         "completiondetailsreasoning"),
    "status": ("httpstatus", "statuscode", "responsestatus", "responsecode", "status"),
    #: not an Exchange field: a failed call's error, the status where the log writes none (Bedrock's
    #: ``errorCode``, LiteLLM-style ``error_str``)
    "error": ("errorcode", "errortype", "errorstr", "errormessage", "errorinformation", "error", "exception",
              "failurereason"),
    "response_text": ("responsetext", "completiontext", "outputtext", "completion", "response", "output",
                      "answer"),
    # the model's reasoning kept in a column of its own beside the answer (a flat table's ``output_reasoning``)
    "reasoning_text": ("reasoningtext", "outputreasoning", "reasoningcontent", "completionreasoning",
                       "thinkingtext"),
}
#: An autonomous system number as logs write it: ``15169``, ``AS15169``, ``AS15169 GOOGLE``.
_ASN = re.compile(r"^\s*(?:AS)?(\d{1,10})\b", re.I)
#: Last keys that name nothing on their own: read together with their parent (``user.id``, ``account.name``).
_GENERIC_LAST = frozenset({"id", "name", "username", "hash", "key", "email", "address", "ip", "value"})
#: Parents that add nothing to such a key (``metadata.id`` is an ``id``).
_PLAIN_PARENTS = frozenset({"metadata", "meta", "attributes", "attrs", "properties", "context", "log", "event",
                            "record", "data", "fields", "tags", "labels", "extra"})
#: Fields whose path must give every sampled object its own value (an id shared by rows would merge them).
UNIQUE = frozenset({"exchange_id"})
#: Key names whose values are secrets: stored hashed (``records.hash_identifier``).
SECRET_NAMES = frozenset({"apikey", "authorization"})
#: Where a caller may be found, in order: the account itself, else its API key, else a user, else the org.
CALLER_FIELDS = ("account_id", "api_key_id", "end_user", "org_id")
#: Records of a file whose value at the file's path is empty looked at for a field before its lookup is given up.
OWN_TRIES = 200
#: Fields a record whose value at the file's path is empty reads where it names them itself (``convert``). Not the
#: end user: the file's rules place it (a subscription's owner is its organisation, a header names the end user on
#: some calls only), and a record without one has none.
OWN_PATHS = frozenset({"caller", "account_id", "api_key_id", "org_id", "client_ip", "user_agent", "model"})
#: The callers that are a provider's customers (an end user is a customer's own user; an address is no one's name).
CUSTOMER_FIELDS = ("account_id", "api_key_id", "org_id")
_ROLE_KEYS = ("messages", "input", "prompt", "contents")
#: Keys of a request body that say who sent it, read by name like the log's own fields: the OpenAI ``user``,
#: Anthropic ``metadata.user_id``, Gemini/Vertex ``labels``.
_BODY_CALLER_KEYS = frozenset({"user", "metadata", "labels"})
#: Identity values that are a logger's redaction, not an identity (``authorization: REDACTED``).
REDACTED_IDS = frozenset({"redacted", "[redacted]", "<redacted>", "***", "****", "xxx", "hidden", "masked",
                          "[filtered]", "filtered"})


@lru_cache(maxsize=65536)
def norm(key: str) -> str:
    """A key name as :data:`NAMES` spells it: lower case, letters and digits only."""
    return re.sub(r"[^a-z0-9]", "", key.lower())


def _decoded(value: Any) -> Any:
    """JSON text holding an object or a list, decoded (also with its quotes doubled once more, as some CSV exports
    write it); a streamed answer logged as its server-sent events or as a list of its events, assembled
    (:func:`stream_response`, :func:`stream_events`); LangChain messages and results as chat turns and a chat
    completion (``F.langchain_messages``, ``F.langchain_result``); anything else (text that does not decode too)
    as it is."""
    if isinstance(value, str):
        head = value[:1]
        if head not in ("{", "[", "d", "e", " ", "\n", "\t", "\r"):
            return value  # most text: not JSON, not an event stream
        if is_event_stream(value):
            try:
                return stream_response(value, "")
            except F.RowError:
                return value
        out = F.json_text(value, "", lenient=True)
        if out is value and value.lstrip().startswith(('{""', '[{""')):
            out = F.json_text(value.replace('""', '"'), "", lenient=True)
            out = value if isinstance(out, str) else out
        return stream_events(out) if is_stream_events(out) else out
    if isinstance(value, list):  # a stream's events assembled; chat-completion choices logged without their
        # completion (Braintrust's ``output``) as one; LangChain messages as chat turns
        if is_stream_events(value):
            return stream_events(value)
        if value and all(isinstance(c, Mapping) and "index" in c and isinstance(c.get("message"), Mapping)
                         for c in value):
            return {"choices": value}
        if value and all(isinstance(m, Mapping) and ("message.role" in m or "message.content" in m) for m in value):
            # OpenInference messages as Arize Phoenix exports them (``llm.input_messages``, ``llm.output_messages``)
            return [{"role": m.get("message.role") or "user", "content": m.get("message.content") or ""}
                    for m in value]
        return F.langchain_messages(value)
    if isinstance(value, dict) and "generations" in value:  # a LangChain LLMResult as a chat completion
        return F.langchain_result(value)
    return value


#: JSON objects are dicts: checked first, an ABC check (``Mapping``) costs ten times as much per row
_MAPPING = (dict, Mapping)


#: Keys whose list of ``key:value`` strings is a set of tags (Datadog's ``["env:prod", "user_id:u-1"]``): read
#: as an object, so ``tags.user_id`` is found by name like any other key.
_TAG_LISTS = frozenset({"tags", "ddtags"})
#: A space after the colon is not part of the value (LiteLLM's ``User-Agent: OpenAI/Python 1.99.9``).
_TAG = re.compile(r"^([A-Za-z_][\w.\-]*):[ \t]*(.*)$", re.S)


def _tags(key: str, value: Any) -> Any:
    """A list of ``key:value`` tags under a tags key as an object (the first value of a repeated key); anything
    else as it is."""
    if not isinstance(value, list) or not value or norm(key) not in _TAG_LISTS:
        return value
    pairs = [_TAG.match(v) if isinstance(v, str) else None for v in value]
    if not all(pairs):
        return value
    out: dict[str, str] = {}
    for m in pairs:
        assert m is not None
        out.setdefault(m.group(1), m.group(2))
    return out


def walk(obj: Any, path: Path_ = (), depth: int = 0) -> Iterator[tuple[Path_, Any]]:
    """Every (key path, value) in ``obj``, parents before children, shallower keys of one object first; JSON
    text that holds an object or list is walked as what it holds, and a list of tags as an object (``_tags``).
    Other lists are not entered (a path is keys)."""
    if not isinstance(obj, _MAPPING) or depth > MAX_DEPTH:
        return
    nested = []
    for key, value in obj.items():
        value = _tags(key, _decoded(value))
        yield (*path, str(key)), value
        if isinstance(value, _MAPPING):
            nested.append(((*path, str(key)), value))
    for p, value in nested:
        yield from walk(value, p, depth + 1)


def get(obj: Any, path: Path_) -> Any:
    for key in path:
        obj = _decoded(obj)
        if not isinstance(obj, _MAPPING):
            return None
        obj = _tags(key, obj.get(key))
    return _decoded(obj)


def where(path: Path_) -> str:
    return ".".join(path) if path else "(the object)"


@lru_cache(maxsize=65536)
def _name_of(path: Path_, keys: tuple[str, ...]) -> str | None:
    """The name in ``keys`` the path's last key spells, or, for a generic last key (``id``, ``name``), the
    last two together (``user.id`` is ``userid``, ``consumer.username`` is ``consumerusername``)."""
    last = norm(path[-1])
    if len(path) >= 2 and last in _GENERIC_LAST:
        both = norm(path[-2]) + last
        if both in keys:
            return both
        return last if last in keys and norm(path[-2]) in _PLAIN_PARENTS else None
    if last in keys:
        return last
    both = norm(path[-2]) + last if len(path) >= 2 else ""
    return both if both in keys else None  # a name only with its parent: Langfuse ``usage.input``


#: Fields never found by a name's ending (``response_time`` is a duration; times have their own fallback).
_NO_SUFFIX = frozenset({"ts_start", "ts_end", "account_created_at"})
#: The shortest name a longer key may end with and still be read as it (``request_user_id`` as ``user_id``,
#: ``genai_model_name`` as ``model_name``; ``ip`` or ``ts`` alone are too short to say anything).
MIN_SUFFIX = 4


@lru_cache(maxsize=65536)
def _suffix_of(path: Path_, keys: tuple[str, ...]) -> str | None:
    """The longest name in ``keys`` (at least ``MIN_SUFFIX`` letters) that the path's last key ends with, for a
    key a product prefixed with its own word (``helicone_user``, ``upstream_status``); a generic last key
    (``id``, ``name``) is read only with its parent (:func:`_name_of`)."""
    last = norm(path[-1])
    if last in _GENERIC_LAST:
        return None
    ends = [k for k in keys if len(k) >= MIN_SUFFIX and last != k and last.endswith(k)]
    if not ends:  # a short name only as the key's last word (``auth_org``, ``authOrg``; never ``cyborg``)
        word = _WORDS.split(path[-1])[-1].lower()
        ends = [word] if word in _SHORT_WORDS and word in keys and last != word else []
    return max(ends, key=len) if ends else None


#: Names shorter than ``MIN_SUFFIX`` read as a longer key's last word: an ingress's ``auth_org`` (the organisation
#: its auth hook found for the key). Not ``ip`` (``upstream_ip`` is the server's) nor ``ts``.
_SHORT_WORDS = frozenset({"org"})
#: Where a key's words part: separators, and a capital after a small letter or a digit.
_WORDS = re.compile(r"[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])")


def _time_like(key: str) -> bool:
    """A key named like a time (``logging_time``, ``insertTimestamp``, ``loggedAt``, ``event_date``)."""
    return norm(key).endswith(("time", "timestamp", "date")) or key.endswith(("_at", "At"))


def _is_turns(value: Any) -> bool:
    """A conversation: a list of turns with a ``role``, not only the assistant's (that is an answer)."""
    return (isinstance(value, list) and bool(value) and all(isinstance(m, Mapping) and "role" in m for m in value)
            and not _is_answer_turns(value))


def _is_contents(value: Any) -> bool:
    """Gemini ``contents``: a list of turns, each with its ``parts`` (the ``role`` is optional; a turn without
    one is the user's)."""
    return (isinstance(value, list) and bool(value)
            and all(isinstance(m, Mapping) and isinstance(m.get("parts"), list) for m in value))


def _is_answer_turns(value: Any) -> bool:
    """An answer logged as a list of assistant turns (Azure API Management's ``ResponseMessages``)."""
    return (isinstance(value, list) and bool(value)
            and all(isinstance(m, Mapping) and m.get("role") == "assistant" for m in value))


@lru_cache(maxsize=65536)
def snake(key: str) -> str:
    """``Prompt``, ``max-tokens``, ``Max Tokens`` and ``maxTokens`` as ``prompt``/``max_tokens``."""
    key = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", key.strip())
    return re.sub(r"[\s\-]+", "_", key).lower()


def aliased(obj: Mapping[str, Any]) -> dict[str, Any]:
    """``obj`` with each key also under its snake_case spelling (when that key is not there already), so a body
    exported with ``Prompt`` or ``maxTokens`` columns reads as a request body."""
    out = dict(obj)
    for key, value in obj.items():
        out.setdefault(snake(str(key)), value)
    return out


def _is_body(value: Any) -> bool:
    """A chat request body: turns under ``messages``/``input``, or an ``input``/``prompt`` text beside a model."""
    if not isinstance(value, Mapping):
        return False
    value = aliased(value)
    if any(_is_turns(_decoded(value.get(k))) for k in ("messages", "input")):
        return True
    contents = _decoded(value.get("contents"))
    if _is_turns(contents) or _is_contents(contents):
        return True
    return "model" in value and any(isinstance(value.get(k), str) for k in ("input", "prompt"))


def _is_response(value: Any) -> bool:
    if _is_answer_turns(value):
        return True
    if not isinstance(value, Mapping):
        return False
    if any(isinstance(value.get(k), list) for k in ("choices", "output", "candidates")):
        return True
    return value.get("role") == "assistant" and ("content" in value or "tool_calls" in value)


def _is_time(value: Any) -> bool:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return False
    try:
        F.timestamp(value, "t")
    except F.RowError:
        return False
    return True


def _scalar(value: Any) -> bool:
    return isinstance(value, str | int) and not isinstance(value, bool) and value != ""


_ERROR_NAMES = frozenset(NAMES["error"])
#: Error values that say there was none.
_NO_ERROR = frozenset({"", "0", "none", "null", "ok", "success", "false"})


def _is_failure(value: Any) -> bool:
    """Whether a logged error value names a failure (an error code, a message or an error object)."""
    if value is None or isinstance(value, bool) or value == 0:
        return False
    if isinstance(value, str):
        return value.strip().lower() not in _NO_ERROR
    return not isinstance(value, Mapping | list) or bool(value)


@dataclass(frozen=True, slots=True)
class Plan:
    """The key path chosen for each Exchange field in one file (absent: not in this log)."""

    paths: dict[str, Path_]
    #: the caller field passed over as the log's owner (one value in every sampled object while a later field
    #: varies), with that value: (field, value); None when none was
    owner: tuple[str, str] | None = None
    #: the field read as the caller (one of ``CALLER_FIELDS``, or ``client_ip``); None when none was
    caller_field: str | None = None

    def describe(self) -> dict[str, str]:
        return {k: where(v) for k, v in self.paths.items()}


def _bodies(obj: Mapping[str, Any], items: list[tuple[Path_, Any]] | None = None) -> dict[str, Path_]:
    """Where one object holds a request body, a response and a list of turns, found by shape."""
    found: dict[str, Path_] = {}
    if _is_body(obj):
        found["body"] = ()
    for p, value in items if items is not None else walk(obj):
        if "body" not in found and _is_body(value):
            found["body"] = p
        if "response" not in found and _is_response(value) and p != found.get("body"):
            found["response"] = p
        if "turns" not in found and norm(p[-1]) not in _ROLE_KEYS and _is_turns(value):
            found["turns"] = p
    return found


def _signup(p: Path_) -> bool:
    """An account's creation time (``consumer.created_at``), which is not the request's."""
    return _name_of(p, NAMES["account_created_at"]) is not None


def _outside(obj: Mapping[str, Any]) -> tuple[dict[str, Path_], list[tuple[Path_, Any]]]:
    """One object's request and response bodies (:func:`_bodies`), and its keys outside them: the keys inside the
    bodies are most of an object's keys and none of them is a field here (set aside once, not once per field),
    except the caller metadata a request body carries (``user``, ``metadata.user_id``, Vertex ``labels``)."""
    items = list(walk(obj))
    found = _bodies(obj, items)
    bodies = [found[k] for k in ("body", "response") if found.get(k)]

    def inside(p: Path_) -> bool:
        return any(p[:len(q)] == q and len(p) > len(q) and norm(p[len(q)]) not in _BODY_CALLER_KEYS
                   for q in bodies)

    return found, [(p, value) for p, value in items if not inside(p)]


def _candidates(obj: Mapping[str, Any], split: tuple[dict[str, Path_], list[tuple[Path_, Any]]] | None = None
                ) -> dict[str, Path_]:
    """The path each field would be read from in one object (``split``: its :func:`_outside`, when known)."""
    found, outside = split if split is not None else _outside(obj)
    found = dict(found)
    for name in NAMES:
        mine: tuple[Path_, ...] = ()
        if name == "end_user" and "account_id" in found:
            # a key read as the account is not also its end user (LiteLLM's ``user_api_key_user_id`` ends like
            # one), nor is the same name elsewhere in the record (a Langfuse trace's tag of it, joined to its call)
            account = _spelled(found["account_id"])
            mine = tuple(p for p, _ in outside if _spelled(p) == account)
        if name == "end_user":
            # the record naming the call's file is its owner's (a batch's creator), never an end user of the call
            mine = (*mine, *(p for p, _ in outside if p[:1] == (C.NAMED_FIELD,)))
        path = _best_path(name, outside, exclude=mine)
        if path is not None:
            found[name] = path
    if "ts_start" not in found:  # no time under a known name: the shallowest key that looks like one and reads
        stamps = [p for p, value in outside if _time_like(p[-1]) and norm(p[-1]) not in NAMES["ts_end"]
                  and not _signup(p) and _is_time(value)]
        if stamps:
            found["ts_start"] = min(stamps, key=len)
    if "ts_start" not in found and "response" in found:  # a log with no time of its own: the answer's
        response = get(obj, found["response"])
        stamp = next((k for k in ("created", "created_at") if isinstance(response, Mapping)
                      and _is_time(response.get(k))), None)
        if stamp is not None:
            found["ts_start"] = (*found["response"], stamp)
    kind = next((p for p, value in outside if _scalar(value) and (
        norm(p[-1]) in _KIND_NAMES or (norm(p[-1]) == "type" and len(p) >= 2 and norm(p[-2]) in _KIND_PARENTS))),
        None)
    if kind is None and isinstance(top := obj.get("type"), str) and top.strip().lower() in TRACE_KINDS:
        kind = ("type",)  # only where the record names no kind of its own: Datadog's spans are all "span"
    if kind is not None:
        found["span_kind"] = kind
    return found


def _spelled(path: Path_) -> str:
    """The name a path spells: its last key, or a generic last key (``id``) with its parent (``consumer.id``)."""
    last = norm(path[-1])
    return norm(path[-2]) + last if len(path) >= 2 and last in _GENERIC_LAST else last


def _best_path(name: str, outside: list[tuple[Path_, Any]], exclude: tuple[Path_, ...] = ()) -> Path_ | None:
    """The path one object's field ``name`` is read from, among its keys ``outside`` the bodies (but those in
    ``exclude``): a name spelled out beats one a longer key ends with, then the order of names, then depth."""
    keys = NAMES[name]
    best: tuple[int, int, int, Path_] | None = None
    for p, value in outside:
        if p in exclude:
            continue
        key = _name_of(p, keys)
        suffix = key is None and name not in _NO_SUFFIX
        if suffix:
            key = _suffix_of(p, keys)
        if key is None or (name == "ts_start" and _signup(p)):
            continue
        if name in ("ts_start", "ts_end", "account_created_at"):
            ok = _is_time(value)
        elif name == "latency_ms" or name.endswith("_tokens"):
            ok = (isinstance(value, int | float) and not isinstance(value, bool)) or (
                isinstance(value, F.UntypedText) and F.is_number_text(value))  # a CSV cell
        elif name in ("response_text", "reasoning_text"):
            ok = isinstance(value, str)
        elif name == "error":
            ok = _is_failure(value)
        else:  # an id, a model or a status; one a longer key ends with is one word (``prompt_last_user``
            # ends with ``user`` and holds a sentence)
            ok = _scalar(value) and not (suffix and name != "user_agent" and isinstance(value, str)
                                         and any(c.isspace() for c in value.strip()))
        if ok:
            rank = (int(suffix), keys.index(key), len(p), p)
            best = rank if best is None or rank[:3] < best[:3] else best
    return None if best is None else best[3]


#: Where a trace export says what a record is (``span_kind`` in Datadog LLM Observability, ``run_type`` in
#: LangSmith, ``span_attributes.type`` in Braintrust, an observation's type): a model call is one kind among
#: workflows, agents, chains and tools.
_KIND_NAMES = frozenset({"spankind", "runtype", "observationtype", "spantype"})
_KIND_PARENTS = frozenset({"spanattributes", "span", "observation"})
#: A record's own ``type`` at its top level is its kind only with one of these values: a Langfuse observation is a
#: ``GENERATION`` (a model call), a ``SPAN`` or an ``EVENT`` (and, lately, an agent's or a tool's step); elsewhere
#: a top-level ``type`` says other things (an Anthropic message, an error body).
TRACE_KINDS = frozenset({"generation", "span", "event", "agent", "tool", "chain", "retriever", "evaluator",
                         "embedding", "guardrail"})
#: Kinds that are not a call to a model: a trace's workflow, agent, chain or tool steps, which hold the calls
#: (read as exchanges they would count each call again, with the app's own input as its prompt). Read as
#: quarantined rows, each with its kind, so every row is still counted.
NOT_CALLS = frozenset({"workflow", "agent", "chain", "tool", "task", "retriever", "retrieval", "function", "span",
                       "event", "parser", "prompt", "guardrail", "evaluation", "evaluator", "eval", "score",
                       "embedding", "reranker", "rerank"})


#: Fields a field map (``--map FIELD=PATH``) may place: the conversation, the answer and every named field.
MAPPABLE = ("body", "turns", "prompt", "response", *NAMES)


def parse_field_map(field_map: Mapping[str, str]) -> dict[str, Path_]:
    """``{field: "a.b.c"}`` as key paths; an unknown field or an empty path is a ``ConfigError`` naming it."""
    out: dict[str, Path_] = {}
    for name, dotted in field_map.items():
        if name not in MAPPABLE:
            raise ConfigError(f"map.{name}", f"not a field the generic reader places; known: {', '.join(MAPPABLE)}")
        path = tuple(k for k in str(dotted).split(".") if k)
        if not path:
            raise ConfigError(f"map.{name}", "empty key path", value=dotted)
        out[name] = path
    return out


def discover(objects: list[Mapping[str, Any]], given: Mapping[str, Path_] | None = None) -> Plan:
    """The path most of ``objects`` agree on, per field, except where ``given`` places it; the caller chosen
    once for the whole file (``account_id`` when given)."""
    votes: dict[str, Counter[Path_]] = {}
    # each object's keys outside its bodies, found once: walking a record with its bodies is most of the cost
    splits = [_outside(obj) for obj in objects]
    for obj, split in zip(objects, splits, strict=True):
        for name, path in _candidates(obj, split).items():
            votes.setdefault(name, Counter())[path] += 1
    paths = {name: c.most_common(1)[0][0] for name, c in votes.items()}
    paths.update(given or {})
    _named_end_user([outside for _, outside in splits], paths, given or {})
    if _subscription_owner(paths, given or {}):
        # the end user's best path was the subscription's owner: the one the records name beside it, if any (a
        # header an application or a reseller sets for some of its calls: Azure's ``X-End-User-Id``)
        beside: Counter[Path_] = Counter()
        for _, outside in splits:
            q = _best_path("end_user", outside, exclude=(paths["org_id"],))
            if q is not None:
                beside[q] += 1
        if beside:
            paths["end_user"] = beside.most_common(1)[0][0]
    for name in UNIQUE & set(paths) - set(given or {}):
        values = [get(o, paths[name]) for o in objects]
        if len(set(map(str, values))) < len(values):
            del paths[name]  # not an id of the exchange: rows would be merged (the content hash is used instead)
    forced = next((f for f in CALLER_FIELDS if f in paths and f in (given or {})), None)
    caller, owner = (forced, None) if forced is not None else _caller(objects, paths)
    if caller is not None:
        paths["caller"] = paths[caller]
        if caller == "end_user":  # the user is the account here, not an end user besides it
            del paths["end_user"]
    return Plan(paths, owner, caller)


#: The end user's names that say "end user" outright (``end_user``, ``end-user``, ``endUserId``, ``end_user.id``).
_END_USER_NAMES = tuple(n for n in NAMES["end_user"] if n.startswith("enduser"))


def _named_end_user(outsides: list[list[tuple[Path_, Any]]], paths: dict[str, Path_], given: Mapping[str, Path_]
                    ) -> None:
    """Where some records name the end user outright (a custom property an application or a reseller sets on its
    users' calls: Helicone's ``properties.end-user``) and the vote chose a key that only ends like a user id (a
    ``request_user_id`` every record carries), the named key is the end user (``paths`` changed in place): the
    records without it have none there (then the request body's ``user``). Unless a field map placed it."""
    chosen = paths.get("end_user")
    if "end_user" in given or (chosen is not None and _name_of(chosen, _END_USER_NAMES) is not None):
        return
    named: Counter[Path_] = Counter()
    for outside in outsides:  # each object's keys outside its bodies (:func:`_outside`)
        for p, value in outside:
            if _name_of(p, _END_USER_NAMES) is not None and _scalar(value):
                named[p] += 1
    if named:
        paths["end_user"] = named.most_common(1)[0][0]


def _subscription_owner(paths: dict[str, Path_], given: Mapping[str, Path_]) -> bool:
    """Azure API Management names the subscription a call came on (``ApimSubscriptionId``) and, beside it, the
    developer-portal user that owns the subscription (``UserId``): the customer the subscription belongs to, its
    organisation, not an end user of the caller's application. Read so (``paths`` changed in place) unless the
    log names an organisation of its own or a field map placed either field. Returns whether it moved it."""
    key, user = paths.get("api_key_id"), paths.get("end_user")
    if (key is not None and user is not None and "org_id" not in paths and not {"end_user", "org_id"} & set(given)
            and norm(key[-1]) == "apimsubscriptionid" and norm(user[-1]) == "userid" and key[:-1] == user[:-1]):
        paths["org_id"] = paths.pop("end_user")
        return True
    return False


#: Sampled objects needed before a caller that never varies may be passed over for one that does.
OWNER_SAMPLE = 5
#: Sampled objects that all name one caller, and no other, for a file to be refused: the log's owner is not
#: its callers (read as one account, every verdict would be about the whole log).
ONE_CALLER = 20
#: Records read on, past the sample, before a file whose sample names one caller is refused: a later record that
#: names another shows a log clustered by caller (one customer's run of calls first), not its owner's.
OWNER_SCAN = 20_000


def _caller(objects: list[Mapping[str, Any]], paths: Mapping[str, Path_]
            ) -> tuple[str | None, tuple[str, str] | None]:
    """The field read as the account: the first of ``CALLER_FIELDS`` the log has, unless it holds one value
    over a sample of ``OWNER_SAMPLE`` objects or more while a later one holds several: that value is the log's
    owner (a cloud tenant, an AWS account that every principal in its invocation log shares), not a caller.
    A field filled in fewer than half the sampled objects comes after those filled in more (OpenRouter's
    ``app_id``, set only for calls made through a registered app, beside the ``external_user`` of every call;
    a ``tenant_id`` one trace of a LangSmith project carries in its metadata, beside every run's ``user_id``):
    read as the account, it would leave most calls without one.
    Without any, the client address (an access log that records no identity: each address one account).
    Returned with the field passed over as the owner and its value (else None), for :func:`_settled` to check
    past the sample."""
    present = [f for f in CALLER_FIELDS if f in paths]

    def filled(f: str) -> int:
        return sum(1 for o in objects if (v := get(o, paths[f])) is not None and v != "")

    if len(present) > 1 and objects:
        present.sort(key=lambda f: 2 * filled(f) < len(objects))  # stable: the order of CALLER_FIELDS otherwise
    if len(objects) >= OWNER_SAMPLE and len(present) > 1:
        def distinct(f: str) -> int:
            return len({str(v) for o in objects if (v := get(o, paths[f])) is not None and v != ""})
        counts = {f: distinct(f) for f in present}
        varying = [f for f in present if counts[f] > 1]
        # a field of the record naming the file (a batch's owner, ``correlate.NAMED_FIELD``) holds one value a
        # file by design: that file's owner is its caller, and calls that vary beside it are its end users'
        if counts[present[0]] == 1 and varying and paths[present[0]][:1] != (C.NAMED_FIELD,):
            value = next(str(v) for o in objects if (v := get(o, paths[present[0]])) is not None and v != "")
            return varying[0], (present[0], value)
    if present:
        return present[0], None
    return ("client_ip" if "client_ip" in paths else None), None


def _settled(path: Path, join: C.Join | None, index: Mapping[str, Mapping[str, Any]] | None,
             given: Mapping[str, Path_], sample: list[Mapping[str, Any]] | None = None) -> Plan:
    """The file's plan (:func:`discover` on its sample, read here unless given), with the caller settled past the
    sample: a field passed over as the log's owner because the sample names one value of it is the caller after all
    when one of the next ``OWNER_SCAN`` records names another (an export clustered by customer opens with one
    customer's run of calls, and its end users or keys vary within the run)."""
    sample = _sample(path, join, index) if sample is None else sample
    plan = discover(sample, given)
    if plan.owner is not None:
        field, value = plan.owner
        if _names_another_in(path, join, index, plan.paths[field], value):
            return discover(sample, {**given, field: plan.paths[field]})
    return plan


#: What a file's sample says, by (what, file, size, modification time, field map): the scan reads a file's sample
#: and settles its plan when it picks the file's reader (:meth:`GenericReader.refusal`), and again when it reads
#: the file; on a folder of small hourly files that was a third of the read.
_OF_FILE: dict[tuple[str, str, int, int, tuple[tuple[str, Path_], ...]], Any] = {}
_OF_FILE_KEPT = 8192


def _of_file(what: str, path: Path, given: Mapping[str, Path_], compute: Any) -> Any:
    st = path.stat()
    key = (what, str(path), st.st_size, st.st_mtime_ns, tuple(sorted(given.items())))
    if key not in _OF_FILE:
        if len(_OF_FILE) >= _OF_FILE_KEPT:
            _OF_FILE.clear()
        _OF_FILE[key] = compute()
    return _OF_FILE[key]


def _settled_alone(path: Path, given: Mapping[str, Path_]) -> Plan:
    """:func:`_settled` for a file no other file completes, computed once per version of the file."""
    plan: Plan = _of_file("plan", path, given, lambda: _settled(path, None, None, given))
    return plan


def _own_join_of(path: Path) -> C.Join | None:
    """:func:`own_join` of a file's sample, computed once per version of the file."""
    join: C.Join | None = _of_file("own_join", path, {}, lambda: own_join(C.sample_of(path, SAMPLE)))
    return join


def plausible(plan: Plan) -> bool:
    """Whether a plan reads exchanges: a time, a caller, and a conversation, an answer or a model."""
    p = plan.paths
    return "ts_start" in p and "caller" in p and bool({"body", "turns", "prompt", "response", "model"} & set(p))


#: What makes a record about a model call, for judging a file's format (``pipeline.detect_format``): a request
#: body or turns, a response object or a model, or a trace record's kind (a root span decides for its file, which
#: is then joined to its own records). A health check or an access-log line of another route has none of them,
#: and neither has a call whose body was cut short by the logger's size limit (its tokens and answer text alone do
#: not show how the file's calls read).
_CALL_FIELDS = frozenset({"body", "turns", "response", "model", "span_kind"})


def about_a_call(obj: Mapping[str, Any]) -> bool:
    """Whether one record is about a model call (see :data:`_CALL_FIELDS`), whoever made it. A record whose only
    sign is its own top-level ``type`` is one when that type is a generation: a Langfuse span or event (a guardrail's
    check, a user's click) holds no call and says nothing of how the file's calls read."""
    found = _candidates(obj)
    fields = _CALL_FIELDS & set(found)
    if fields == {"span_kind"} and found["span_kind"] == ("type",):
        return str(obj.get("type", "")).strip().lower() == "generation"
    return bool(fields)


def talks(obj: Mapping[str, Any]) -> bool:
    """Whether a record carries a conversation (a request body or a list of turns)."""
    return _is_body(obj) or any(_is_body(v) or (_is_turns(v) and norm(p[-1]) not in _ROLE_KEYS)
                                for p, v in walk(obj))


def own_join(sample: list[Mapping[str, Any]]) -> C.Join | None:
    """The key that ties the rows of one call in a file (``correlate.GROUP_KEYS``, in order): some sampled
    value held by two rows or more, no such value held by two rows that each carry a conversation (retries),
    and at least half of them by exactly one (a request line and its response line; a log without
    conversations, whose shared ids say nothing of which rows make one call, is not grouped; a call whose
    conversation is cut into chunks over its rows has none that reads alone); else None."""
    paths: dict[Path_, str] = {}
    for obj in sample:
        for p, value in walk(obj):
            name = _name_of(p, C.GROUP_KEYS)
            if name is not None and _scalar(value) and p not in paths:
                paths[p] = name
    for p in sorted(paths, key=lambda q: (C.GROUP_KEYS.index(paths[q]), len(q))):
        rows: dict[str, list[bool]] = {}
        for obj in sample:
            value = get(obj, p)
            if _scalar(value):
                rows.setdefault(str(value), []).append(talks(obj))
        shared = [r for r in rows.values() if len(r) > 1]
        if shared and all(sum(r) <= 1 for r in shared) and 2 * sum(sum(r) == 1 for r in shared) >= len(shared):
            return C.Join(p, group=True)
    return None


def joined(path: Path, join: C.Join | None, index: Mapping[str, Mapping[str, Any]] | None = None
           ) -> Iterator[Element]:
    """The elements of ``path`` as calls: rows of one call merged and each call's context record joined, as
    ``join`` says (``index``: the context file's records by key, read when not given)."""
    elements: Iterator[Element] = elements_of(path)
    if join is None:
        return elements
    if join.group:
        elements = C.grouped(elements, join.key, talks)
    if join.context is not None and join.context_key is not None:
        index = index if index is not None else C.join_index(join)
        elements = C.with_context(elements, join.key, index)
    for then in join.then:
        elements = C.with_context(elements, then.key, C.join_index(then))
    record = C.named_record(join, path) if join.named_by is not None else None
    if record is not None:
        elements = C.with_record(elements, record)
    return elements


def _rows(path: Path, join: C.Join | None = None, index: Mapping[str, Mapping[str, Any]] | None = None
          ) -> Iterator[Element]:
    """A file's records, each with its context but not merged with the other rows of its call."""
    if join is not None:
        join = replace(join, group=False)
    return joined(path, join, index)


def _sample(path: Path, join: C.Join | None = None, index: Mapping[str, Mapping[str, Any]] | None = None,
            *, rows: bool = False) -> list[Mapping[str, Any]]:
    """The objects a file's paths are chosen on: its first ``SAMPLE`` readable calls (``rows``: its first
    records, see :func:`_rows`). When none of them is about a call, the first ``SAMPLE`` that are among the next
    records (up to ``SAMPLE_READ_ON`` of them): a join that merges a call's rows holds each call back until its
    rows are in, and lets records without the key through at once, so a service's log opening with health checks
    had its paths chosen on health checks alone (the caller became their client address)."""
    values = C.first_values(_rows(path, join, index) if rows else joined(path, join, index), SAMPLE)
    if rows or any(about_a_call(v) for v in values):
        return values
    calls = [v for v in C.first_values(joined(path, join, index), SAMPLE_READ_ON) if about_a_call(v)]
    return calls[:SAMPLE] or values


def holds_calls(path: Path, options: Mapping[str, Any]) -> bool:
    """Whether a file's first objects have a time and a conversation, an answer or a model: calls a join could
    complete (a labels table or a manifest has none)."""
    found = discover(C.sample_of(path, SAMPLE), parse_field_map(options.get("field_map") or {})).paths
    return "ts_start" in found and bool({"body", "turns", "response", "model"} & set(found))


def plan_join(path: Path, pool: Mapping[Path, Sequence[Mapping[str, Any]]], options: Mapping[str, Any],
              named: tuple[Path, Path_] | None = None) -> C.Join | None:
    """How a file no reader reads alone (and that :func:`holds_calls`) makes calls: its rows of one call merged,
    and each call joined to the record of another file that holds its caller (``pool``: other files' first
    ``correlate.CONTEXT_SAMPLE`` objects; ``correlate.find_context``); None when no join gives a log with a
    time, a caller and a conversation, answer or model that is not one caller's. ``named``: the file and key
    path of a record that names this file (``Join.named_by``), merged into every call of every join tried."""
    given = parse_field_map(options.get("field_map") or {})
    own = own_join(C.sample_of(path, SAMPLE))
    if named is not None:
        # the naming record's times are its group's (a batch's submission); a call with a time of its own (its
        # answer's ``created``) keeps it
        timed = "ts_start" in discover(C.sample_of(path, SAMPLE), given).paths
        own = replace(own or C.Join(()), named_by=named[0], named_key=named[1], named_times=not timed)

    def reads(join: C.Join | None, index: Mapping[str, Mapping[str, Any]] | None = None) -> bool:
        sample = _sample(path, join, index)
        plan = _settled(path, join, index, given, sample)
        # A caller placed by a field map is in the plan whether or not the file has it: the file's own records
        # must name it somewhere, else it is in another table (``--map org_id=properties.userId`` on Azure's LLM
        # table, whose owner is in the gateway table) and the file is read through a join.
        return (plausible(plan) and any(get(o, plan.paths["caller"]) is not None for o in sample)
                and _one_caller(path, join, index, plan, given) is None)

    # A calls file without conversations of its own (an OpenAI Batch output file) takes them from its context
    # (the batch's input file), which is then kept whole in memory; otherwise only the context's ids and names.
    whole = not any(talks(o) for o in _sample(path, own))
    # A file named by a record reads with that record alone (its owner, its time), but without conversations it
    # is tried with the files named beside it first: the batch's input file holds its requests.
    later = named is not None and whole and bool(pool)
    if own is not None and not later and reads(own):
        return own
    for others, itself in ((pool, None), ({path: C.sample_of(path, C.CONTEXT_SAMPLE)}, path)):
        # another file first; else the file itself: a trace export (Braintrust) whose model-call spans name their
        # root span, and the root span the caller
        for _, key, other, other_key in C.find_context(_sample(path, own), others, itself,
                                                       min_length=1 if named is not None else C.MIN_ID_LENGTH):
            index = {str(get(o, other_key)): dict(o) if whole else C.context_fields(o)
                     for o in others[other] if get(o, other_key) is not None}
            join = C.Join(key, own is not None and own.group, other, other_key,
                          whole=whole and any(talks(o) for o in others[other]))
            if own is not None and own.named_by is not None:
                join = replace(join, named_by=own.named_by, named_key=own.named_key, named_times=own.named_times)
            if reads(join, index):
                return join
    return own if later and own is not None and reads(own) else None


def customer_join(path: Path, join: C.Join, options: Mapping[str, Any]) -> bool:
    """Whether ``path``'s calls, each merged with its record of ``join``'s context, read as exchanges (a time, a
    caller, and a conversation, an answer or a model) whose caller is a customer (:data:`CUSTOMER_FIELDS`) named in
    at least half of the sampled calls, and not one log owner's."""
    given = parse_field_map(options.get("field_map") or {})
    index = C.join_index(join)
    sample = _sample(path, join, index)
    plan = _settled(path, join, index, {**_own_caller(path, join), **given}, sample)
    if not plausible(plan) or plan.caller_field not in CUSTOMER_FIELDS:
        return False
    named = sum(1 for o in sample if get(o, plan.paths["caller"]) not in (None, ""))
    return 2 * named >= len(sample) and _one_caller(path, join, index, plan, given) is None


def _own_caller(path: Path, join: C.Join | None) -> dict[str, Path_]:
    """For a calls file joined to another table whose own records name a caller (an inference table's
    ``requester``), that caller, as a field map would place it: the other table's identities (a key id, a
    platform's account) then describe the call, and a call the other table has no record of keeps its caller.
    Not an end user: a service's own record names only the user its customer passed in the body (``user``),
    while the table joined to it (the front door's log) names the customer, whose end user that is."""
    if join is None or join.context is None:
        return {}
    sample = C.sample_of(path, SAMPLE)
    own = discover(sample)
    caller, field = own.paths.get("caller"), own.caller_field
    if field not in CUSTOMER_FIELDS or caller is None:
        return {}
    # one value in every record is the log's owner (Azure's TenantId on its LLM table), not a caller
    values = {str(v) for o in sample if (v := get(o, caller)) is not None}
    return {field: caller} if len(values) >= 2 else {}


def _one_caller(path: Path, join: C.Join | None, index: Mapping[str, Mapping[str, Any]] | None, plan: Plan,
                given: Mapping[str, Path_]) -> str | None:
    """Why a file is refused: its first ``SAMPLE`` records (see :func:`_rows`), ``ONE_CALLER`` or more, all name
    the same caller, and so do the next ``OWNER_SCAN`` (the log's owner, not its callers), unless a field map
    places the caller; else None."""
    caller = plan.paths.get("caller")
    if caller is None or {"caller", *CALLER_FIELDS} & set(given):
        return None
    if join is not None and join.named_by is not None:
        return None  # a file another record names (a batch's) is that record's owner's: one caller by design
    sample = _sample(path, join, index, rows=True)
    if len(sample) < ONE_CALLER:
        return None
    values = {str(get(o, caller)) for o in sample}
    if len(values) > 1 or _names_another_in(path, join, index, caller, next(iter(values))):
        return None
    if _sibling_names_another(path, caller, next(iter(values))):
        return None
    return (f"every one of the first {len(sample)} records names the same caller ({where(caller)} = "
            f"{next(iter(values))!r}): that is the log's owner (a cloud tenant or account), not who called; this "
            "log may keep its callers in another table (join it first, see docs/log-formats.md), or name the "
            f"caller's field with --map account_id=PATH (--map account_id={where(caller)} if it is one account's "
            "log)")


#: (file, its size and time, caller path, value) -> whether the file names another caller (:func:`_names_another_in`)
_NAMES_ANOTHER: dict[tuple[str, int, int, Path_, str], bool] = {}


def _names_another_in(path: Path, join: C.Join | None, index: Mapping[str, Mapping[str, Any]] | None,
                      caller: Path_, value: str) -> bool:
    """:func:`_names_another` over a file's records (see :func:`_rows`), from its start; remembered per file read
    alone, which is asked about when its format is judged and again when it is read."""
    if join is not None:
        return _names_another(_rows(path, join, index), caller, value)
    st = path.stat()
    key = (str(path), st.st_size, st.st_mtime_ns, caller, value)
    if key not in _NAMES_ANOTHER:
        _NAMES_ANOTHER[key] = _names_another(_rows(path), caller, value)
    return _NAMES_ANOTHER[key]


#: Other files of a file's folder looked at by :func:`_sibling_names_another`.
SIBLINGS = 16


def _sibling_names_another(path: Path, caller: Path_, value: str) -> bool:
    """Whether another log file of the same folder (up to ``SIBLINGS`` of them, in name order) names a caller other
    than ``value`` at the same path in its first readable records: a folder of per-customer files (each file one
    customer's calls, start to end) is a log whose callers vary by file, not one owner's."""
    return bool(_folder_callers(path.parent, Path(uncompressed_name(path)).suffix, caller) - {value})


#: (folder, its time, log suffix, caller path) -> callers named there (:func:`_folder_callers`)
_FOLDER_CALLERS: dict[tuple[str, int, str, Path_], frozenset[str]] = {}


def _folder_callers(folder: Path, suffix: str, caller: Path_) -> frozenset[str]:
    """The values at ``caller`` in the first readable records of the folder's first ``SIBLINGS`` + 1 log files
    with ``suffix`` (in name order), read once per folder: each of its files asks when it is refused."""
    try:
        key = (str(folder), folder.stat().st_mtime_ns, suffix, caller)
        if key not in _FOLDER_CALLERS:
            files = sorted(q for q in folder.iterdir() if q.is_file() and not q.name.startswith(".")
                           and Path(uncompressed_name(q)).suffix == suffix)
            _FOLDER_CALLERS[key] = frozenset(
                str(v) for f in files[:SIBLINGS + 1] for obj in C.first_values(elements_of(f), 5)
                if (v := get(obj, caller)) is not None and v != "")
    except OSError:
        return frozenset()
    return _FOLDER_CALLERS[key]


def _names_another(rows: Iterator[Element], caller: Path_, value: str) -> bool:
    """Whether one of the next ``OWNER_SCAN`` records of ``rows`` names a caller other than ``value`` (a record
    without one names nobody)."""
    try:
        for e in islice(rows, OWNER_SCAN):
            if e.error is None and isinstance(e.value, Mapping):
                other = get(e.value, caller)
                if other is not None and str(other) != value:
                    return True
    except READ_ERRORS:
        pass  # the reader reports where the file stops
    return False


@READERS.register
class GenericReader(JsonLinesReader):
    """JSON request logs of any shape, fields found by name (see the module docstring)."""

    name = "generic"
    fallback: ClassVar[bool] = True

    def __init__(self, *, field_map: Mapping[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        #: file -> the paths read for it, for the ingest report
        self.mappings: dict[str, dict[str, str]] = {}
        #: file -> how its records make calls, when the scan joined it to another file (``plan_join``)
        self.joins: dict[str, C.Join] = {}
        self._plan = Plan({})
        self._own_tried, self._own_found = Counter[str](), Counter[str]()
        self.field_map = parse_field_map(field_map or {})

    @classmethod
    def sniff(cls, path: Path, first: Mapping[str, Any] | None) -> bool:
        return first is not None and plausible(discover([first]))

    @classmethod
    def accepts(cls, path: Path, first: Mapping[str, Any] | None, options: Mapping[str, Any]) -> bool:
        """Named with ``--format generic`` (or given a field map), a file found in a folder is read when its first
        object has a time, a caller and a conversation, answer or model, the field map counted: a labels table
        or a manifest beside the logs is skipped, not read as exchanges."""
        if first is None:
            return False
        plan = discover([first], parse_field_map(options.get("field_map") or {}))
        return plausible(plan) and all(get(first, plan.paths[k]) is not None for k in ("ts_start", "caller"))

    @classmethod
    def refusal(cls, path: Path, options: Mapping[str, Any]) -> str | None:
        """A file whose first ``ONE_CALLER`` calls or more all name one caller, and no other (see the module
        docstring), unless a field map places the caller."""
        field_map = parse_field_map(options.get("field_map") or {})
        own = _own_join_of(path)
        plan = _settled_alone(path, field_map) if own is None else _settled(path, own, None, field_map)
        return _one_caller(path, own, None, plan, field_map)

    def read(self, path: Path) -> Iterator[Chunk]:
        join = self.joins.get(str(path)) or _own_join_of(path)
        index = None
        if join is not None and join.context is not None and join.context_key is not None:
            index = C.join_index(join)
        plan = (_settled_alone(path, self.field_map) if join is None
                else _settled(path, join, index, {**_own_caller(path, join), **self.field_map}))
        self.mappings[str(path)] = {**plan.describe(), **({"calls": join.describe()} if join else {})}
        why = _one_caller(path, join, index, plan, self.field_map)
        if why is not None:
            raise RefusedFile(why, file=str(path), field=where(plan.paths["caller"]))
        self._plan = plan
        self._own_tried, self._own_found = Counter[str](), Counter[str]()
        yield from self._read_elements(path, joined(path, join, index))

    def convert(self, obj: Mapping[str, Any], raw: bytes) -> dict[str, Any]:
        p = self._plan.paths
        here: dict[str, Path_] = {}  # this record's own paths, found once when first needed

        def value(name: str) -> tuple[Any, str]:
            path = p.get(name)
            if path is None:
                return None, name
            found = get(obj, path)
            tried = self._own_tried
            if found in (None, "") and name in OWN_PATHS and (tried[name] < OWN_TRIES or self._own_found[name]):
                # a record of another shape than the file's sample (a search export whose event was cut by the
                # store's size limit keeps no extracted fields, only its raw text; a day's index that switched from
                # raw lines to parsed fields): the field where this record names it, under the same name. Given up
                # for the file after ``OWN_TRIES`` records without a find (a field most records leave empty).
                tried[name] += 1
                field = self._plan.caller_field if name == "caller" else name
                if not here:
                    here.update(_candidates(obj))
                q = here.get(field) if field is not None else None
                if q is not None and q != path and (mine := get(obj, q)) not in (None, ""):
                    self._own_found[name] += 1
                    return mine, where(q)
            return found, where(path)

        kind, at_kind = value("span_kind")
        if isinstance(kind, str) and kind.strip().lower() in NOT_CALLS:
            raise F.RowError(at_kind, f"a {kind.strip().lower()} record of a trace, not a call to a model (its "
                                      "model calls are records of their own)")

        body = get(obj, p["body"]) if "body" in p else None
        response = get(obj, p["response"]) if "response" in p else None
        no_body = "body" in p and not isinstance(body, Mapping)
        no_answer = "response" in p and not _is_response(response) and not (  # a failed call's error body is its
            isinstance(response, Mapping) and "error" in response)  # answer, nothing to look for elsewhere
        if no_body or no_answer:  # a log that mixes shapes (Bedrock's InvokeModel and Converse records): this
            own = _bodies(obj)  # object's own body and answer where the file's paths hold none here
            body = get(obj, own["body"]) if no_body and "body" in own else body
            response = get(obj, own["response"]) if no_answer and "response" in own else response
        body = aliased(body) if isinstance(body, Mapping) else {}
        if body:
            msgs = request_messages(body, where(p["body"]))
        elif "turns" in p and get(obj, p["turns"]) not in (None, ""):  # "": this row has no turns
            msgs = F.messages(get(obj, p["turns"]), where(p["turns"]))
        elif "prompt" in p and get(obj, p["prompt"]) is not None:  # only by a field map: the prompt's text
            msgs = prompt_messages(get(obj, p["prompt"]), where(p["prompt"]))
        else:
            msgs = []  # no conversation logged: a content-free exchange

        raw_t, at = value("ts_start")
        if not (msgs or response or any(value(f)[0] not in (None, "") for f in (
                "model", "response_text", "prompt_tokens", "completion_tokens"))):
            # said first: a service's health probe beside its calls has a time and no caller, but is no call at all
            raise F.RowError(where(p["model"]) if "model" in p else "model", F.NOT_A_CALL)
        if raw_t is None:
            raise F.RowError(at, "required field is missing (the time of the request)")
        ts_start = F.timestamp(raw_t, at, self.time_range)
        end, at_end = value("ts_end")
        ts_end = F.opt_timestamp(end, at_end, self.time_range)
        latency = F.opt_float(*value("latency_ms"))
        if ts_end is None and latency is not None:
            if not 0 <= latency < MAX_LATENCY_MS:
                raise F.RowError(where(p["latency_ms"]),
                                 f"latency {latency!r} ms out of range [0, {MAX_LATENCY_MS:.0f})")
            ts_end = ts_start + dt.timedelta(milliseconds=latency)

        caller, at_caller = value("caller")
        account = self._identity(caller, at_caller, p.get("caller"))
        if not account:
            fields = ", ".join(dict.fromkeys(where(p[f]) for f in ("caller", *CALLER_FIELDS) if f in p))
            raise F.RowError(at_caller, f"required field is missing (the caller: {fields})")

        answer: dict[str, Any] = {}
        if isinstance(response, list) and _is_answer_turns(response):
            response = response[-1]  # the answer's last turn
        if isinstance(response, Mapping):
            if response.get("role") == "assistant" and not isinstance(response.get("content"), list):
                response = {"choices": [{"message": response}]}  # a bare assistant turn (an Anthropic message
                # has a list of content blocks and its own usage: read as it is)
            answer = response_fields(response, where(p["response"]))

        model = F.opt_str(body.get("model"), f"{where(p['body'])}.model") if body else None
        model = model or F.opt_str(*value("model"))
        if not model and isinstance(response, Mapping):
            model = F.opt_str(F.first(response, "model", "modelVersion"), f"{where(p['response'])}.model")
        if not model and "model" in p:  # this row leaves the file's model key empty: another it fills
            named = next((q for q, v in walk(obj) if _name_of(q, NAMES["model"]) and _scalar(v)), None)
            model = F.opt_str(get(obj, named), where(named)) if named is not None else None

        logged, at_text = value("response_text")
        if isinstance(logged, Mapping | list):
            # The answer's path holds text in some rows (a stream logged stitched) and the parsed body in others (an
            # error, a tool call, a whole completion): the body is the answer, read as one; never a bad row.
            if not answer and p.get("response") != p.get("response_text") and isinstance(logged, Mapping):
                answer = response_fields(logged, at_text)
            logged = None
        text = F.unredacted(F.opt_str(logged, at_text)) if answer.get("response_text") is None else None
        row: dict[str, Any] = {
            "exchange_id": F.opt_str(*value("exchange_id"))
            or (F.opt_str(response.get("id"), "response.id") if isinstance(response, Mapping) else None)
            or F.content_id(raw),
            "ts_start": ts_start, "ts_end": ts_end,
            "latency_ms": (ts_end - ts_start).total_seconds() * 1e3 if ts_end is not None else None,
            "account_id": account, "model": model or NO_MODEL, "messages": msgs,
            "max_tokens": request_max_tokens(body, where(p.get("body", ()))),
            "top_logprobs": request_top_logprobs(body, where(p.get("body", ()))),
            "response_text": text if text is not None else answer.get("response_text"),
            "reasoning_text": answer.get("reasoning_text") or F.unredacted(F.opt_str(*value("reasoning_text"))),
        }
        for name in ("api_key_id", "org_id", "end_user"):
            v, at_v = value(name)
            row[name] = self._identity(v, at_v, p.get(name))
        ip = F.opt_str(*value("client_ip"))
        row["client_ip"] = (ip.split(",")[0].strip() or None) if ip else None  # X-Forwarded-For: the client first
        row["user_agent"] = F.opt_str(*value("user_agent"))
        row["account_tier"] = F.opt_str(*value("account_tier"))
        row["access_path"] = F.opt_str(*value("access_path"))
        payment = F.opt_str(*value("payment_fingerprint"))
        row["payment_fingerprint"] = hash_identifier(payment) if payment else None
        asn, at_asn = value("asn")
        if isinstance(asn, str):  # "15169", "AS15169", "AS15169 GOOGLE" (a geo database's name after the number)
            m = _ASN.match(asn)
            asn = int(m.group(1)) if m else None
        row["asn"] = F.opt_int(asn, at_asn, "int32")
        row["account_created_at"] = F.opt_timestamp(*value("account_created_at"), self.time_range)
        for name in ("prompt_tokens", "completion_tokens", "reasoning_tokens"):
            row[name] = answer.get(name) if answer.get(name) is not None else F.opt_int(*value(name))
        logged = status_value(*value("status"))
        # Errors are rare: the file's sample may hold none, so a top-level error key is looked for in every row.
        failed = _is_failure(value("error")[0]) if "error" in p else any(
            _is_failure(v) for k, v in obj.items() if norm(k) in _ERROR_NAMES)
        row["status"], row["http_status"] = logged or (
            (Status.ERROR.value if failed else Status.OK.value if answer else None), None)
        if body and body.get("user") is not None and row["end_user"] is None:
            row["end_user"] = F.opt_str(body.get("user"), f"{where(p['body'])}.user")
        if not (model or msgs or answer or row["response_text"] or row["prompt_tokens"] or row["completion_tokens"]):
            # a load balancer's health check or a service's own status line beside its calls: nothing of a model
            raise F.RowError(where(p["model"]) if "model" in p else "model", F.NOT_A_CALL)
        return row

    @staticmethod
    def _identity(value: Any, at: str, path: Path_ | None) -> str | None:
        """An account, key, user or org id as text (a numeric id too); a secret's value hashed."""
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        text = F.opt_str(value, at)
        if text and text.strip().lower() in REDACTED_IDS:
            return None  # a redacted value is not an identity (every row would share it)
        if text and path and norm(path[-1]) in SECRET_NAMES:
            return "hashed:" + hash_identifier(text.removeprefix("Bearer ").strip())
        return text


