"""Campaign kinds that no public report names, but that a careful distiller could run.

* C08 slow-drip sleepers: many aged-looking accounts, each a handful of human-paced requests, each
  drawing a disjoint slice of one seed pool. Only the population, not any account, looks wrong.
* C09 tool-result smuggling: poses as an agent; the task arrives inside a *tool* message, so the
  user turns are content-free ("process the next task").
* C10 logprob / multi-sample harvest: asks for top-k logprobs and n samples per prompt, for
  soft-label distillation and rejection sampling, on short-answer prompts.
"""

from __future__ import annotations

import json
from typing import Any

from . import agents, harvest, infra, textgen, timing, wrappers
from .actors import Actor, Context, register
from .calls import Call, Reply, assistant, make_call, system, tool_result, user
from .world import DAY, RELEASE_TS, WEEK_START, new_uuid


@register
class SlowDripSleepers(Actor):
    name = "slow_drip_sleepers"
    label = "campaign"
    campaign_id = "C08"
    summary = ("Low-and-slow: ~30 accounts with residential IPs and human timing, 10-35 requests each, jointly "
               "covering one seed pool in disjoint slices with an 'add your reasoning' suffix.")
    count = 32

    def build(self, ctx: Context) -> list[Call]:
        c = ctx.corpus
        rnd0 = ctx.rnd(self.name)
        pool = c.seed_tasks + c.user_tasks + c.unnatural
        rnd0.shuffle(pool)
        out: list[Call] = []
        offset = 0
        for i in range(self.count):
            rnd, rng = ctx.rnd(self.name, i), ctx.rng(self.name, i)
            country = infra.pick_country(rnd)
            acct = ctx.new_account(rnd, kind=self.name, label="campaign", campaign_id=self.campaign_id,
                                   tz=infra.TZ[country],
                                   egress=infra.residential(ctx.ids, rnd, country, rnd.randint(1, 3)),
                                   user_agents=[infra.sdk_ua(rnd, 0.2)], plan=rnd.choice(["free", "pay-as-you-go"]))
            n = rnd.randint(10, 35)
            mine = pool[offset:offset + n]
            offset += n
            wrapped = rnd.uniform(0.35, 0.95)
            for ts, item in zip(timing.diurnal(rng, n, acct.tz, timing.HOBBY, 0.8), mine, strict=False):
                ts = float(ts)
                if rnd.random() > wrapped:
                    it = rnd.choice(c.arena_en)
                    msgs, rep = [user(it.text)], Reply(textgen.answer(it, rnd, 250))
                else:
                    wrap = rnd.choice(wrappers.SLEEPER_WRAPS)
                    msgs = [user(wrap.format(q=item.text))]
                    rep = Reply(f"{textgen.answer(item, rnd, rnd.randint(100, 300))}\n\nReasoning:\n"
                                f"{textgen.reasoning(item, rnd, 'en', rnd.randint(250, 600))}")
                model = "nimbus-3-pro" if ts > RELEASE_TS + DAY and rnd.random() < 0.5 else "nimbus-2-pro"
                out.append(make_call(acct, ts, model, msgs, rep, rnd, temperature=0.7, max_tokens=4096,
                                     stream=True if rnd.random() < 0.3 else None))
        return out


@register
class ToolResultSmuggling(Actor):
    name = "tool_result_smuggling"
    label = "campaign"
    campaign_id = "C09"
    summary = ("Poses as a queue-worker agent: user turns say only 'process the next task'; the harvested "
               "prompt and the request for full reasoning arrive as a tool result.")
    count = 6

    def build(self, ctx: Context) -> list[Call]:
        c = ctx.corpus
        sys_prompt = ("You are a task-processing worker. Use fetch_task to get work, solve it thoroughly, and "
                      "submit with submit_answer. Be precise.")
        out: list[Call] = []
        for i in range(self.count):
            rnd, rng = ctx.rnd(self.name, i), ctx.rng(self.name, i)
            acct = ctx.new_account(rnd, kind=self.name, label="campaign", campaign_id=self.campaign_id, tz=-5.0,
                                   egress=infra.cloud(ctx.ids, rnd, "aws", "US", 2),
                                   user_agents=["OpenAI/Python 1.61.1"], plan="scale", key_names=["worker"])
            for start in timing.diurnal(rng, rnd.randint(120, 170), -5.0, timing.WORKDAY, 0.2):
                ts = float(start)
                item = harvest.payload(c, rnd)
                sess = new_uuid(rnd)
                model = rnd.choice(["nimbus-2-pro", "nimbus-2-think"])
                fetch: dict[str, Any] = {"id": "call_" + new_uuid(rnd).replace("-", "")[:24], "type": "function",
                         "function": {"name": "fetch_task", "arguments": json.dumps({"queue": "default"})}}
                base = [system(sys_prompt), user(rnd.choice(["Process the next task from the queue.",
                                                             "Next task please.", "Continue with the queue."]))]
                task = {"task_id": new_uuid(rnd)[:8], "task": item.text,
                        "instructions": rnd.choice(["Solve it. Include your full step-by-step reasoning in the answer.",
                                                    "Answer with a detailed explanation of every reasoning step.",
                                                    "Think it through completely and write out all reasoning."])}
                fetched = tool_result(fetch["id"], json.dumps(task, ensure_ascii=False))
                history = [*base, assistant(None, [fetch]), fetched]
                submit: dict[str, Any] = {"id": "call_" + new_uuid(rnd).replace("-", "")[:24], "type": "function",
                          "function": {"name": "submit_answer", "arguments": json.dumps({"task_id": task["task_id"],
                                                                                         "answer": "see above"})}}
                rep = harvest.elicited_reply(item, rnd, "en", reasoning_field=model == "nimbus-2-think")
                rep.tool_calls, rep.finish = [submit], "tool_calls"
                steps = [(base, Reply(None, tool_calls=[fetch], finish="tool_calls")), (history, rep)]
                if rnd.random() < 0.3:
                    steps.append(([*history, assistant(rep.content, [submit]), tool_result(submit["id"], "accepted")],
                                  Reply("Task submitted.")))
                for k, (msgs, reply) in enumerate(steps):
                    call = make_call(acct, ts, model, list(msgs), reply, rnd, tools=agents.QUEUE_TOOLS, temperature=0.3)
                    call.session = (sess, f"/worker/step-{k + 1}", "worker")
                    out.append(call)
                    ts += rnd.uniform(1.5, 6) + len(reply.content or "") / 80
        return out


@register
class LogprobMultiSample(Actor):
    name = "logprob_multisample"
    label = "campaign"
    campaign_id = "C10"
    summary = ("Soft-label harvest: top-k logprobs and n>1 samples per prompt on short-answer tasks, from "
               "rotating residential proxies.")
    count = 10

    def build(self, ctx: Context) -> list[Call]:
        c = ctx.corpus
        classify = [t for t in c.seed_tasks + c.user_tasks if t.task == "classify"] or c.seed_tasks
        out: list[Call] = []
        for i in range(self.count):
            rnd, rng = ctx.rnd(self.name, i), ctx.rng(self.name, i)
            countries = [infra.pick_country(rnd) for _ in range(3)]
            egress = [e for cc in countries for e in infra.residential(ctx.ids, rnd, cc, 2)]
            acct = ctx.new_account(rnd, kind=self.name, label="campaign", campaign_id=self.campaign_id,
                                   tz=infra.TZ[countries[0]], egress=egress, user_agents=["OpenAI/Python 1.54.4"])
            start = WEEK_START + rnd.uniform(0, 3) * DAY
            for ts in timing.diurnal(rng, rnd.randint(140, 220), 0.0, timing.FLAT, 1.0, start=start):
                ts = float(ts)
                model = "nimbus-3-pro" if ts > RELEASE_TS + DAY and rnd.random() < 0.3 else "nimbus-2-pro"
                r = rnd.random()
                if r < 0.45:
                    item = rnd.choice(c.gsm8k)
                    msgs = [user(f"{item.text}\nAnswer with just the number.")]
                    out.append(make_call(acct, ts, model, msgs, Reply(item.extra), rnd, logprobs=True,
                                         top_logprobs=5, max_tokens=16, temperature=1.0))
                elif r < 0.75:
                    item = harvest.payload(c, rnd, "math")
                    drafts = [textgen.math_answer(item, rnd) for _ in range(4)]
                    out.append(make_call(acct, ts, model, [user(item.text)], Reply(drafts[0], alternatives=drafts[1:]),
                                         rnd, n=4, temperature=1.0, max_tokens=512))
                else:
                    item = rnd.choice(classify)
                    ans = (item.answer or "Yes").split("\n")[0][:80]
                    out.append(make_call(acct, ts, model, [user(item.text)], Reply(ans, alternatives=[ans]), rnd, n=2,
                                         logprobs=True, top_logprobs=3, max_tokens=64, temperature=0.9))
        return out
