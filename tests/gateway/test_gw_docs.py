"""Every gateway setting, online feature, detector and policy action is documented."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

from antidistill.gateway.config import GatewayConfig
from antidistill.gateway.detectors import DetectorContext, build_detectors
from antidistill.gateway.online import ONLINE_DETECTORS
from antidistill.policy import Action

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_gateway_settings_features_and_detectors_are_documented() -> None:
    text = (DOCS / "gateway.md").read_text()
    for f in fields(GatewayConfig):
        assert f"`{f.name}`" in text, f"gateway setting {f.name} is not in docs/gateway.md"
    for det in build_detectors(DetectorContext()):
        assert f"| {det.name} |" in text, f"detector {det.name} is not in docs/gateway.md"
        for feature in det.features:
            assert f"`{feature}`" in text, f"feature {feature} is not in docs/gateway.md"
    assert len(ONLINE_DETECTORS) >= 5


def test_policy_actions_are_documented() -> None:
    text = (DOCS / "policy.md").read_text()
    for action in Action:
        assert f"| `{action.value}` |" in text, f"action {action.value} is not in docs/policy.md"
