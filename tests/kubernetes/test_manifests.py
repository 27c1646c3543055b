"""infra-05/06/08：页面上展示的每份清单都按 Kubernetes 1.33 的 OpenAPI 模式严格校验（离线，kubernetes-validate），
并证明校验器确实会拒绝写坏的清单；Helm chart 的展开结果同样校验，模板引用的 values 都要存在。"""

from __future__ import annotations

import copy
import re
from pathlib import Path

import kubernetes_validate
import pytest
import yaml

K8S = "1.33.0"
ROOT = Path(__file__).resolve().parents[2] / "snippets" / "kubernetes"
MANIFESTS = sorted((ROOT / "manifests").glob("*.yaml"))


def docs(path: Path) -> list[dict]:
    return [d for d in yaml.safe_load_all(path.read_text(encoding="utf-8")) if d]


def by_kind(path: Path, kind: str) -> dict:
    return next(d for d in docs(path) if d["kind"] == kind)


@pytest.mark.parametrize("path", MANIFESTS + [ROOT / "chart-rendered.yaml"], ids=lambda p: p.name)
def test_manifest_valid_against_1_33_schema(path):
    resources = docs(path)
    assert resources
    for resource in resources:
        kubernetes_validate.validate(resource, K8S, strict=True)  # 不合法会抛 ValidationError


def test_validator_rejects_broken_manifests():
    sts = by_kind(ROOT / "manifests" / "statefulset.yaml", "StatefulSet")
    typo = copy.deepcopy(sts)
    typo["spec"]["volumeClaimTemplate"] = typo["spec"].pop("volumeClaimTemplates")  # 少了一个 s
    wrong_type = copy.deepcopy(sts)
    wrong_type["spec"]["replicas"] = "three"
    no_selector = copy.deepcopy(sts)
    del no_selector["spec"]["selector"]  # apps/v1 要求 selector
    for bad in (typo, wrong_type, no_selector):
        with pytest.raises(kubernetes_validate.ValidationError):
            kubernetes_validate.validate(bad, K8S, strict=True)
    # 非严格模式下拼错的字段只是被忽略：这正是线上 apply 后「配置没生效」的来源
    kubernetes_validate.validate(typo, K8S, strict=False)


def test_statefulset_identity_and_storage():
    path = ROOT / "manifests" / "statefulset.yaml"
    svc, sts = by_kind(path, "Service"), by_kind(path, "StatefulSet")
    assert svc["spec"]["clusterIP"] == "None"  # 无头服务
    assert sts["spec"]["serviceName"] == svc["metadata"]["name"]
    assert sts["spec"]["podManagementPolicy"] == "OrderedReady"
    assert sts["spec"]["updateStrategy"]["rollingUpdate"]["partition"] == 2
    claim = sts["spec"]["volumeClaimTemplates"][0]["metadata"]["name"]
    mounts = sts["spec"]["template"]["spec"]["containers"][0]["volumeMounts"]
    assert claim in {m["name"] for m in mounts}
    # 每个 Pod 的 DNS 名与 PVC 名都由序号决定，删掉重建也不变
    name, n = sts["metadata"]["name"], sts["spec"]["replicas"]
    assert [f"{name}-{i}.{svc['metadata']['name']}" for i in range(n)] == [
        "store-0.store",
        "store-1.store",
        "store-2.store",
    ]
    assert [f"{claim}-{name}-{i}" for i in range(n)] == ["data-store-0", "data-store-1", "data-store-2"]


def test_deployment_rollout_never_drops_below_replicas():
    path = ROOT / "manifests" / "deployment.yaml"
    dep, pdb = by_kind(path, "Deployment"), by_kind(path, "PodDisruptionBudget")
    rolling = dep["spec"]["strategy"]["rollingUpdate"]
    assert rolling == {"maxSurge": 1, "maxUnavailable": 0}
    assert pdb["spec"]["selector"]["matchLabels"] == dep["spec"]["selector"]["matchLabels"]
    assert pdb["spec"]["minAvailable"] < dep["spec"]["replicas"]  # 否则节点永远排空不了


VALUE_REF = re.compile(r"\.Values\.([A-Za-z0-9_.]+)")


def test_chart_values_referenced_by_templates_exist_and_render_matches():
    values = yaml.safe_load((ROOT / "chart" / "values.yaml").read_text(encoding="utf-8"))
    chart = yaml.safe_load((ROOT / "chart" / "Chart.yaml").read_text(encoding="utf-8"))
    assert chart["apiVersion"] == "v2"
    refs = set()
    for tpl in (ROOT / "chart" / "templates").glob("*"):
        refs |= set(VALUE_REF.findall(tpl.read_text(encoding="utf-8")))
    assert {"replicaCount", "image.repository", "image.tag", "resources"} <= refs
    for ref in refs:
        node = values
        for part in ref.split("."):
            assert isinstance(node, dict) and part in node, f".Values.{ref} is not in values.yaml"
            node = node[part]
    rendered = by_kind(ROOT / "chart-rendered.yaml", "Deployment")
    container = rendered["spec"]["template"]["spec"]["containers"][0]
    tag = values["image"]["tag"] or chart["appVersion"]
    assert container["image"] == f"{values['image']['repository']}:{tag}"
    assert container["resources"] == values["resources"]
    assert rendered["spec"]["replicas"] == values["replicaCount"]
    assert rendered["metadata"]["labels"]["helm.sh/chart"] == f"{chart['name']}-{chart['version']}"
