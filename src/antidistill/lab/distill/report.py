"""results.json and the plot of a lab run."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from antidistill.lab.distill.experiment import CURVE_FAMILIES, LabResult, mode_gain, replicate_seed
from antidistill.lab.distill.students import MODES, StudentResult


def _student(s: StudentResult) -> dict[str, Any]:
    return {"mode": s.mode, "examples": s.examples, "accuracy": s.accuracy.to_dict(),
            "train_seconds": round(s.train.seconds, 1), "final_loss": round(s.train.final_loss, 4)}


def result_dict(result: LabResult) -> dict[str, Any]:
    """The JSON-ready form of a lab result (accuracies as fractions with Wilson 95% bounds)."""
    return {
        "config": result.config.to_dict(),
        "target": result.target,
        "teacher": {"folder": result.teacher_folder, "accuracy": result.teacher_accuracy.to_dict()},
        "baselines": {m: _student(s) for m, s in result.baselines.items()},
        "variants": [{"defence": v.defence, "label": v.variant.label, "family": v.variant.family,
                      "options": v.variant.options, "honest_accuracy": v.honest.to_dict(), "harvest": v.harvest,
                      "students": {m: _student(s) for m, s in v.students.items()},
                      "replicates": [_student(r) for r in v.replicates],
                      "replicate_seeds": [replicate_seed(result.config, k) for k in range(1, len(v.replicates) + 1)],
                      "gain_points": {m: mode_gain(result, v, m) for m in v.students},
                      "gateway": v.variant.gateway.to_dict() if v.variant.gateway else None,
                      "honest_accuracy_before_campaign": v.honest_before.to_dict() if v.honest_before else None,
                      "scans": [r.to_dict() for r in v.scans],
                      "radioactivity": [r.to_dict() for r in v.radioactivity],
                      "seconds": round(v.seconds, 1)} for v in result.variants],
        "seconds": round(result.seconds, 1),
        "missing": result.missing,
    }


def _reasoning_accuracies(v: dict[str, Any]) -> list[dict[str, Any]]:
    """Accuracy dicts of a variant's reasoning students: the lab's own first, then its replicates (none: [])."""
    s = v["students"].get("reasoning")
    return [] if s is None else [s["accuracy"]] + [r["accuracy"] for r in v.get("replicates", [])]


def _curve_points(data: dict[str, Any], family: str) -> list[tuple[str, int, int, list[float]]]:
    """(label, honest correct, honest n, reasoning students' accuracies) of each point of a curve family."""
    out = []
    for v in data["variants"]:
        accs = _reasoning_accuracies(v)
        if v["family"] == family and accs:
            h = v["honest_accuracy"]
            out.append((v["label"], h["correct"], h["n"], [a["value"] for a in accs]))
    return out


def seed_spread(data: dict[str, Any]) -> tuple[float, int]:
    """Pooled within-point variance of the curve students' accuracy (fractions squared) and its degrees of freedom.

    Students of one point share their harvest and differ only in training seed, so this is the
    training-seed noise of one student; (0.0, 0) when no point has a replicate.
    """
    ss, dof = 0.0, 0
    for family in CURVE_FAMILIES:
        for *_, accs in _curve_points(data, family):
            if len(accs) > 1:
                mean = sum(accs) / len(accs)
                ss += sum((a - mean) ** 2 for a in accs)
                dof += len(accs) - 1
    return (ss / dof if dof else 0.0), dof


def equal_accuracy(data: dict[str, Any], *, n_boot: int = 4000, seed: int = 0) -> list[dict[str, Any]]:
    """Each antidistillation point against the temperature curve at the same honest teacher accuracy.

    Each point's student accuracy is the mean of its reasoning students (one per training seed:
    ``DefenceSettings.curve_students``). The temperature family's (honest accuracy, mean student
    accuracy) points are joined by straight lines and read at each antidistillation point's honest
    accuracy; ``diff`` is the antidistillation mean minus that reading, in points (negative:
    antidistillation traces taught less). The 95% interval is a parametric bootstrap: honest
    accuracies are redrawn from their binomials, and each point's mean student from a normal with
    the pooled training-seed variance (:func:`seed_spread`, itself redrawn from its scaled inverse
    chi-square) over its number of students, so it covers the student's training seed
    (``interval``: "training seed"). Results without replicates fall back to the binomial of the
    one student's evaluation (``interval``: "evaluation only"), which leaves the seed out. Points
    outside the temperature curve's range are not extrapolated (``diff`` None).
    """
    import numpy as np

    temps = _curve_points(data, "temperature")
    if len(temps) < 2:
        return []
    rng = np.random.default_rng(seed)
    var, dof = seed_spread(data)
    n_eval = next(v["students"]["reasoning"]["accuracy"]["n"] for v in data["variants"]
                  if v["family"] == "temperature" and "reasoning" in v["students"])

    def draw_means(accs: list[float], scale: np.ndarray) -> np.ndarray:
        mean = sum(accs) / len(accs)
        if dof:
            return mean + rng.standard_normal(n_boot) * np.sqrt(scale / len(accs))
        return rng.binomial(n_eval, mean, size=n_boot) / n_eval

    scale = var * dof / rng.chisquare(dof, size=n_boot) if dof else np.zeros(n_boot)
    tx = np.array([hc / hn for _, hc, hn, _ in temps])
    ty = np.array([sum(a) / len(a) for *_, a in temps])
    tx_b = np.stack([rng.binomial(hn, hc / hn, size=n_boot) / hn for _, hc, hn, _ in temps], axis=1)
    ty_b = np.stack([draw_means(a, scale) for *_, a in temps], axis=1)
    order = np.argsort(tx)
    rows = []
    for label, hc, hn, accs in _curve_points(data, "antidistill"):
        x, y = hc / hn, sum(accs) / len(accs)
        row: dict[str, Any] = {"label": label, "honest": x, "student": y, "students": len(accs),
                               "temperature_student": None, "diff": None, "low": None, "high": None,
                               "share_below": None, "interval": "training seed" if dof else "evaluation only"}
        if tx.min() <= x <= tx.max():
            reading = float(np.interp(x, tx[order], ty[order]))
            xb = rng.binomial(hn, x, size=n_boot) / hn
            yb = draw_means(accs, scale)
            diffs = np.empty(n_boot)
            for b in range(n_boot):
                o = np.argsort(tx_b[b])
                diffs[b] = yb[b] - np.interp(xb[b], tx_b[b][o], ty_b[b][o])  # clamps at the curve's ends
            row.update(temperature_student=reading, diff=100 * (y - reading),
                       low=100 * float(np.quantile(diffs, 0.025)), high=100 * float(np.quantile(diffs, 0.975)),
                       share_below=float((diffs < 0).mean()))
        rows.append(row)
    return rows


def curve_shift(runs: list[dict[str, Any]], *, quadratic: bool = False, run_effects: bool = False,
                point_means: bool = False) -> dict[str, Any] | None:
    """One least-squares fit over every curve student of every run: the antidistillation shift at equal accuracy.

    student = a + b * honest (+ c * honest^2) + d * [antidistillation point], each student (every
    training seed) one row, in points; ``shift`` is d, its standard error from the residuals, so it
    includes the training-seed spread and the harvests' draws. ``run_effects`` gives each run after
    the first an intercept of its own (runs with another teacher or other numerics may sit higher or
    lower as a whole; only the comparison inside a run then counts). ``point_means`` fits one row per
    curve point (the mean of its students) instead of one per student: the students of a point share
    one harvest, so their rows are not independent, and the point is the conservative unit. None with
    fewer rows than needed.
    """
    import numpy as np
    from scipy import stats

    xs, ys, ds, rs = [], [], [], []
    for k, data in enumerate(runs):
        for family in CURVE_FAMILIES:
            for _, hc, hn, accs in _curve_points(data, family):
                for a in ([sum(accs) / len(accs)] if point_means else accs):
                    xs.append(100 * hc / hn)
                    ys.append(100 * a)
                    ds.append(float(family == "antidistill"))
                    rs.append(k)
    x, y, d, r = np.array(xs), np.array(ys), np.array(ds), np.array(rs, dtype=np.int64)
    cols = [np.ones_like(x), x] + ([x ** 2] if quadratic else [])
    if run_effects:
        cols += [(r == k).astype(float) for k in sorted(set(rs))[1:]]
    design = np.stack([*cols, d], axis=1)
    dof = len(y) - design.shape[1]
    if dof < 1 or d.min() == d.max():
        return None
    coef, *_ = np.linalg.lstsq(design, y, rcond=None)
    resid = y - design @ coef
    sigma2 = float(resid @ resid) / dof
    se = float(np.sqrt(np.diag(sigma2 * np.linalg.pinv(design.T @ design)))[-1])
    shift = float(coef[-1])
    half = float(stats.t.ppf(0.975, dof)) * se
    p = float(2 * stats.t.sf(abs(shift / se), dof)) if se > 0 else 0.0
    return {"fit": "quadratic" if quadratic else "linear", "run_effects": run_effects, "runs": len(runs),
            "unit": "point" if point_means else "student", "rows": len(y), "shift": shift, "se": se,
            "low": shift - half, "high": shift + half, "p_two_sided": p, "residual_sd": sigma2 ** 0.5}


def write_results(result: LabResult, out: Path) -> Path:
    """Write ``out/results.json``; returns its path."""
    out.mkdir(parents=True, exist_ok=True)
    path = out / "results.json"
    path.write_text(json.dumps(result_dict(result), indent=2) + "\n")
    return path


def write_plot(result: LabResult, out: Path) -> Path:
    """``out/lab.png`` of a lab result (see :func:`plot_results`)."""
    return plot_results(result_dict(result), out)


def plot_results(data: dict[str, Any], out: Path) -> Path:
    """``out/lab.png`` from a results.json dict.

    Left: student vs honest-teacher accuracy per variant (curve families joined by lines through the
    mean of each point's students, each student a grey dot; bars are the 95% Wilson intervals on
    the honest axis and, on the student axis, from the lowest to the highest student's).
    Middle: student gain per variant and mode. Right: what the campaign was served before the
    gateway acted (served with reasoning, served, first refusal), and radioactivity p-values.
    """
    import math

    import matplotlib

    matplotlib.use("Agg")  # no display on the lab machine
    import matplotlib.pyplot as plt

    variants = data["variants"]
    has_gateway = any(v.get("gateway") for v in variants)
    fig, axes = plt.subplots(1, 3 if has_gateway else 2, figsize=(16 if has_gateway else 11, 4.8))
    ax, bx = axes[0], axes[1]
    families: dict[str, list[tuple[float, float, str, dict[str, Any], dict[str, Any]]]] = {}
    for v in variants:
        accs = _reasoning_accuracies(v)
        if accs:
            y = 100 * sum(a["value"] for a in accs) / len(accs)  # curve points: the mean over training seeds
            span = {"low": min(a["low"] for a in accs), "high": max(a["high"] for a in accs)}
            families.setdefault(v["family"], []).append((100 * v["honest_accuracy"]["value"], y, v["label"],
                                                         v["honest_accuracy"], span))
            if len(accs) > 1:
                ax.scatter([100 * v["honest_accuracy"]["value"]] * len(accs), [100 * a["value"] for a in accs],
                           s=10, color="grey", alpha=0.6, zorder=3)
    for family, points in families.items():
        points.sort(key=lambda p: p[0])
        curve = family in CURVE_FAMILIES  # the others are separate defences, not a curve
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        xerr = [[x - 100 * p[3]["low"] for x, p in zip(xs, points, strict=True)],
                [100 * p[3]["high"] - x for x, p in zip(xs, points, strict=True)]]
        yerr = [[y - 100 * p[4]["low"] for y, p in zip(ys, points, strict=True)],
                [100 * p[4]["high"] - y for y, p in zip(ys, points, strict=True)]]
        ax.errorbar(xs, ys, xerr=xerr, yerr=yerr, marker="o", ls="-" if curve else "none", capsize=2, elinewidth=0.6,
                    label=family)
        for x, y, label, _, _ in points:
            ax.annotate(label.split(" tau")[0], (x, y), fontsize=7, xytext=(3, 3), textcoords="offset points")
    if "reasoning" in data["baselines"]:
        ax.axhline(100 * data["baselines"]["reasoning"]["accuracy"]["value"], color="grey", ls="--",
                   label="student baseline (seed set only)")
    ax.set_xlabel("teacher accuracy for honest users (%)")
    ax.set_ylabel("distilled student accuracy, reasoning mode (%)")
    ax.set_title("What the harvest transferred")
    ax.legend(fontsize=8)
    labels = [v["label"] for v in variants]
    width = 0.8 / len(MODES)
    for i, mode in enumerate(MODES):
        gains = [v["gain_points"].get(mode) for v in variants]
        bx.bar([j + i * width for j in range(len(labels))], [g if g is not None else 0.0 for g in gains],
               width=width, label=f"{mode} student")
    bx.set_xticks([j + width / 2 for j in range(len(labels))], labels, rotation=30, ha="right", fontsize=7)
    bx.set_ylabel("gain over baseline (points)")
    bx.set_title("Student gain per variant")
    bx.legend(fontsize=8)
    if has_gateway:
        cx = axes[2]
        gw = [v for v in variants if v.get("gateway")]
        slots = range(len(gw))
        cx.bar([x - 0.2 for x in slots], [v["harvest"]["harvested"] for v in gw], width=0.4, label="served")
        cx.bar([x + 0.2 for x in slots], [v["harvest"]["with_reasoning"] for v in gw], width=0.4,
               label="served with reasoning")
        for x, v in zip(slots, gw, strict=True):
            first = v["harvest"]["first_refusal"]
            if first is not None:
                cx.plot([x - 0.4, x + 0.4], [first, first], color="black", lw=2)
                cx.annotate(f"first refusal {first}", (x, first), fontsize=7, ha="center", xytext=(0, 3),
                            textcoords="offset points")
            for r in v.get("radioactivity", []):
                if r["exposed"] and r.get("marked_share") is None:  # the variant's own student, not a diluted one
                    strength = -math.log10(max(r["p_value"], 1e-300))
                    lift = f", lift p={r['lift_p_value']:.2g}" if "lift_p_value" in r else ""
                    cx.annotate(f"radioactivity p={r['p_value']:.2g}{lift}\n(top-1: -log10 p = {strength:.1f})",
                                (x, v["harvest"]["harvested"]), fontsize=7, ha="center", xytext=(0, 14),
                                textcoords="offset points", color="darkred")
        cx.set_xticks(list(slots), [v["label"] for v in gw], rotation=30, ha="right", fontsize=7)
        cx.set_ylim(0, 1.3 * max([v["harvest"]["sent"] for v in gw] + [1]))  # room for the annotations
        cx.set_ylabel("campaign exchanges")
        cx.set_title("Served before the gateway acted")
        cx.legend(fontsize=8, loc="lower left")
    fig.tight_layout()
    path = out / "lab.png"
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def _pct(acc: dict[str, Any]) -> str:
    return f"{100 * acc['value']:.1f} [{100 * acc['low']:.1f}, {100 * acc['high']:.1f}]"


def markdown_summary(data: dict[str, Any]) -> str:
    """Markdown tables of a results.json dict (what docs/lab-results.md quotes)."""
    base = data["baselines"]
    base_cells = [_pct(base[m]["accuracy"]) if m in base else "-" for m in ("answers", "reasoning")]
    lines = [f"Teacher exact match (greedy, n={data['teacher']['accuracy']['n']}): "
             f"{_pct(data['teacher']['accuracy'])}%. Run time {data['seconds']:.0f} s.", "",
             "| variant | honest users' accuracy % | harvested (with reasoning) | answers student % | gain | "
             "reasoning student % | gain |", "|---|---|---|---|---|---|---|",
             f"| baseline (seed set only) | | | {base_cells[0]} | | {base_cells[1]} | |"]
    for v in data["variants"]:
        cells = []
        for mode in ("answers", "reasoning"):
            s = v["students"].get(mode)
            gain = v["gain_points"].get(mode)
            cells += [_pct(s["accuracy"]) if s else "-", f"{gain:+.1f}" if gain is not None else "-"]
        h = v["harvest"]
        lines.append(f"| {v['label']} | {_pct(v['honest_accuracy'])} | {h['harvested']} ({h['with_reasoning']}"
                     + (f"; {h['correct']} right" if h.get("correct") is not None else "") + ") | "
                     + " | ".join(cells) + " |")
    enforced = [v for v in data["variants"] if v.get("scans") or v["harvest"].get("refused")]
    if enforced:
        lines += ["", "| variant | sent | refused (by status) | first refusal (exchanges before it) | scans |",
                  "|---|---|---|---|---|"]
        for v in enforced:
            h = v["harvest"]
            scans = "; ".join(f"after {r['after_requests']}: {r['verdicts']}, blocked {r['blocked']}, "
                              f"throttled {r['throttled']}" for r in v.get("scans", []))
            lines.append(f"| {v['label']} | {h['sent']} | {h['refused']} | {h['first_refusal']} | {scans} |")
    tests = [(v["label"], r) for v in data["variants"] for r in v.get("radioactivity", [])]
    if tests:
        lines += ["", "Radioactivity: top-1 test (each (context, top-1 token) pair once, exact binomial) and lift test "
                  "(every plausible token the watermark could have made the greedy teacher choose, weighted by the "
                  "student's lift over the provider's shadow students (averaged) times how much the token's "
                  "colour moved its chance of being served, exact weighted-Bernoulli law), each with "
                  "control trials under never-used keys. Verdict: both tests as one, twice the smaller p-value "
                  "(Bonferroni).", "",
                  "| served texts of | student | exposed | share of its harvest marked | top-1 pairs | green share | "
                  "top-1 p | controls, share p >= 0.01 | lift pairs | lift p | controls, share p >= 0.01 | "
                  "verdict p | controls, share p >= 0.01 |",
                  "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
        for label, r in tests:
            share = f"{r['green_share']:.3f}" if r["green_share"] is not None else "-"
            marked = f"{100 * r['marked_share']:.0f}%" if r.get("marked_share") is not None else (
                "all" if r["exposed"] else "none")
            # results written before the combined verdict existed: its p-value follows, its controls do not
            both = (f"{r['combined_p_value']:.2g} | {100 * r['combined_control_share_p_ge_0.01']:.1f}%"
                    if "combined_p_value" in r else
                    f"{min(1.0, 2 * min(r['p_value'], r.get('lift_p_value', 1.0))):.2g} | -")
            lift = (f"{r['lift_pairs']} | {r['lift_p_value']:.2g} | {r['lift_control_trials']}, "
                    f"{100 * r['lift_control_share_p_ge_0.01']:.1f}% | {both}"
                    if "lift_p_value" in r else "- | - | - | - | -")
            lines.append(f"| {label} | {r['student']} | {r['exposed']} | {marked} | {r['pairs']} | {share} | "
                         f"{r['p_value']:.2g} | {r['control_trials']}, {100 * r['control_share_p_ge_0.01']:.1f}% | "
                         f"{lift} |")
    reps = [v for v in data["variants"] if v.get("replicates")]
    if reps:
        lines += ["", "Curve points: every reasoning student (one per training seed, same harvest).", "",
                  "| variant | honest % | students % (seed) | mean % |", "|---|---|---|---|"]
        seed0 = data["config"].get("student_seed")
        for v in reps:
            accs = _reasoning_accuracies(v)
            seeds = [seed0, *v.get("replicate_seeds", [None] * len(v["replicates"]))]
            each = ", ".join(f"{100 * a['value']:.1f}" + (f" ({sd})" if sd is not None else "")
                             for a, sd in zip(accs, seeds, strict=True))
            lines.append(f"| {v['label']} | {100 * v['honest_accuracy']['value']:.1f} | {each} | "
                         f"{100 * sum(a['value'] for a in accs) / len(accs):.1f} |")
    comparison = equal_accuracy(data)
    if comparison:
        var, dof = seed_spread(data)
        noise = (f"95% parametric bootstrap over honest sampling and the students' training seed (pooled seed sd "
                 f"{100 * var ** 0.5:.1f} points, {dof} df)" if dof else
                 "95% parametric bootstrap over evaluation sampling only: one student per point, its training "
                 "seed not covered")
        lines += ["", "Antidistillation against temperature sampling at equal honest teacher accuracy (mean of each "
                  f"point's reasoning students; temperature curve read by linear interpolation; {noise}):", "",
                  "| variant | honest % | students | student % | temperature student at that honest % | "
                  "difference, points | 95% interval | bootstrap share < 0 |", "|---|---|---|---|---|---|---|---|"]
        for r in comparison:
            if r["diff"] is None:
                lines.append(f"| {r['label']} | {100 * r['honest']:.1f} | {r['students']} | {100 * r['student']:.1f} "
                             "| outside the temperature curve | - | - | - |")
            else:
                lines.append(f"| {r['label']} | {100 * r['honest']:.1f} | {r['students']} | {100 * r['student']:.1f} "
                             f"| {100 * r['temperature_student']:.1f} | {r['diff']:+.1f} | "
                             f"[{r['low']:+.1f}, {r['high']:+.1f}] | {r['share_below']:.2f} |")
        fit = curve_shift([data])
        points = curve_shift([data], point_means=True)
        if fit is not None:
            lines += ["", f"Pooled fit over all {fit['rows']} curve students (student = a + b * honest + shift * "
                      f"[antidistillation]): shift {fit['shift']:+.1f} points [{fit['low']:+.1f}, {fit['high']:+.1f}], "
                      f"p = {fit['p_two_sided']:.2g}, residual sd {fit['residual_sd']:.1f}."]
        if points is not None:
            lines.append(f"The same fit over the {points['rows']} curve points (each the mean of its students, who "
                         f"share one harvest): shift {points['shift']:+.1f} points [{points['low']:+.1f}, "
                         f"{points['high']:+.1f}], p = {points['p_two_sided']:.2g}.")
    return "\n".join(lines) + "\n"


def write_summary(data: dict[str, Any], out: Path) -> Path:
    """``out/summary.md`` from :func:`markdown_summary`."""
    path = out / "summary.md"
    path.write_text(markdown_summary(data))
    return path
