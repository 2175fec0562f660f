"""The Helm chart, rendered offline with Helm as a library and validated strictly against Kubernetes'
schemas (tools/chartcheck.py, which `make lint` runs too)."""

from __future__ import annotations

import copy
from typing import Any

import helm_python as helm
import pytest

from kantine.platform.supervisor import SERVICES
from tools.chartcheck import KUBERNETES, VALUES, problems, render, values_of

CHARTED = {s.name for s in SERVICES if s.module.startswith("services.")}


@pytest.fixture(scope="module")
def rendered() -> dict[str, list[dict[str, Any]]]:
    return {name: render(values_of(name)) for name in VALUES}


def of(objects: list[dict[str, Any]], kind: str) -> dict[str, dict[str, Any]]:
    return {o["metadata"]["name"]: o for o in objects if o["kind"] == kind}


@pytest.mark.parametrize("name", list(VALUES))
def test_the_chart_renders_and_every_object_validates_strictly_on_the_oldest_and_newest_kubernetes(name: str) -> None:
    assert KUBERNETES[0] < KUBERNETES[1]
    assert problems(name) == []


def test_every_service_of_the_platform_is_in_the_chart_with_its_objects(
    rendered: dict[str, list[dict[str, Any]]],
) -> None:
    for name, objects in rendered.items():
        deployments, services = of(objects, "Deployment"), of(objects, "Service")
        assert set(deployments) == {f"kantine-{s}" for s in CHARTED}, name
        assert set(services) == set(deployments)
        assert set(of(objects, "PodDisruptionBudget")) == set(deployments)
        jobs = of(objects, "Job")
        assert set(jobs) == {f"kantine-{s}-migrate" for s in CHARTED} | {"kantine-streams"}
        for service, job in jobs.items():
            if service == "kantine-streams":
                continue
            assert job["metadata"]["annotations"]["helm.sh/hook"] == "pre-install,pre-upgrade"
            assert job["spec"]["template"]["spec"]["containers"][0]["command"] == [
                "kantine", "migrate", service.removeprefix("kantine-").removesuffix("-migrate")
            ]  # fmt: skip
        for deployment in deployments.values():
            container = deployment["spec"]["template"]["spec"]["containers"][0]
            assert container["command"][:2] == ["python", "-m"]
            assert container["command"][2] == f"services.{container['name']}"


def pod_specs(objects: list[dict[str, Any]]) -> list[tuple[str, dict[str, Any]]]:
    return [(f"{o['kind']}/{o['metadata']['name']}", o["spec"]["template"]["spec"]) for o in objects
            if o["kind"] in {"Deployment", "Job"}]  # fmt: skip


def test_every_pod_is_hardened(rendered: dict[str, list[dict[str, Any]]]) -> None:
    for objects in rendered.values():
        for label, spec in pod_specs(objects):
            pod = spec["securityContext"]
            assert pod["runAsNonRoot"] is True and pod["runAsUser"] != 0, label
            assert pod["seccompProfile"] == {"type": "RuntimeDefault"}, label
            assert spec["automountServiceAccountToken"] is False, label
            for container in spec["containers"]:
                sc = container["securityContext"]
                assert sc["readOnlyRootFilesystem"] is True, label
                assert sc["allowPrivilegeEscalation"] is False and sc["privileged"] is False, label
                assert sc["capabilities"] == {"drop": ["ALL"]}, label
                assert sc["seccompProfile"] == {"type": "RuntimeDefault"}, label
                assert container["resources"]["requests"] and container["resources"]["limits"]["memory"], label
                assert {"name": "tmp", "mountPath": "/tmp"} in container["volumeMounts"], label


def test_deployments_start_ready_and_live_by_the_grpc_health_service(rendered: dict[str, list[dict[str, Any]]]) -> None:
    for objects in rendered.values():
        for name, deployment in of(objects, "Deployment").items():
            container = deployment["spec"]["template"]["spec"]["containers"][0]
            # under TLS (production) the probes use the plaintext health-only port
            port = 50052 if objects is rendered["production"] else 50051
            for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
                assert container[probe]["grpc"] == {"port": port}, (name, probe)
            env = {e["name"]: e for e in container["env"]}
            assert env["KANTINE_DATABASE_URL"]["valueFrom"]["secretKeyRef"] == {"name": "kantine-db-app", "key": "uri"}
            assert deployment["spec"]["strategy"]["rollingUpdate"]["maxUnavailable"] == 0


def test_production_autoscales_and_is_scraped_by_a_pod_monitor(rendered: dict[str, list[dict[str, Any]]]) -> None:
    production = rendered["production"]
    hpas = of(production, "HorizontalPodAutoscaler")
    assert set(hpas) == {f"kantine-{s}" for s in CHARTED - {"insights"}}
    assert all(h["apiVersion"] == "autoscaling/v2" and h["spec"]["minReplicas"] == 3 for h in hpas.values())
    assert "replicas" not in of(production, "Deployment")["kantine-feed"]["spec"]  # the autoscaler owns it
    (monitor,) = of(production, "PodMonitor").values()
    assert monitor["apiVersion"] == "monitoring.coreos.com/v1"
    assert monitor["metadata"]["labels"]["release"] == "kube-prometheus-stack"
    assert monitor["spec"]["selector"]["matchLabels"] == {
        "app.kubernetes.io/instance": "kantine", "app.kubernetes.io/component": "service"
    }  # fmt: skip
    assert monitor["spec"]["podMetricsEndpoints"] == [{"port": "metrics", "path": "/metrics", "interval": "30s"}]
    (rules,) = of(production, "PrometheusRule").values()
    assert rules["metadata"]["labels"]["release"] == "kube-prometheus-stack"
    alerts = [r["alert"] for r in rules["spec"]["groups"][0]["rules"]]
    assert "KantineConsumerLagGrowing" in alerts and "KantineRelayLag" in alerts
    assert "{{ $labels.consumer }}" in rules["spec"]["groups"][0]["rules"][0]["annotations"]["summary"]  # not rendered
    # what the monitor scrapes: each pod's metrics port, where the process serves it
    assert of(production, "ConfigMap")["kantine"]["data"]["KANTINE_METRICS_LISTEN"] == "0.0.0.0:9464"
    for deployment in of(production, "Deployment").values():
        ports = deployment["spec"]["template"]["spec"]["containers"][0]["ports"]
        assert {"name": "metrics", "containerPort": 9464, "protocol": "TCP"} in ports
    ingress = of(production, "Ingress")["kantine-gateway"]
    assert ingress["spec"]["tls"] == [{"hosts": ["kantine.example.com"], "secretName": "kantine-tls"}]
    assert not of(rendered["default"], "PodMonitor") and not of(rendered["default"], "Ingress")
    assert not of(rendered["default"], "PrometheusRule")


def test_network_policies_deny_by_default_and_let_only_callers_in(rendered: dict[str, list[dict[str, Any]]]) -> None:
    policies = of(rendered["default"], "NetworkPolicy")
    deny = policies["kantine-default-deny"]["spec"]
    assert deny["policyTypes"] == ["Ingress", "Egress"] and "ingress" not in deny and "egress" not in deny
    assert deny["podSelector"]["matchLabels"]["app.kubernetes.io/part-of"] == "kantine"

    def grpc_callers(service: str) -> set[str]:
        rules = policies[f"kantine-{service}"]["spec"]["ingress"]
        return {p["podSelector"]["matchLabels"]["app.kubernetes.io/name"] for r in rules
                if {"port": 50051, "protocol": "TCP"} in r["ports"] for p in r["from"]}  # fmt: skip

    assert grpc_callers("feed") == {"gateway"}
    assert grpc_callers("search") == {"gateway", "insights"}
    assert grpc_callers("gateway") == set()  # nothing calls the gateway's gRPC
    gateway_egress = policies["kantine-gateway"]["spec"]["egress"]
    called = {p["podSelector"]["matchLabels"]["app.kubernetes.io/name"] for p in gateway_egress[0]["to"]}
    assert called == CHARTED - {"gateway"}
    assert policies["kantine-feed"]["spec"]["egress"] == []  # only the platform's: DNS, PostgreSQL, NATS
    platform = policies["kantine-platform"]["spec"]["egress"]
    assert [r["ports"][0]["port"] for r in platform] == [53, 5432, 4222]


def test_a_new_consumer_is_a_few_lines_of_values() -> None:
    # Helm merges these into the chart's own services
    values = {"services": {"author-stats": {"module": "examples.author_stats"}}}
    assert problems("default", values) == []
    objects = render(values)
    assert set(of(objects, "Deployment")) == {f"kantine-{s}" for s in CHARTED | {"author-stats"}}
    deployment = of(objects, "Deployment")["kantine-author-stats"]
    assert deployment["spec"]["template"]["spec"]["containers"][0]["command"] == [
        "python",
        "-m",
        "examples.author_stats",
    ]
    assert "kantine-author-stats" in of(objects, "NetworkPolicy")
    assert "kantine-author-stats-migrate" not in of(objects, "Job")  # it migrates at start, unless it asks


def test_values_the_schema_refuses_render_nothing() -> None:
    with pytest.raises(helm.HelmValuesError) as exc:
        render({"services": {"feed": {"module": "services.feed", "replicas": "two"}}})
    assert "/services/feed/replicas" in str(exc.value)
    with pytest.raises(helm.HelmValuesError) as exc:
        render({"nats": {"url": "http://nats:4222"}})
    assert "/nats/url" in str(exc.value)


def test_an_object_kubernetes_would_refuse_is_reported_with_where() -> None:
    # the schema lets any peer through; Kubernetes' own schema does not take a misspelt field
    values = copy.deepcopy(values_of("default"))
    values["networkPolicy"] = {"gatewayFrom": [{"podSelectr": {"matchLabels": {"app": "ingress"}}}]}
    found = problems("default", values)
    assert found and all("NetworkPolicy/kantine-gateway" in line for line in found)
    assert any("podSelectr" in line for line in found)


def env_of(container: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {e["name"]: e for e in container.get("env", [])}


def test_each_service_is_its_own_nats_user_with_its_password_from_the_secret() -> None:
    objects = render({"services": {"author-stats": {"module": "examples.author_stats"}}})
    for name, deployment in of(objects, "Deployment").items():
        env = env_of(deployment["spec"]["template"]["spec"]["containers"][0])
        user = name.removeprefix("kantine-").replace("-", "_")  # the durable consumer's name
        assert env["KANTINE_NATS_USER"]["value"] == user
        assert env["KANTINE_NATS_PASSWORD"]["valueFrom"]["secretKeyRef"] == {"name": "kantine-nats", "key": user}
    # no Secret named: a NATS without authorization, and the services make the streams themselves
    open_nats = render({"nats": {"url": "nats://nats:4222", "credentialsSecret": ""}})
    for deployment in of(open_nats, "Deployment").values():
        assert "KANTINE_NATS_USER" not in env_of(deployment["spec"]["template"]["spec"]["containers"][0])
    assert "kantine-streams" not in of(open_nats, "Job")


def test_the_streams_are_made_by_the_admin_before_the_services_start(rendered: dict[str, list[dict[str, Any]]]) -> None:
    job = of(rendered["production"], "Job")["kantine-streams"]
    assert job["metadata"]["annotations"]["helm.sh/hook"] == "pre-install,pre-upgrade"
    container = job["spec"]["template"]["spec"]["containers"][0]
    assert container["command"] == ["kantine", "streams"]
    env = env_of(container)
    assert env["KANTINE_NATS_USER"]["value"] == "admin"
    assert env["KANTINE_NATS_PASSWORD"]["valueFrom"]["secretKeyRef"] == {"name": "kantine-nats", "key": "admin"}
    assert env["KANTINE_NATS_REPLICAS"]["value"] == "3"  # the stream settings of `config:`, nothing else of it
    assert "KANTINE_OIDC_ISSUER" not in env and "envFrom" not in container


def test_grpc_tls_is_off_by_default_and_on_mounts_the_secret_and_names_its_files(
    rendered: dict[str, list[dict[str, Any]]],
) -> None:
    for deployment in of(rendered["default"], "Deployment").values():
        spec = deployment["spec"]["template"]["spec"]
        assert not [e for e in env_of(spec["containers"][0]) if e.startswith("KANTINE_GRPC_TLS")]
        assert [v["name"] for v in spec["volumes"]] == ["tmp"]
    for service in of(rendered["default"], "Service").values():
        assert service["spec"]["ports"][0]["appProtocol"] == "kubernetes.io/h2c"
    for name, deployment in of(rendered["production"], "Deployment").items():
        spec = deployment["spec"]["template"]["spec"]
        container = spec["containers"][0]
        env = {k: e.get("value") for k, e in env_of(container).items()}
        assert env["KANTINE_GRPC_TLS_CERT"] == "/etc/kantine/grpc-tls/tls.crt", name
        assert env["KANTINE_GRPC_TLS_KEY"] == "/etc/kantine/grpc-tls/tls.key"
        assert env["KANTINE_GRPC_TLS_CA"] == "/etc/kantine/grpc-tls/ca.crt"
        assert env["KANTINE_GRPC_HEALTH_LISTEN"] == "0.0.0.0:50052"
        assert {"name": "grpc-tls", "mountPath": "/etc/kantine/grpc-tls", "readOnly": True} in container["volumeMounts"]
        (secret,) = [v["secret"] for v in spec["volumes"] if v["name"] == "grpc-tls"]
        assert secret["secretName"] == "kantine-grpc-tls"
        assert {"name": "health", "containerPort": 50052, "protocol": "TCP"} in container["ports"]
    for service in of(rendered["production"], "Service").values():
        assert "appProtocol" not in service["spec"]["ports"][0]  # not h2c: TLS


def test_the_nats_servers_users_are_generated_from_the_topology_and_current() -> None:
    from tools import natsusers

    values = natsusers.merged_values([])
    assert natsusers.USERS_FILE.read_text() == natsusers.render(values), "run: python tools/natsusers.py --write"
    generated = natsusers.nats_chart_values(values)
    users = generated["config"]["merge"]["authorization"]["users"]
    assert [u["user"] for u in users] == ["admin", *sorted(CHARTED)]
    for user in users:
        variable = natsusers.env_name(user["user"])
        assert user["password"] == f"<< ${variable} >>"  # never a password in the file
        assert generated["container"]["env"][variable]["valueFrom"]["secretKeyRef"] == {
            "name": "kantine-nats", "key": user["user"]
        }  # fmt: skip
    gateway = next(u for u in users if u["user"] == "gateway")["permissions"]["publish"]["allow"]
    assert "kantine.events.presence.*" in gateway and not [s for s in gateway if s.startswith("kantine.events.user")]
    # an extension added to the values gets its user too
    extended = natsusers.users_of({**values, "services": {**values["services"], "author-stats": {"module": "x"}}})
    assert "author_stats" in extended
