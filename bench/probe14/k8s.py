"""Kubernetes objects both regions need: a Deployment's pods across rollouts, and their names and UIDs."""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field

#: the alphabet Kubernetes uses for generated name suffixes (k8s.io/apimachinery utilrand)
K8S_ALNUM = "bcdfghjklmnpqrstvwxz2456789"


def k8s_suffix(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(K8S_ALNUM) for _ in range(n))


@dataclass
class Pod:
    name: str
    uid: str
    node: str
    ip: str
    start: float  # container start
    end: float  # terminated (or END)
    template_hash: str
    build: str
    restarts: list[float] = field(default_factory=list)  # container restart times


class Deployment:
    """``replicas`` pods per ReplicaSet; each rollout (time, build) replaces them over a few minutes."""

    def __init__(
        self,
        rng: random.Random,
        name: str,
        replicas: int,
        nodes: list[str],
        pod_cidr: str,
        rollouts: list[tuple[float, str]],
        end: float,
    ) -> None:
        self.name = name
        self.epochs: list[list[Pod]] = []
        for i, (t, build) in enumerate(rollouts):
            h = k8s_suffix(rng, 10)
            t_next = rollouts[i + 1][0] if i + 1 < len(rollouts) else None
            pods = []
            for j in range(replicas):
                start = t + j * rng.uniform(20, 60)
                stop = (t_next + j * rng.uniform(20, 60) + 45) if t_next else end + 1
                pods.append(
                    Pod(
                        f"{name}-{h}-{k8s_suffix(rng, 5)}",
                        str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                        rng.choice(nodes),
                        f"{pod_cidr}.{rng.randrange(2, 250)}",
                        start,
                        stop,
                        h,
                        build,
                    )
                )
            self.epochs.append(pods)
        self.starts = [t for t, _ in rollouts]

    def all_pods(self) -> list[Pod]:
        return [p for e in self.epochs for p in e]

    def pick(self, rng: random.Random, t: float) -> Pod:
        """A ready pod at ``t`` (a request goes to a new pod only once it has started and the old is draining)."""
        live = [p for e in self.epochs for p in e if p.start + 15 <= t < p.end - 5]
        if not live:
            live = self.epochs[0]
        return rng.choice(live)
