"""Identifiers, IP blocks and user agents as they look in APIM logs."""

from __future__ import annotations

import random
import uuid

SDK_UAS = [
    "AzureOpenAI/Python 1.54.3",
    "AzureOpenAI/Python 1.58.1",
    "AsyncAzureOpenAI/Python 1.61.0",
    "OpenAI/Python 1.66.3",
    "azsdk-net-AI.OpenAI/2.1.0 (.NET 8.0.11; Microsoft Windows 10.0.20348)",
    "azsdk-net-AI.OpenAI/2.1.0 (.NET 9.0.1; Linux 5.15.0-1074-azure #83-Ubuntu SMP)",
    "AzureOpenAI/JS 4.77.0",
    "OpenAI/JS 4.85.1",
    "azsdk-java-azure-ai-openai/1.0.0-beta.12 (17.0.13; Linux; 5.15.0-1079-azure)",
    "Go-http-client/2.0",
    "python-requests/2.32.3",
    "axios/1.7.9",
]
DEV_UAS = ["curl/8.5.0", "PostmanRuntime/7.43.0", "python-httpx/0.27.2", "insomnia/10.3.0"]
BROWSER_UA = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/135.0.0.0 Safari/537.36"
)

# First octets by network type, chosen to look like the public ranges such traffic comes from.
NETS = {
    "azure": [20, 40, 52, 104, 13],
    "aws": [3, 18, 34, 44, 54],
    "gcp": [34, 35],
    "residential_us": [24, 67, 71, 73, 98, 174],
    "residential_eu": [2, 31, 77, 82, 86, 90],
    "residential_asia": [1, 27, 36, 58, 110, 121, 183],
    "vps": [45, 103, 139, 146, 185, 193],
    "university": [128, 129, 130, 141, 155],
    "corporate": [12, 62, 64, 80, 192, 208],
}


def hex24(rng: random.Random) -> str:
    """APIM-style auto-generated id (24 hex digits) used for portal-created users and subscriptions."""
    return f"{rng.getrandbits(96):024x}"


def guid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def block24(rng: random.Random, net: str) -> str:
    """A /24 prefix, e.g. '52.168.17'."""
    return f"{rng.choice(NETS[net])}.{rng.randrange(1, 255)}.{rng.randrange(0, 255)}"


def ip_in(rng: random.Random, prefix: str) -> str:
    return f"{prefix}.{rng.randrange(2, 254)}"


def random_ip(rng: random.Random, net: str) -> str:
    return ip_in(rng, block24(rng, net))
