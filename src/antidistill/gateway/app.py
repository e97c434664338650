"""ASGI apps: the public OpenAI-compatible API and the admin API (separate port by default)."""

from __future__ import annotations

import contextlib
import datetime as dt
import hmac
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from antidistill.errors import AntidistillError
from antidistill.gateway.guardrail import Guardrail
from antidistill.gateway.http_util import HTTPProblem, bearer, openai_error, read_json
from antidistill.gateway.proxy import Proxy
from antidistill.gateway.runtime import Gateway

Handler = Callable[[Request], Awaitable[Response]]


def build_public_app(gateway: Gateway, *, manage_lifecycle: bool = True) -> Starlette:
    """``/v1/chat/completions``, ``/v1/completions``, ``/v1/models``, ``/healthz``.

    With ``manage_lifecycle`` the app starts and stops the gateway in its lifespan.
    """
    proxy = Proxy(gateway)

    async def healthz(request: Request) -> Response:
        return JSONResponse({"status": "ok"})  # detector details are on the admin port only

    async def not_found(request: Request, exc: Exception) -> Response:
        return openai_error(404, f"Unknown endpoint {request.url.path}.", code="not_found")

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if manage_lifecycle:
            await gateway.start()
        try:
            yield
        finally:
            if manage_lifecycle:
                await gateway.stop()

    routes = [
        Route("/v1/chat/completions", proxy.chat, methods=["POST"]),
        Route("/v1/completions", proxy.completions, methods=["POST"]),
        Route("/v1/responses", proxy.responses, methods=["POST"]),
        Route("/v1/models", proxy.models, methods=["GET"]),
        Route("/healthz", healthz, methods=["GET"]),
    ]
    return Starlette(routes=routes, lifespan=lifespan, exception_handlers={404: not_found, 405: not_found})


def build_admin_app(gateway: Gateway) -> Starlette:
    """Admin API behind ``Authorization: Bearer <admin token>``; ``/metrics`` is open for scrapers."""
    guardrail = Guardrail(gateway)
    enforcer = gateway.enforcer

    def authed(handler: Handler) -> Handler:
        async def wrapper(request: Request) -> Response:
            token = bearer(request)
            if token is None or not hmac.compare_digest(token.encode(), gateway.admin_token.encode()):
                return openai_error(401, "Admin token required.", code="invalid_admin_token")
            try:
                return await handler(request)
            except HTTPProblem as p:
                return p.response()
            except AntidistillError as exc:
                return openai_error(400, str(exc), code="invalid_config")
        return wrapper

    async def body_of(request: Request) -> dict[str, Any]:
        return await read_json(request, gateway.config.max_body_bytes)

    async def account(request: Request) -> Response:
        account_id = request.path_params["account_id"]
        ev = gateway.state.evidence(account_id, gateway.clock())
        decisions = [d for d in enforcer.recent if d["account_id"] == account_id][-20:]
        keys = [{"key_id": a.key_id, "org_id": a.org_id, "tier": a.tier, "access_path": a.access_path,
                 "payment_fingerprint": a.payment_fingerprint, "created_at": a.created_at.isoformat(),
                 "revoked": a.revoked}
                for a in gateway.keys.accounts() if a.account_id == account_id]
        end_users = [{"end_user": e, "campaign_id": v.campaign_id, "score": v.score}
                     for (a, e), v in sorted(gateway.campaigns.end_users().items()) if a == account_id]
        return JSONResponse({"account_id": account_id, "features": ev.features, "campaign_id": ev.campaign_id,
                             "unavailable": sorted(ev.unavailable), "override": enforcer.overrides.lookup(account_id),
                             "end_user_verdicts": end_users, "keys": keys, "recent_decisions": decisions})

    async def decisions(request: Request) -> Response:
        try:
            limit = max(1, int(request.query_params.get("limit", "100")))
        except ValueError:
            raise HTTPProblem(400, "limit must be an integer") from None
        who = request.query_params.get("account")
        rows = [d for d in enforcer.recent if who is None or d["account_id"] == who]
        return JSONResponse({"decisions": rows[-limit:]})

    async def overrides(request: Request) -> Response:
        if request.method == "GET":
            return JSONResponse(enforcer.overrides.snapshot())
        body = await body_of(request)
        account_id, name = body.get("account_id"), body.get("list")
        if not isinstance(account_id, str) or name not in ("allow", "block"):
            raise HTTPProblem(400, "body must be {\"account_id\": str, \"list\": \"allow\"|\"block\"}")
        enforcer.overrides.set(account_id, name)
        return JSONResponse(enforcer.overrides.snapshot())

    async def appeal(request: Request) -> Response:
        body = await body_of(request)
        account_id, end_user = body.get("account_id"), body.get("end_user")
        if not isinstance(account_id, str) or not isinstance(end_user, str | None):
            raise HTTPProblem(400, "body must be {\"account_id\": str} or {\"account_id\": str, \"end_user\": str}")
        if end_user is not None:  # one end user of the account cleared; the account and its other users unchanged
            gateway.campaigns.remove_end_user(account_id, end_user)
            return JSONResponse({"account_id": account_id, "end_user": end_user, "cleared": True})
        enforcer.appeal(account_id)
        return JSONResponse({"account_id": account_id, "cleared": True})

    async def reload_policy(request: Request) -> Response:
        policy = gateway.reload_policy()
        return JSONResponse({"policy_version": policy.version, "rules": [r.name for r in policy.rules]})

    async def campaigns(request: Request) -> Response:
        if request.method == "GET":
            relays = [{"client": client, "campaign_id": w.campaign_id, "gap_s": w.gap_s,
                       "last_request": dt.datetime.fromtimestamp(w.last, dt.UTC).isoformat(), "newest_account": w.head}
                      for client, w in sorted(gateway.campaigns.handovers().items())]
            end_users = [{"account_id": a, "end_user": e, "campaign_id": v.campaign_id, "score": v.score}
                         for (a, e), v in sorted(gateway.campaigns.end_users().items())]
            return JSONResponse({"campaigns": gateway.campaigns.campaigns(), "end_users": end_users,
                                 "relays_followed": relays})
        updated = gateway.campaigns.update(await body_of(request))
        return JSONResponse({"accounts_updated": updated})

    async def health(request: Request) -> Response:
        return JSONResponse(gateway.health())

    async def litellm(request: Request) -> Response:
        return JSONResponse(guardrail.handle(await body_of(request)))

    async def metrics(request: Request) -> Response:
        gateway.metrics.tracked_accounts.set(gateway.state.tracked_accounts())
        gateway.metrics.events_written.set(gateway.events.lines_written)
        return Response(gateway.metrics.render(), media_type="text/plain; version=0.0.4")

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        try:
            yield
        finally:
            guardrail.flush()

    routes = [
        Route("/admin/accounts/{account_id}", authed(account), methods=["GET"]),
        Route("/admin/decisions", authed(decisions), methods=["GET"]),
        Route("/admin/overrides", authed(overrides), methods=["GET", "POST"]),
        Route("/admin/appeal", authed(appeal), methods=["POST"]),
        Route("/admin/policy/reload", authed(reload_policy), methods=["POST"]),
        Route("/admin/campaigns", authed(campaigns), methods=["GET", "POST"]),
        Route("/healthz", authed(health), methods=["GET"]),
        Route("/beta/litellm_basic_guardrail_api", authed(litellm), methods=["POST"]),
        Route("/metrics", metrics, methods=["GET"]),
    ]
    app = Starlette(routes=routes, lifespan=lifespan)
    app.state.guardrail = guardrail
    return app
