"""The Grafana dashboard and the alert rules ask only for series the services expose."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

from kantine.metrics import EXPOSED

ROOT = Path(__file__).resolve().parents[2]
DASHBOARD = ROOT / "deploy" / "monitoring" / "grafana-dashboard.json"
ALERTS = ROOT / "deploy" / "helm" / "kantine" / "files" / "alerts.yaml"
SERIES = re.compile(r"\bkantine_[a-z_]+")


def test_every_series_the_dashboard_and_alerts_ask_for_is_exposed() -> None:
    exposed = {series for names in EXPOSED.values() for series in names}
    panels = json.loads(DASHBOARD.read_text())["panels"]
    dashboard = {m for p in panels for t in p.get("targets", []) for m in SERIES.findall(t["expr"])}
    rules = yaml.safe_load(ALERTS.read_text())["groups"][0]["rules"]
    alerts = {m for r in rules for m in SERIES.findall(r["expr"])}
    assert dashboard and alerts
    assert dashboard - exposed == set() and alerts - exposed == set()
    # and every instrument is looked at somewhere
    assert [name for name, series in EXPOSED.items() if not set(series) & (dashboard | alerts)] == []


def test_alerts_cover_lag_dead_letters_relay_and_errors_and_say_what_to_do() -> None:
    rules = {r["alert"]: r for r in yaml.safe_load(ALERTS.read_text())["groups"][0]["rules"]}
    assert set(rules) == {
        "KantineConsumerLagGrowing", "KantineDeadLetters", "KantineRelayLag", "KantineGrpcErrors", "KantineHttpErrors",
        "KantineBackgroundTaskFailing", "KantineRelayDeadLetters",
    }  # fmt: skip
    for name, rule in rules.items():
        assert rule["labels"]["severity"] in {"warning", "critical"}, name
        assert rule["annotations"]["summary"] and len(rule["annotations"]["description"]) > 40, name
