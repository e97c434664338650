"""Campaigns hidden behind other people's end users: inside an honest reseller, and behind a relay."""

from __future__ import annotations

from . import agents, harvest, infra, textgen, timing
from .actors import Actor, Context, register
from .benign_platforms import serve_end_users
from .calls import Call, GroundTruth, Reply, make_call
from .world import HOUR, RELEASE_TS, WEEK_END, WEEK_START


@register
class ResellerHiddenHarvest(Actor):
    name = "reseller_hidden_harvest"
    label = "campaign"
    campaign_id = "C06"
    summary = ("A few end users of the honest reseller R1 harvest chain of thought through it; the reseller "
               "account itself stays benign and only those end users are campaign.")
    end_users = 5

    def build(self, ctx: Context) -> list[Call]:
        acct, users = ctx.shared["reseller:R1"]
        truth = GroundTruth("campaign", "reseller_hidden_harvest", self.campaign_id)
        out: list[Call] = []
        for j in range(self.end_users):
            rnd, rng = ctx.rnd(self.name, j), ctx.rng(self.name, j)
            eu = ctx.ids.b36("u_", 8)
            users.append(eu)
            start = WEEK_START + rnd.uniform(0.2, 2.5) * 86400
            n = rnd.randint(110, 200)
            for ts in timing.diurnal(rng, n, rnd.choice([8.0, 3.0]), timing.FLAT + timing.HOBBY / 8, 1.0, start=start):
                ts = float(ts)
                item = harvest.payload(ctx.corpus, rnd, rnd.choice(["broad", "code", "math"]))
                msgs, _ = harvest.elicit_messages(item, rnd)
                model = "nimbus-3-pro" if ts > RELEASE_TS + 8 * HOUR and rnd.random() < 0.5 else "nimbus-2-think"
                rep = harvest.elicited_reply(item, rnd, "en", reasoning_field=True)
                out.append(make_call(acct, ts, model, msgs, rep, rnd, end_user=eu, end_user_truth=truth,
                                     max_tokens=8192, temperature=0.6))
        return out


@register
class AttackerRelay(Actor):
    name = "attacker_relay"
    label = "campaign"
    campaign_id = "C07"
    summary = ("Attacker-run relays: cheap resold access for ordinary end users mixed with harvest jobs that "
               "rotate to a fresh end-user id every few hours.")
    count = 2

    def build(self, ctx: Context) -> list[Call]:
        c = ctx.corpus
        out: list[Call] = []
        for i in range(self.count):
            rnd, rng = ctx.rnd(self.name, i), ctx.rng(self.name, i)
            acct = ctx.new_account(rnd, kind=self.name, label="campaign", campaign_id=self.campaign_id, tz=8.0,
                                   egress=infra.cloud(ctx.ids, rnd, rnd.choice(["vultr", "digitalocean"]), "SG", 3),
                                   user_agents=["Go-http-client/2.0"], end_user_via="body", n_keys=3,
                                   key_names=["relay-1", "relay-2", "relay-3", "default"], plan="scale")
            resold = [ctx.ids.hexid("rly_", 10) for _ in range(rnd.randint(200, 300))]
            out += serve_end_users(ctx, acct, rnd, rng, resold, rnd.randint(1100, 1500),
                                   GroundTruth("benign", "relay_resold_user"), tz_choices=(8.0, 8.0, 9.0, 7.0),
                                   models=("nimbus-2-flash", "nimbus-2-pro"), new_model_share=0.3, stream=True)
            truth = GroundTruth("campaign", "relay_harvest_user", self.campaign_id)
            t = WEEK_START + rnd.uniform(0, 6) * HOUR
            while t < WEEK_END - HOUR:
                eu = ctx.ids.hexid("rly_", 10)
                life = rnd.uniform(3, 8) * HOUR
                for ts in timing.uniform(rng, rnd.randint(35, 85), t, min(WEEK_END - 1, t + life)):
                    ts = float(ts)
                    item = harvest.payload(c, rnd)
                    model = "nimbus-3-pro" if ts > RELEASE_TS + 6 * HOUR and rnd.random() < 0.5 else \
                        rnd.choice(["nimbus-2-pro", "nimbus-2-think"])
                    if rnd.random() < 0.15 and item.task == "code":
                        out += agents.coding_session(acct, rnd, ts, item, model, steps=rnd.randint(2, 4),
                                                     end_user=eu, truth=truth, with_session=False)
                        continue
                    msgs, _ = harvest.elicit_messages(item, rnd)
                    rep = harvest.elicited_reply(item, rnd, "zh" if item.lang == "zh" else "en",
                                                 reasoning_field=model != "nimbus-2-pro")
                    out.append(make_call(acct, ts, model, msgs, rep, rnd, end_user=eu, end_user_truth=truth,
                                         max_tokens=8192, temperature=0.7))
                t += life + rnd.uniform(0.2, 3) * HOUR
            # relays also pass through a little of their own health checking
            for ts in timing.uniform(rng, 20):
                out.append(make_call(acct, float(ts), "nimbus-2-flash", [{"role": "user", "content": "ping"}],
                                     Reply(textgen.generic_answer("ping", rnd, 8)), rnd, max_tokens=5))
        return out
