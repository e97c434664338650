"""Client networks and user agents, the infrastructure side of an account's identity."""

from __future__ import annotations

import random

from .world import Egress, Ids

# (asn, country) pairs; the edge writes the ASN as "AS<number>".
RESIDENTIAL = {
    "US": ["AS7922", "AS701", "AS7018", "AS20115", "AS22773"],
    "DE": ["AS3320", "AS6805", "AS3209"],
    "FR": ["AS3215", "AS12322", "AS5410"],
    "GB": ["AS2856", "AS5089", "AS5607"],
    "CN": ["AS4134", "AS4837", "AS9808"],
    "JP": ["AS17676", "AS2516", "AS4713"],
    "KR": ["AS4766", "AS9318"],
    "IN": ["AS45609", "AS55836", "AS9829"],
    "BR": ["AS28573", "AS18881"],
    "RU": ["AS12389", "AS8402"],
    "ES": ["AS3352", "AS12479"],
    "VN": ["AS7552", "AS45899"],
    "NG": ["AS29465", "AS36873"],
    "CA": ["AS812", "AS577"],
    "AU": ["AS1221", "AS4804"],
    "TH": ["AS23969", "AS45758"],
    "KE": ["AS33771"],
    "SG": ["AS9506", "AS4773"],
}
CLOUD = {
    "aws": ["AS16509", "AS14618"],
    "gcp": ["AS396982", "AS15169"],
    "azure": ["AS8075"],
    "digitalocean": ["AS14061"],
    "ovh": ["AS16276"],
    "hetzner": ["AS24940"],
    "linode": ["AS63949"],
    "vultr": ["AS20473"],
    "alibaba": ["AS45102"],
    "tencent": ["AS132203"],
    "oracle": ["AS31898"],
}
CAMPUS = {"US": "AS11537", "GB": "AS786", "DE": "AS680", "FR": "AS2200", "CN": "AS4538", "JP": "AS2907"}
TZ = {
    "US": -6.0, "CA": -5.0, "BR": -3.0, "GB": 0.0, "FR": 1.0, "DE": 1.0, "ES": 1.0, "NG": 1.0,
    "KE": 3.0, "RU": 3.0, "IN": 5.5, "TH": 7.0, "VN": 7.0, "CN": 8.0, "SG": 8.0, "JP": 9.0,
    "KR": 9.0, "AU": 10.0,
}
# Weighted country mix of the provider's individual customers.
COUNTRY_MIX = [
    ("US", 26), ("IN", 9), ("DE", 6), ("GB", 6), ("FR", 4), ("CN", 6), ("JP", 4), ("KR", 3), ("BR", 4),
    ("CA", 4), ("ES", 3), ("VN", 3), ("NG", 2), ("AU", 2), ("RU", 2), ("TH", 2), ("SG", 2), ("KE", 1),
]

SDK_UAS = [
    "OpenAI/Python 1.59.7", "OpenAI/Python 1.61.1", "OpenAI/Python 1.54.4", "OpenAI/Python 1.51.0",
    "AsyncOpenAI/Python 1.59.7", "AsyncOpenAI/Python 1.61.1", "AsyncOpenAI/Python 1.54.4", "OpenAI/JS 4.77.0",
    "OpenAI/JS 4.85.1",
]
TOOL_UAS = [
    "langchain-openai/0.3.3", "llama-index/0.12.16", "litellm/1.60.2", "python-requests/2.32.3",
    "axios/1.7.9", "node-fetch/1.0 (+https://github.com/bitinn/node-fetch)", "curl/8.5.0",
    "Go-http-client/2.0", "okhttp/4.12.0", "Vercel-AI-SDK/4.1.17",
]


def pick_country(rnd: random.Random) -> str:
    names, weights = zip(*COUNTRY_MIX, strict=True)
    return rnd.choices(names, weights)[0]


def residential(ids: Ids, rnd: random.Random, country: str, n: int = 1) -> list[Egress]:
    """Home or office lines in one country."""
    return [Egress(ids.ip(), rnd.choice(RESIDENTIAL[country]), country) for _ in range(n)]


def cloud(ids: Ids, rnd: random.Random, provider: str, country: str, n: int = 2) -> list[Egress]:
    """Server egress addresses at a cloud or hosting provider."""
    return [Egress(ids.ip(), rnd.choice(CLOUD[provider]), country) for _ in range(n)]


def campus(ids: Ids, country: str, n: int = 2) -> list[Egress]:
    """University NAT addresses, shared by everyone on campus."""
    return [Egress(ids.ip(), CAMPUS[country], country) for _ in range(n)]


def sdk_ua(rnd: random.Random, tools: float = 0.3) -> str:
    return rnd.choice(TOOL_UAS) if rnd.random() < tools else rnd.choice(SDK_UAS)
