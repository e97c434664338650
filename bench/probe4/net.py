"""Client IP addresses by kind of network (prefixes of real address blocks)."""

from __future__ import annotations

POOLS = {
    # cloud egress
    "aws": ["3.208", "3.231", "18.206", "34.224", "44.201", "52.70", "54.163"],
    "gcp": ["34.82", "34.106", "35.188", "35.203", "34.141"],
    "azure": ["20.84", "20.163", "40.76", "52.146", "4.175"],
    "gha": ["20.55", "4.148", "20.42", "13.105", "172.182"],  # CI runners (Azure-hosted)
    "hetzner": ["95.216", "65.21", "135.181", "116.202", "88.99"],
    "ovh": ["51.38", "51.77", "146.59", "57.128"],
    "alicloud": ["47.245", "47.236", "8.219", "8.222", "47.88"],
    "tencent": ["43.134", "43.156", "43.163"],
    "digitalocean": ["159.89", "138.68", "167.99", "164.92"],
    # residential / mobile by country
    "res_us": ["73.162", "24.6", "68.44", "98.207", "71.198", "174.51", "108.31"],
    "res_gb": ["81.106", "86.150", "92.40", "109.150"],
    "res_de": ["79.213", "91.64", "84.152", "93.210"],
    "res_fr": ["90.22", "86.246", "82.64", "109.219"],
    "res_es": ["83.45", "88.27", "95.127"],
    "res_in": ["49.37", "117.199", "106.51", "223.185"],
    "res_br": ["177.92", "189.6", "187.57"],
    "res_jp": ["126.77", "153.206", "60.117"],
    "res_kr": ["211.36", "121.134", "175.223"],
    "res_cn": ["112.96", "183.14", "36.112", "117.136"],
    "res_ru": ["95.24", "178.176", "92.100"],
    "res_vn": ["113.161", "171.244", "14.232"],
    "res_th": ["171.96", "184.22", "49.228"],
    "res_ke": ["41.90", "105.160", "197.237"],
    "res_bd": ["103.4", "37.111", "27.147"],
    "res_ng": ["102.89", "197.210", "105.112"],
    "res_ca": ["70.51", "142.114", "99.240"],
    "res_au": ["1.144", "110.174", "121.200"],
    "res_sg": ["116.86", "118.200", "175.156"],
    "res_mx": ["187.190", "189.203", "201.141"],
    # universities
    "uni": ["128.32", "128.95", "129.105", "131.215", "141.211", "171.64", "144.82", "137.110"],
}

LANG_COUNTRY = {"en": "res_us", "de": "res_de", "es": "res_es", "fr": "res_fr", "ru": "res_ru", "ja": "res_jp",
                "zh": "res_cn", "th": "res_th", "sw": "res_ke", "bn": "res_bd", "te": "res_in"}

RES_KINDS = [k for k in POOLS if k.startswith("res_")]


def ip(rng, kind: str) -> str:
    pre = POOLS[kind][int(rng.integers(len(POOLS[kind])))]
    return f"{pre}.{int(rng.integers(0, 256))}.{int(rng.integers(1, 255))}"


def subnet_ip(rng, base: str) -> str:
    """An address in the same /24 as base ("a.b.c")."""
    return f"{base}.{int(rng.integers(2, 254))}"


def subnet(rng, kind: str) -> str:
    pre = POOLS[kind][int(rng.integers(len(POOLS[kind])))]
    return f"{pre}.{int(rng.integers(0, 256))}"
