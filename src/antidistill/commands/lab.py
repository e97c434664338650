"""``antidistill lab``: the distillation lab (teacher endpoint, attack, students). Needs the ml extra."""

from __future__ import annotations

from pathlib import Path

import click

_CACHE_HELP = "Folder for cached teacher weights (default ~/.cache/antidistill/lab); regenerated when absent."


@click.group(name="lab")
def lab() -> None:
    """Distillation lab: serve the lab teacher, attack it, and measure what students learn under each defence."""


def _threads(n: int) -> None:
    import torch

    torch.set_num_threads(n)  # other jobs share the CPU; the lab asks for few threads


@lab.command(name="serve-teacher")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind (loopback only).")
@click.option("--port", default=8090, show_default=True, type=int, help="TCP port.")
@click.option("--quick", is_flag=True, help="Serve the small CI teacher instead of the full one.")
@click.option("--cache", type=click.Path(file_okay=False, path_type=Path), default=None, help=_CACHE_HELP)
@click.option("--antidistill-proxy", is_flag=True,
              help="Train the proxy student at start-up so requests may ask for antidistillation sampling.")
@click.option("--watermark-spec", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="Watermark spec JSON; with ANTIDISTILL_MASTER_SECRET(_FILE) set, requests may carry "
                   "antidistill.watermark_key_id.")
@click.option("--threads", default=2, show_default=True, type=int, help="torch CPU threads.")
def serve_teacher(host: str, port: int, quick: bool, cache: Path | None, antidistill_proxy: bool,
                  watermark_spec: Path | None, threads: int) -> None:
    """Serve the lab teacher as an OpenAI-compatible /v1/chat/completions (reasoning in reasoning_content)."""
    import json

    import uvicorn

    from antidistill.errors import ConfigError
    from antidistill.lab.distill.experiment import LabConfig, build_proxy
    from antidistill.lab.distill.server import TeacherWorker, create_app
    from antidistill.lab.distill.task import TaskFamily
    from antidistill.lab.distill.teacher import DEFAULT_CACHE, load_or_train_teacher

    if host not in ("127.0.0.1", "localhost", "::1"):
        raise ConfigError("host", "the lab teacher serves on loopback only", value=host)
    _threads(threads)
    task = TaskFamily()
    teacher = load_or_train_teacher(cache=cache or DEFAULT_CACHE, quick=quick, task=task)
    cfg = LabConfig.quick_size() if quick else LabConfig.full_size()
    proxy = build_proxy(teacher, task, cfg, cfg.defence_settings.eps) if antidistill_proxy else None
    keyring = spec = None
    if watermark_spec is not None:
        from antidistill.watermark.keys import KeyRing
        from antidistill.watermark.spec import WatermarkSpec

        spec = WatermarkSpec.from_dict(json.loads(watermark_spec.read_text()), source=str(watermark_spec))
        keyring = KeyRing.from_settings()
    worker = TeacherWorker(teacher=teacher, proxy=proxy, keyring=keyring, watermark=spec)
    click.echo(f"lab teacher {teacher.folder.name} on http://{host}:{port}/v1", err=True)
    try:
        uvicorn.run(create_app(worker), host=host, port=port, log_level="warning")
    finally:
        worker.close()


@lab.command(name="run")
@click.option("--defence", "defences", multiple=True, default=("none",), show_default=True,
              help="Defence to measure (repeatable): none, antidistill-sampling.")
@click.option("--quick", is_flag=True, help="Small sizes: the whole loop in a few minutes (CI).")
@click.option("--out", "out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Output folder for results.json and lab.png.")
@click.option("--cache", type=click.Path(file_okay=False, path_type=Path), default=None, help=_CACHE_HELP)
@click.option("--gateway", "gateway_url", default=None,
              help="Harvest through this loopback gateway URL instead of the teacher directly.")
@click.option("--temperature", "temperatures", multiple=True, type=float,
              help="Temperature points of the antidistill-sampling curve (repeatable; default from the config).")
@click.option("--lam", "lambdas", multiple=True, type=float,
              help="Antidistillation strengths of the curve (repeatable; default from the config).")
@click.option("--threads", default=2, show_default=True, type=int, help="torch CPU threads.")
def run(defences: tuple[str, ...], quick: bool, out: Path, cache: Path | None, gateway_url: str | None,
        temperatures: tuple[float, ...], lambdas: tuple[float, ...], threads: int) -> None:
    """Harvest the teacher under each defence, train students, write results.json, summary.md and lab.png."""
    import dataclasses

    from antidistill.lab.distill.defences import DEFENCES
    from antidistill.lab.distill.experiment import LabConfig, run_lab
    from antidistill.lab.distill.report import result_dict, write_plot, write_results, write_summary

    for name in defences:
        if name not in DEFENCES:
            raise click.BadParameter(f"unknown defence {name!r}; known: {', '.join(DEFENCES.names())}",
                                     param_hint="--defence")
    _threads(threads)
    cfg = LabConfig.quick_size() if quick else LabConfig.full_size()
    if temperatures or lambdas:
        ds = cfg.defence_settings
        cfg = dataclasses.replace(cfg, defence_settings=dataclasses.replace(
            ds, temperatures=temperatures or ds.temperatures, lambdas=lambdas or ds.lambdas))
    result = run_lab(cfg, list(defences), cache=cache, gateway_url=gateway_url)
    path = write_results(result, out)
    plot = write_plot(result, out)
    write_summary(result_dict(result), out)
    click.echo(f"teacher accuracy {result.teacher_accuracy}")
    for mode, base in result.baselines.items():
        click.echo(f"baseline {mode}: {base.accuracy}")
    for v in result.variants:
        students = "  ".join(f"{m} {s.accuracy}" for m, s in v.students.items())
        click.echo(f"{v.variant.label}: honest {v.honest}  {students}")
    click.echo(f"wrote {path} and {plot} in {result.seconds:.0f} s")
