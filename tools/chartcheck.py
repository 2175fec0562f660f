"""Render the Helm chart offline and validate every object it makes, strictly, as `make lint` does.

No cluster and no chart repository is needed: Helm runs as a library (helm-python-sdk) and each object
is checked by kubernetes-validate against the schemas of the oldest and newest Kubernetes the chart
supports. Custom resources (the Prometheus Operator's PodMonitor and PrometheusRule) have no bundled schema; the tests
assert their fields instead.

    python tools/chartcheck.py          # every values file; exit 1 with each problem named
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import helm_python as helm
import kubernetes_validate
import yaml

ROOT = Path(__file__).resolve().parent.parent
CHART = ROOT / "deploy" / "helm" / "kantine"
# the values files the chart must take: its defaults, and a production-like install
VALUES = {"default": None, "production": ROOT / "deploy" / "helm" / "values-production.yaml"}
KUBERNETES = ("1.27", "1.37")  # Chart.yaml's kubeVersion floor, and the newest with bundled schemas
CUSTOM_KINDS = {"PodMonitor", "ServiceMonitor", "PrometheusRule"}


def values_of(name: str) -> dict[str, Any]:
    path = VALUES[name]
    return {} if path is None else dict(yaml.safe_load(path.read_text()) or {})


def render(values: dict[str, Any], *, release: str = "kantine", namespace: str = "kantine") -> list[dict[str, Any]]:
    """Every object the chart makes for these values (hooks included), after checking them against
    values.schema.json; raises helm.HelmValuesError naming what the schema refused."""
    with helm.Chart.load(str(CHART)) as chart:
        chart.validate_schema(chart.merge_values(values))
        manifests = chart.render(values, name=release, namespace=namespace, is_install=True)
    objects: list[dict[str, Any]] = []
    for template, text in sorted(manifests.items()):
        if not template.endswith((".yaml", ".yml")):
            continue
        for doc in yaml.safe_load_all(text):
            if doc:
                doc.setdefault("metadata", {}).setdefault("annotations", {})
                objects.append(doc)
    return objects


def problems(name: str, values: dict[str, Any] | None = None) -> list[str]:
    """What is wrong with the chart under one values file (or these values); empty when all is well."""
    found: list[str] = []
    values = values_of(name) if values is None else values
    report = helm.lint(str(CHART), values, strict=True, kube_version=f"v{KUBERNETES[0]}.0")
    found += [f"{name}: helm lint: {m['path']}: {m['error']}" for m in report.get("messages", []) if m["severity"] >= 2]
    found += [f"{name}: helm lint: {e}" for e in report.get("errors", [])]
    try:
        objects = render(values)
    except helm.HelmError as exc:
        return [*found, f"{name}: does not render: {exc}"]
    for obj in objects:
        if obj["kind"] in CUSTOM_KINDS:
            continue
        if not obj["metadata"]["annotations"]:
            del obj["metadata"]["annotations"]
        label = f"{name}: {obj['kind']}/{obj['metadata'].get('name')}"
        for version in KUBERNETES:
            try:
                kubernetes_validate.validate(obj, version, strict=True)
            except kubernetes_validate.ValidationError as exc:
                path = "/".join(str(p) for p in exc.path)
                found.append(f"{label} on Kubernetes {version}: {path}: {exc.message}")
            except kubernetes_validate.SchemaNotFoundError as exc:
                found.append(f"{label} on Kubernetes {version}: {exc.message}")
    return found


def main() -> None:
    bad: list[str] = []
    for name in VALUES:
        found = problems(name)
        count = len(render(values_of(name))) if not found else 0
        print(f"chart with {name} values: " + ("valid, " + str(count) + " objects" if not found else "INVALID"))
        bad += found
    for line in bad:
        print("  " + line, file=sys.stderr)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
