"""Other exact reading-mode tests on 5%-marked students: do any of them find what the top-1 test misses?

Behind docs/lab-results.md ("Run 6", radioactivity at 5%, "Other exact tests"). The teacher answers
the lab's 2,000 campaign prompts twice, unmarked and with a fresh provider-wide key (h 3, delta 4,
gamma 0.25). For each ``--seeds`` value a student (the lab's full-size config, that training seed)
trains on the seed set plus the harvest with ``--share`` of it marked (the others unmarked), and is fed
only its own marked texts, as the provider would. At each context's first occurrence in a text where
the student has a real choice (top-1 below 0.95), four statistics, each with 300 control keys:

* ``top1``: the lab's test, each (context, top-1 token) pair once, exact binomial;
* ``weighted``: the same pairs, each weighted by how many texts gave it (the sum of weighted Bernoulli
  draws under the null has an exact distribution, computed by convolution);
* ``ratio``: the token the student raised most over the teacher's own unmarked probability there
  (among its top 16 with probability >= 0.02), each (context, token) pair once, exact binomial;
* ``rare``: ``top1`` and ``ratio`` on contexts seen at most 20 / 100 times in the teacher's unmarked
  answers (where a diluted student has fewer unmarked examples to outweigh the marked ones).

None of the selections or weights depends on the key, so every test stays exact.

    python bench/lab_radioactivity_variants.py --seeds 2,3,4 --share 0.05
"""

from __future__ import annotations

import argparse
import dataclasses
import json
from collections import Counter
from typing import Any

import numpy as np
import torch


def weighted_tail(weights: list[int], observed: int, gamma: float = 0.25) -> float:
    """P(sum w_i G_i >= observed) for independent G_i ~ Bernoulli(gamma) and integer weights w_i."""
    dist = np.zeros(sum(weights) + 1)
    dist[0] = 1.0
    for w in weights:
        nxt = dist * (1 - gamma)
        nxt[w:] += dist[: len(dist) - w] * gamma
        dist = nxt
    return float(dist[observed:].sum())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", default="2,3,4")
    parser.add_argument("--share", type=float, default=0.05)
    parser.add_argument("--controls", type=int, default=300)
    args = parser.parse_args()
    torch.set_num_threads(1)

    from antidistill.lab.distill.experiment import LabConfig, _train
    from antidistill.lab.distill.radioactive import topm_distributions
    from antidistill.lab.distill.sequences import encode_completion, encode_prompt
    from antidistill.lab.distill.students import Exchange, seed_set
    from antidistill.lab.distill.task import TaskFamily
    from antidistill.lab.distill.teacher import load_or_train_teacher
    from antidistill.watermark.detect import Detector
    from antidistill.watermark.hashing import context_hashes, rotl, token_hash
    from antidistill.watermark.keys import GLOBAL_KEY_ID, KeyRing, generate_master_secret
    from antidistill.watermark.pvalues import binomial_tail
    from antidistill.watermark.spec import WatermarkSpec
    from lab import campaign_answers  # bench/lab.py

    h = 3
    cfg = LabConfig.full_size()
    task = TaskFamily(seed=0)
    teacher = load_or_train_teacher(task=task)
    tok = teacher.tok
    ring = KeyRing(master=generate_master_secret())
    spec = WatermarkSpec(gamma=0.25, delta=4.0, context_width=h, vocab_size=len(tok.vocab))
    det = Detector(spec=spec, keyring=ring)
    _, marked, plain = campaign_answers(task, teacher, ring, spec)

    def completion(ex: Exchange) -> tuple[list[int], int]:
        p = encode_prompt(tok, ex.prompt)
        return p + encode_completion(tok, ex.reasoning or None, ex.content), len(p)

    freq: Counter[int] = Counter()  # contexts in the teacher's own unmarked answers
    for ex in plain:
        s, n = completion(ex)
        freq.update(context_hashes(np.asarray(s[n - h:-1], dtype=np.int64), h).tolist())
    k1 = np.array([ring.key(k).k1 for k in [GLOBAL_KEY_ID, *(f"control:{t}" for t in range(args.controls))]],
                  dtype=np.uint64)[:, None]

    for seed in (int(s) for s in args.seeds.split(",")):
        pick = sorted(np.random.default_rng(seed).choice(2000, size=round(2000 * args.share), replace=False).tolist())
        chosen = set(pick)
        data = [*seed_set(task, 100), *[marked[i] if i in chosen else plain[i] for i in range(2000)]]
        c = dataclasses.replace(cfg, student_train=dataclasses.replace(cfg.student_train, seed=seed))
        res, model = _train(c, teacher, data, "reasoning", task.take("eval", 300))
        seqs = [completion(marked[i]) for i in pick]
        dists = topm_distributions(model, [s for s, _ in seqs], 16)
        teacher.model.eval()
        occ: list[tuple[int, np.ndarray, np.ndarray, np.ndarray, int]] = []  # context, ids, student p, teacher p, freq
        with torch.no_grad():
            for (s, n), (ids, pr) in zip(seqs, dists, strict=True):
                tp = torch.softmax(teacher.model(input_ids=torch.tensor([s])).logits[0, :-1].float(), -1).numpy()
                x = np.asarray(s[n - h:], dtype=np.int64)
                ctx = context_hashes(x[:-1], h)
                for j in np.sort(np.unique(ctx, return_index=True)[1]):
                    pos = n - 1 + j  # the prediction after the context ending at x[j + h - 1]
                    if pr[pos, 0] < 0.95:
                        occ.append((int(ctx[j]), ids[pos], pr[pos], tp[pos, ids[pos]], freq[int(ctx[j])]))

        def ratio_choice(o: tuple[int, np.ndarray, np.ndarray, np.ndarray, int]) -> int:
            lift = np.where(o[2] >= 0.02, np.log(o[2]) - np.log(np.maximum(o[3], 1e-9)), -np.inf)
            return int(o[1][int(np.argmax(lift))])

        out: dict[str, Any] = {"seed": seed, "share": args.share, "accuracy": round(100 * res.accuracy.value, 1),
                               "positions": len(occ)}
        for name, max_freq, choose in [("top1", None, None), ("ratio", None, ratio_choice),
                                       ("top1 rare20", 20, None), ("ratio rare20", 20, ratio_choice),
                                       ("top1 rare100", 100, None), ("ratio rare100", 100, ratio_choice)]:
            count: Counter[tuple[int, int]] = Counter()
            for o in occ:
                if max_freq is None or o[4] <= max_freq:
                    count[(o[0], choose(o) if choose else int(o[1][0]))] += 1
            pairs = np.array([cx ^ int(rotl(token_hash(np.array([t], dtype=np.int64)))[0]) for cx, t in count],
                             dtype=np.uint64)
            green = det.uniforms(pairs, k1) < 0.25  # (1 + controls, pairs)
            p = np.array([binomial_tail(int(g), len(pairs), 0.25) for g in green.sum(1)])
            w = list(count.values())
            gw = (green * np.asarray(w)).sum(1)
            pw = np.array([weighted_tail(w, int(g)) for g in gw])
            out[name] = {"pairs": len(pairs), "green": int(green[0].sum()), "p": float(p[0]),
                         "controls_p_ge_0.01": float(np.mean(p[1:] >= 0.01)),
                         "weighted_p": float(pw[0]), "weighted_controls_p_ge_0.01": float(np.mean(pw[1:] >= 0.01))}
        print(json.dumps(out), flush=True)


if __name__ == "__main__":
    main()
