"""deploy/k8s/: every manifest is valid Kubernetes, and says what docs/deploy.md promises.

Offline: ``kubernetes-validate`` ships the API schemas; the version is pinned below. Our own
checks are small functions returning problems, so each can be shown to fail on a broken copy.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml

from deploy.nginx import render

ROOT = Path(__file__).resolve().parent.parent
K8S = ROOT / "deploy" / "k8s"
# The oldest Kubernetes we support: native preStop `sleep` needs 1.30+; 1.33 is what we test.
K8S_VERSION = "1.33.0"
# Measured here (bench/capacity.py, BENCHMARKS.md "Capacity"): on SIGTERM Streamlit closes every
# WebSocket at once (close code 1012, 0.1 s) and exits 1.7-3.1 s later. A grace period far above the
# preStop pause plus this promises a drain that never happens.
SHUTDOWN_SECONDS = 5
MAX_GRACE_SECONDS = 60
HEALTH = "/_stcore/health"

Doc = dict[str, Any]


def load_all() -> list[Doc]:
    """Every resource in the files kustomization.yaml lists, in order."""
    kustomization = yaml.safe_load((K8S / "kustomization.yaml").read_text(encoding="utf-8"))
    docs: list[Doc] = []
    for name in kustomization["resources"]:
        docs += [d for d in yaml.safe_load_all((K8S / name).read_text(encoding="utf-8")) if d]
    return docs


def by_kind(docs: list[Doc], kind: str) -> list[Doc]:
    return [d for d in docs if d["kind"] == kind]


def pod_spec(docs: list[Doc]) -> Doc:
    (deployment,) = by_kind(docs, "Deployment")
    spec: Doc = deployment["spec"]["template"]["spec"]
    return spec


# --- Our checks: each returns a list of problems ------------------------------------------------


def check_images(docs: list[Doc]) -> list[str]:
    """Every image is pinned by a version tag or a digest, never `latest` or no tag."""
    out = []
    for c in pod_spec(docs)["containers"]:
        image = c["image"]
        tag = image.rsplit("/", 1)[-1].partition(":")[2]
        if "@sha256:" not in image and (not tag or tag == "latest"):
            out.append(f"container {c['name']!r}: image {image!r} is not pinned")
    return out


def check_resources(docs: list[Doc]) -> list[str]:
    """CPU and memory requests and a memory limit on every container."""
    out = []
    for c in pod_spec(docs)["containers"]:
        res = c.get("resources", {})
        for where, key in (("requests", "cpu"), ("requests", "memory"), ("limits", "memory")):
            if key not in res.get(where, {}):
                out.append(f"container {c['name']!r}: no resources.{where}.{key}")
    return out


def check_probes(docs: list[Doc]) -> list[str]:
    """Readiness, liveness and startup probes on Streamlit's health endpoint."""
    out = []
    for c in pod_spec(docs)["containers"]:
        for probe in ("readinessProbe", "livenessProbe", "startupProbe"):
            path = c.get(probe, {}).get("httpGet", {}).get("path")
            if path != HEALTH:
                out.append(f"container {c['name']!r}: {probe} is not GET {HEALTH} ({path!r})")
    return out


def check_hardening(docs: list[Doc]) -> list[str]:
    """Non-root, read-only root filesystem with /tmp as an emptyDir, no privileges, no token."""
    spec, out = pod_spec(docs), []
    pod_sc = spec.get("securityContext", {})
    if pod_sc.get("runAsNonRoot") is not True or not pod_sc.get("runAsUser"):
        out.append("pod: runAsNonRoot and a non-zero runAsUser are required")
    if spec.get("automountServiceAccountToken") is not False:
        out.append("pod: automountServiceAccountToken must be false")
    empty_dirs = {v["name"] for v in spec.get("volumes", []) if "emptyDir" in v}
    for c in spec["containers"]:
        sc = c.get("securityContext", {})
        if sc.get("readOnlyRootFilesystem") is not True:
            out.append(f"container {c['name']!r}: readOnlyRootFilesystem must be true")
        if sc.get("allowPrivilegeEscalation") is not False:
            out.append(f"container {c['name']!r}: allowPrivilegeEscalation must be false")
        if "ALL" not in sc.get("capabilities", {}).get("drop", []):
            out.append(f"container {c['name']!r}: capabilities must drop ALL")
        tmp = [m for m in c.get("volumeMounts", []) if m["mountPath"] == "/tmp"]
        if not tmp or tmp[0]["name"] not in empty_dirs:
            out.append(f"container {c['name']!r}: /tmp must be an emptyDir")
    return out


def check_cookie_secret(docs: list[Doc]) -> list[str]:
    """All replicas share one cookie secret, read from a Secret (never a literal)."""
    for c in pod_spec(docs)["containers"]:
        env = {e["name"]: e for e in c.get("env", [])}
        secret = env.get("STREAMLIT_SERVER_COOKIE_SECRET", {})
        if "secretKeyRef" not in secret.get("valueFrom", {}):
            return [f"container {c['name']!r}: the cookie secret must come from a Secret"]
    return []


def check_allowed_hosts(docs: list[Doc]) -> list[str]:
    """Allowed hosts are set, separated by spaces (Streamlit's form for a list from the
    environment): a JSON list would be read as one host and refuse every WebSocket."""
    for c in pod_spec(docs)["containers"]:
        env = {e["name"]: e.get("value", "") for e in c.get("env", [])}
        hosts = env.get("STREAMLIT_SERVER_ALLOWED_HOSTS", "")
        if not hosts or any(ch in hosts for ch in "[],\"'"):
            return [f"container {c['name']!r}: STREAMLIT_SERVER_ALLOWED_HOSTS {hosts!r}"]
    return []


def check_shutdown(docs: list[Doc]) -> list[str]:
    """The grace period covers the preStop pause and Streamlit's measured exit, and no more."""
    spec = pod_spec(docs)
    grace = spec.get("terminationGracePeriodSeconds", 30)
    pause = spec["containers"][0].get("lifecycle", {}).get("preStop", {}).get("sleep", {})
    seconds = pause.get("seconds", 0)
    out = []
    if not seconds:
        out.append("no preStop sleep: a stopping pod still gets new people for a moment")
    if grace < seconds + SHUTDOWN_SECONDS:
        out.append(f"terminationGracePeriodSeconds {grace} < preStop {seconds} + shutdown")
    if grace > MAX_GRACE_SECONDS:
        out.append(f"terminationGracePeriodSeconds {grace}: Streamlit does not drain sessions")
    return out


def check_wiring(docs: list[Doc]) -> list[str]:
    """Service, PDB and HPA select the Deployment's pods; the Ingress reaches the Service."""
    (deployment,) = by_kind(docs, "Deployment")
    labels = deployment["spec"]["template"]["metadata"]["labels"]
    out = []
    for d in by_kind(docs, "Service"):
        if not d["spec"]["selector"].items() <= labels.items():
            out.append(f"Service {d['metadata']['name']!r} selects no pod of the Deployment")
    for d in by_kind(docs, "PodDisruptionBudget") + by_kind(docs, "NetworkPolicy"):
        key = "podSelector" if d["kind"] == "NetworkPolicy" else "selector"
        if not d["spec"][key]["matchLabels"].items() <= labels.items():
            out.append(f"{d['kind']} {d['metadata']['name']!r} selects no pod")
    for d in by_kind(docs, "HorizontalPodAutoscaler"):
        if d["spec"]["scaleTargetRef"]["name"] != deployment["metadata"]["name"]:
            out.append("the HPA scales another Deployment")
    services = {s["metadata"]["name"]: s for s in by_kind(docs, "Service")}
    for ing in by_kind(docs, "Ingress"):
        for rule in ing["spec"]["rules"]:
            for p in rule["http"]["paths"]:
                svc = p["backend"]["service"]
                ports = {
                    x.get("name")
                    for x in services.get(svc["name"], {"spec": {"ports": []}})["spec"]["ports"]
                }
                if svc["port"].get("name") not in ports:
                    out.append(f"Ingress {ing['metadata']['name']!r}: no Service port {svc}")
    return out


def check_ingress(docs: list[Doc]) -> list[str]:
    """Cookie affinity, hour-long WebSocket timeouts, security headers, metrics closed."""
    (main,) = [d for d in by_kind(docs, "Ingress") if d["metadata"]["name"] == "decision-aid"]
    notes = main["metadata"].get("annotations", {})
    prefix = "nginx.ingress.kubernetes.io/"
    out = []
    if notes.get(prefix + "affinity") != "cookie":
        out.append("the Ingress has no cookie affinity")
    for timeout in ("proxy-read-timeout", "proxy-send-timeout"):
        if int(notes.get(prefix + timeout, 60)) < 3600:
            out.append(f"{timeout} under 3600 s: an idle WebSocket is cut while a person reads")
    headers = notes.get(prefix + "custom-headers", "").rpartition("/")[2]
    if headers not in {d["metadata"]["name"] for d in by_kind(docs, "ConfigMap")}:
        out.append("the Ingress adds no security headers (custom-headers ConfigMap)")
    closed = [
        d for d in by_kind(docs, "Ingress")
        if "0.0.0.0/0" in d["metadata"].get("annotations", {}).get(
            prefix + "denylist-source-range", "")
        and any(p["path"] == "/_stcore/metrics" and p["pathType"] == "Exact"
                for r in d["spec"]["rules"] for p in r["http"]["paths"])
    ]  # fmt: skip
    if not closed:
        out.append("/_stcore/metrics is reachable through the Ingress")
    if notes.get(prefix + "enable-access-log") != "false":
        out.append("the access log records /media and upload ids (keys to answers)")
    if notes.get(prefix + "session-cookie-change-on-failure") != "false":
        out.append("one failed request moves a person's cookie to a pod without their session")
    return out


def check_scale_down(docs: list[Doc]) -> list[str]:
    """The HPA scales down slowly (each pod removed ends its people's sessions)."""
    (hpa,) = by_kind(docs, "HorizontalPodAutoscaler")
    down = hpa["spec"].get("behavior", {}).get("scaleDown", {})
    out = []
    if down.get("stabilizationWindowSeconds", 300) < 900:
        out.append("scale-down stabilization window under 15 minutes")
    if any(p["type"] != "Pods" or p["value"] > 1 for p in down.get("policies", [{"type": "x"}])):
        out.append("scale-down may remove more than one pod at a time")
    return out


CHECKS: list[Callable[[list[Doc]], list[str]]] = [
    check_images, check_resources, check_probes, check_hardening, check_cookie_secret,
    check_allowed_hosts,
    check_shutdown, check_wiring, check_ingress, check_scale_down,
]  # fmt: skip


# --- Tests ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def docs() -> list[Doc]:
    return load_all()


def test_kustomization_lists_every_manifest() -> None:
    listed = set(yaml.safe_load((K8S / "kustomization.yaml").read_text())["resources"])
    on_disk = {p.name for p in K8S.glob("*.yaml")} - {"kustomization.yaml"}
    assert listed == on_disk


def test_every_resource_is_valid_kubernetes(docs: list[Doc]) -> None:
    kinds = sorted(d["kind"] for d in docs)
    assert kinds == sorted(
        ["ConfigMap", "Deployment", "HorizontalPodAutoscaler", "Ingress", "Ingress",
         "NetworkPolicy", "PodDisruptionBudget", "Service"]
    )  # fmt: skip
    for d in docs:  # strict: an unknown (misspelt) field is an error too
        kubernetes_validate.validate(d, K8S_VERSION, strict=True)


def test_the_validator_rejects_a_misspelt_field(docs: list[Doc]) -> None:
    bad = copy.deepcopy(by_kind(docs, "Deployment")[0])
    bad["spec"]["template"]["spec"]["containers"][0]["readinesProbe"] = {}
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(bad, K8S_VERSION, strict=True)


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.__name__)
def test_manifests_pass_our_checks(
    check: Callable[[list[Doc]], list[str]], docs: list[Doc]
) -> None:
    assert check(docs) == []


def _container(docs: list[Doc]) -> Doc:
    c: Doc = pod_spec(docs)["containers"][0]
    return c


BREAKS: dict[str, tuple[Callable[[list[Doc]], list[str]], Callable[[list[Doc]], None]]] = {
    "latest tag": (check_images, lambda d: _container(d).update(image="x/aid:latest")),
    "no tag": (check_images, lambda d: _container(d).update(image="x/aid")),
    "no memory limit": (check_resources, lambda d: _container(d)["resources"].pop("limits")),
    "probe elsewhere": (
        check_probes, lambda d: _container(d)["livenessProbe"]["httpGet"].update(path="/")),
    "root": (check_hardening, lambda d: pod_spec(d)["securityContext"].pop("runAsNonRoot")),
    "writable root": (
        check_hardening, lambda d: _container(d)["securityContext"].update(
            readOnlyRootFilesystem=False)),
    "literal secret": (
        check_cookie_secret, lambda d: _container(d)["env"][-1].update(
            value="s3cret", valueFrom={})),
    "hosts as a JSON list": (
        check_allowed_hosts, lambda d: _container(d)["env"][0].update(value='["a.example"]')),
    "grace promises a drain": (
        check_shutdown, lambda d: pod_spec(d).update(terminationGracePeriodSeconds=3600)),
    "no affinity": (
        check_ingress, lambda d: by_kind(d, "Ingress")[0]["metadata"]["annotations"].pop(
            "nginx.ingress.kubernetes.io/affinity")),
    "access log on": (
        check_ingress, lambda d: by_kind(d, "Ingress")[0]["metadata"]["annotations"].pop(
            "nginx.ingress.kubernetes.io/enable-access-log")),
    "cookie moves on failure": (
        check_ingress, lambda d: by_kind(d, "Ingress")[0]["metadata"]["annotations"].update(
            {"nginx.ingress.kubernetes.io/session-cookie-change-on-failure": "true"})),
    "fast scale-down": (
        check_scale_down, lambda d: by_kind(d, "HorizontalPodAutoscaler")[0]["spec"][
            "behavior"]["scaleDown"].update(stabilizationWindowSeconds=60)),
    "service misses pods": (
        check_wiring, lambda d: by_kind(d, "Service")[0]["spec"].update(selector={"app": "x"})),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(BREAKS))
def test_each_check_catches_a_broken_copy(name: str, docs: list[Doc]) -> None:
    check, breaks = BREAKS[name]
    broken = copy.deepcopy(docs)
    breaks(broken)
    assert check(broken) != []


def test_ingress_headers_match_the_nginx_config() -> None:
    expected = render.k8s_headers(render.default_csp())
    actual = (K8S / "headers-configmap.yaml").read_text(encoding="utf-8")
    assert actual == expected, (
        "deploy/k8s/headers-configmap.yaml is stale (the app's inline scripts or Streamlit "
        "changed): run `.venv/bin/python deploy/nginx/render.py --k8s-headers > "
        "deploy/k8s/headers-configmap.yaml`"
    )


def test_image_in_the_docs_is_the_one_deployed(docs: list[Doc]) -> None:
    # docs/deploy.md shows the manifests by reference; the version it names must match.
    image = _container(docs)["image"]
    assert re.search(re.escape(image), (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8"))


def test_streamlit_config_skips_the_full_gc_after_every_rerun() -> None:
    # Streamlit's default gc.collect(2) after each rerun was 80-90% of the server's CPU under
    # load (BENCHMARKS.md, figure 10): the replica sizes above assume it is off.
    import tomllib

    cfg = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert cfg["runner"]["postScriptGC"] is False
