"""The deployment files: deploy/compose.yaml, deploy/kubernetes/ and the compose smoke test's parts.

The compose file is checked by ``docker-compose config`` (skipped, saying so, where no
docker-compose is installed) and by reading it; every Kubernetes manifest is validated by
kubernetes-validate against the schemas it ships, and read for what the schemas cannot tell
(selectors that match, probes on the listener's port, shard ids that cover every shard once).
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import aiohttp
import kubernetes_validate
import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
DEPLOY = REPO / "deploy"
KUBERNETES = DEPLOY / "kubernetes"
COMPOSE = DEPLOY / "compose.yaml"
COMPOSE_SMOKE = DEPLOY / "compose.smoke.yaml"
CADDYFILE = DEPLOY / "Caddyfile"
SMOKE_SCRIPT = REPO / "scripts" / "compose-smoke.sh"

# Every setting banbot reads (README.md, "Settings", and those of webhook mode and shards): a
# misspelt one in a deployment file would be ignored silently.
KNOWN_SETTINGS = {
    "TELEGRAM_BOT_TOKEN",
    "TELEGRAM_BOT_TOKEN_FILE",
    "DISCORD_BOT_TOKEN",
    "DISCORD_BOT_TOKEN_FILE",
    "BANBOT_KNOWLEDGE",
    "BANBOT_USER_RATE",
    "BANBOT_CACHE_DIR",
    "BANBOT_TELEGRAM_API_URL",
    "BANBOT_TELEGRAM_WEBHOOK_URL",
    "BANBOT_TELEGRAM_WEBHOOK_SECRET",
    "BANBOT_TELEGRAM_WEBHOOK_SECRET_FILE",
    "BANBOT_HTTP_LISTEN",
    "BANBOT_HEALTH_MAX_AGE",
    "BANBOT_DISCORD_API_URL",
    "BANBOT_DISCORD_GATEWAY_URL",
    "BANBOT_DISCORD_SHARD_COUNT",
    "BANBOT_DISCORD_SHARD_IDS",
    "BANBOT_LOG_LEVEL",
    "BANBOT_LOG_FORMAT",
    "BANBOT_WATCH_INTERVAL",
    "BANBOT_HEALTH_FILE",
    "BANBOT_DATABASE",
    "BANBOT_RECORD_QUESTIONS",
    "BANBOT_RETENTION_DAYS",
}
SECRET_SETTINGS = {"TELEGRAM_BOT_TOKEN", "DISCORD_BOT_TOKEN", "BANBOT_TELEGRAM_WEBHOOK_SECRET"}
SETTING_PREFIXES = ("BANBOT_", "TELEGRAM_", "DISCORD_")
# The oldest and the newest Kubernetes whose schemas kubernetes-validate ships.
KUBERNETES_VERSIONS = ("1.25.0", kubernetes_validate.latest_version())


def shard_ids(text: str) -> list[int]:
    """``0,2`` or ``0-3`` (or a mix) as a list of shard ids."""
    ids: list[int] = []
    for part in text.split(","):
        first, _, last = part.strip().partition("-")
        ids.extend(range(int(first), int(last or first) + 1))
    return ids


def interpolated(text: str) -> str:
    """Text from the compose file with each ``${...}`` as the test's domain would make it."""
    return re.sub(r"\$\{[^}]*\}", "bot.example.com", text)


def check_settings(names: list[str], where: str) -> None:
    for name in names:
        if name.startswith(SETTING_PREFIXES):
            assert name in KNOWN_SETTINGS, f"{where}: {name} is not a banbot setting"
        assert name not in SECRET_SETTINGS, (
            f"{where}: {name} holds a secret in the environment; use {name}_FILE"
        )


def fake_banbot(folder: Path) -> Path:
    """A ``banbot`` that prints its settings and arguments instead of running."""
    folder.mkdir(parents=True, exist_ok=True)
    script = folder / "banbot"
    script.write_text(
        '#!/bin/sh\necho "shards=${BANBOT_DISCORD_SHARD_IDS:-} of=${BANBOT_DISCORD_SHARD_COUNT:-} '
        'database=${BANBOT_DATABASE:-} args=$*"\n'
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return folder


# -- docker-compose --------------------------------------------------------------------------------


def compose_command() -> list[str] | None:
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    if shutil.which("docker"):
        probe = subprocess.run(["docker", "compose", "version"], capture_output=True, timeout=30, check=False)
        if probe.returncode == 0:
            return ["docker", "compose"]
    return None


@pytest.fixture(scope="module")
def compose() -> list[str]:
    command = compose_command()
    if command is None:
        pytest.skip(
            "no docker-compose binary (Debian: apt-get install docker-compose; .ci/run installs it "
            "as root): `docker-compose config` not run; the compose file's contents are still checked"
        )
    return command


@pytest.fixture
def compose_env(tmp_path: Path) -> dict[str, str]:
    secrets = tmp_path / "secrets"
    secrets.mkdir()
    for name in ("telegram_token", "telegram_webhook_secret", "discord_token", "postgres_password"):
        (secrets / name).write_text("test\n")
    env = {key: value for key, value in os.environ.items() if not key.startswith(("BANBOT_", "COMPOSE_"))}
    env.update(BANBOT_DOMAIN="bot.example.com", BANBOT_SECRETS_DIR=str(secrets))
    return env


@pytest.mark.parametrize(
    "files", [[COMPOSE], [COMPOSE, COMPOSE_SMOKE]], ids=["compose.yaml", "compose.yaml+compose.smoke.yaml"]
)
def test_docker_compose_config_accepts_the_files(
    compose: list[str], compose_env: dict[str, str], files: list[Path]
) -> None:
    args = [arg for path in files for arg in ("-f", str(path))]
    result = subprocess.run(
        [*compose, *args, "config", "-q"],
        capture_output=True,
        text=True,
        env=compose_env,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_docker_compose_config_needs_the_public_domain(
    compose: list[str], compose_env: dict[str, str]
) -> None:
    del compose_env["BANBOT_DOMAIN"]
    result = subprocess.run(
        [*compose, "-f", str(COMPOSE), "config", "-q"],
        capture_output=True,
        text=True,
        env=compose_env,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert "BANBOT_DOMAIN" in result.stderr


@pytest.fixture(scope="module")
def compose_file() -> dict[str, Any]:
    data = yaml.safe_load(COMPOSE.read_text())
    assert isinstance(data, dict)
    return data


def banbot_services(compose_file: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        name: service
        for name, service in compose_file["services"].items()
        if str(service.get("image", "")).startswith("${BANBOT_IMAGE")
    }


def test_compose_runs_telegram_replicas_in_webhook_mode(compose_file: dict[str, Any]) -> None:
    telegram = compose_file["services"]["telegram"]
    assert telegram["deploy"]["replicas"] >= 2
    env = telegram["environment"]
    assert env["TELEGRAM_BOT_TOKEN_FILE"] == "/run/secrets/telegram_token"
    assert env["BANBOT_TELEGRAM_WEBHOOK_SECRET_FILE"] == "/run/secrets/telegram_webhook_secret"
    assert env["BANBOT_TELEGRAM_WEBHOOK_URL"].startswith("https://${BANBOT_DOMAIN:?")
    webhook = urlsplit(interpolated(env["BANBOT_TELEGRAM_WEBHOOK_URL"]))
    assert (webhook.scheme, webhook.hostname) == ("https", "bot.example.com")
    port = env["BANBOT_HTTP_LISTEN"].rpartition(":")[2]
    assert f"127.0.0.1:{port}/healthz" in " ".join(telegram["healthcheck"]["test"])
    assert "DISCORD_BOT_TOKEN_FILE" not in env


def test_caddy_balances_the_webhook_path_over_every_replica(compose_file: dict[str, Any]) -> None:
    caddy = compose_file["services"]["caddy"]
    assert any(str(port).endswith(":443") for port in caddy["ports"])
    assert any(volume.startswith("./Caddyfile:/etc/caddy/Caddyfile") for volume in caddy["volumes"])
    telegram = compose_file["services"]["telegram"]
    webhook_path = urlsplit(interpolated(telegram["environment"]["BANBOT_TELEGRAM_WEBHOOK_URL"])).path
    port = telegram["environment"]["BANBOT_HTTP_LISTEN"].rpartition(":")[2]
    caddyfile = CADDYFILE.read_text()
    handled = re.search(r"handle (\S+) \{", caddyfile)
    assert handled is not None
    assert webhook_path.startswith(handled.group(1).rstrip("*"))
    # Every replica, from Docker's DNS (a plain `reverse_proxy telegram:8080` would dial one).
    assert re.search(r"dynamic a \{\s*name telegram\s*port " + port + r"\b", caddyfile)
    assert "lb_try_duration" in caddyfile
    assert "{$SITE_ADDRESS}" in caddyfile
    assert caddy["environment"]["SITE_ADDRESS"].startswith("${BANBOT_DOMAIN")


def test_compose_discord_shard_groups_cover_every_shard_once(compose_file: dict[str, Any]) -> None:
    groups = {
        name: service for name, service in compose_file["services"].items() if name.startswith("discord")
    }
    assert len(groups) >= 2
    counts = {int(service["environment"]["BANBOT_DISCORD_SHARD_COUNT"]) for service in groups.values()}
    assert len(counts) == 1, "every shard group must say the same shard count"
    ids = [
        i
        for service in groups.values()
        for i in shard_ids(service["environment"]["BANBOT_DISCORD_SHARD_IDS"])
    ]
    assert sorted(ids) == list(range(counts.pop()))
    for name, service in groups.items():
        assert name.endswith(service["environment"]["BANBOT_DISCORD_SHARD_IDS"].replace(",", "-"))
        assert service["environment"]["DISCORD_BOT_TOKEN_FILE"] == "/run/secrets/discord_token"
        assert "TELEGRAM_BOT_TOKEN_FILE" not in service["environment"]


def test_compose_services_restart_check_health_and_read_secrets_from_files(
    compose_file: dict[str, Any],
) -> None:
    services = compose_file["services"]
    declared = set(compose_file["secrets"])
    assert {"postgres", "telegram", "caddy"} <= set(services)
    for name, service in services.items():
        assert service["restart"] == "unless-stopped", name
        env = service.get("environment", {})
        check_settings(list(env), f"compose service {name}")
        used = set(service.get("secrets", []))
        assert used <= declared, name
        for key, value in env.items():
            if key.endswith("_FILE"):
                assert value.startswith("/run/secrets/") and value.rpartition("/")[2] in used, (name, key)
    for name in [*banbot_services(compose_file), "postgres"]:
        assert services[name]["healthcheck"]["test"], name
    assert services["postgres"]["environment"]["POSTGRES_PASSWORD_FILE"] == "/run/secrets/postgres_password"
    for secret in compose_file["secrets"].values():
        assert secret["file"].startswith("${BANBOT_SECRETS_DIR:-./secrets}/")
    assert (DEPLOY / "secrets" / ".gitignore").read_text().splitlines()[1:] == ["*", "!.gitignore"]


def test_compose_entrypoint_builds_the_store_url_from_the_password_file(
    compose_file: dict[str, Any], tmp_path: Path
) -> None:
    for name, service in banbot_services(compose_file).items():
        shell, flag, script, zero = service["entrypoint"]
        assert (shell, flag, zero) == ("/bin/sh", "-c", "banbot"), name
        assert "postgres_password" in service["secrets"], name
    shell, flag, script, zero = compose_file["services"]["telegram"]["entrypoint"]
    (tmp_path / "postgres_password").write_text("s3cret\n")
    # Compose turns $$ into $; the script reads the secret where compose mounts it.
    script = script.replace("$$", "$").replace("/run/secrets/", f"{tmp_path}/")
    env = {"PATH": f"{fake_banbot(tmp_path / 'bin')}:{os.environ['PATH']}"}
    result = subprocess.run(
        [shell, flag, script, zero, *compose_file["services"]["telegram"]["command"]],
        capture_output=True,
        text=True,
        env=env,
        timeout=30,
        check=True,
    )
    assert "database=postgresql://banbot:s3cret@postgres:5432/banbot args=serve" in result.stdout
    (tmp_path / "postgres_password").unlink()
    missing = subprocess.run([shell, flag, script, zero, "serve"], capture_output=True, env=env, timeout=30)
    assert missing.returncode != 0
    assert b"args=" not in missing.stdout


# -- Kubernetes ------------------------------------------------------------------------------------


def manifest_files() -> list[Path]:
    return sorted(path for path in KUBERNETES.glob("*.yaml") if path.name != "kustomization.yaml")


def resources() -> Iterator[tuple[Path, dict[str, Any]]]:
    for path in manifest_files():
        for document in yaml.safe_load_all(path.read_text()):
            if document:
                yield path, document


@pytest.fixture(scope="module")
def by_kind() -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for _, resource in resources():
        key = f"{resource['kind']}/{resource['metadata']['name']}"
        assert key not in found, f"{key} twice"
        found[key] = resource
    return found


@pytest.mark.parametrize("version", KUBERNETES_VERSIONS)
@pytest.mark.parametrize("path", manifest_files(), ids=lambda path: path.name)
def test_kubernetes_manifest_is_valid(path: Path, version: str) -> None:
    documents = [document for document in yaml.safe_load_all(path.read_text()) if document]
    assert documents
    for document in documents:
        kubernetes_validate.validate(document, version, strict=True)


def test_kustomization_lists_every_manifest() -> None:
    kustomization = yaml.safe_load((KUBERNETES / "kustomization.yaml").read_text())
    assert sorted(kustomization["resources"]) == [path.name for path in manifest_files()]
    assert [image["name"] for image in kustomization["images"]] == ["banbot"]


def containers(resource: dict[str, Any]) -> list[dict[str, Any]]:
    return list(resource["spec"]["template"]["spec"]["containers"])


def env_value(container: dict[str, Any], name: str) -> Any:
    for variable in container.get("env", []):
        if variable["name"] == name:
            return variable.get("value", variable.get("valueFrom"))
    raise KeyError(name)


def test_no_secret_values_are_committed(by_kind: dict[str, dict[str, Any]]) -> None:
    assert not [key for key in by_kind if key.startswith("Secret/")]
    for key, resource in by_kind.items():
        if resource["kind"] not in ("Deployment", "StatefulSet"):
            continue
        spec = resource["spec"]["template"]["spec"]
        mounts: dict[str, tuple[str, set[str]]] = {}
        for volume in spec.get("volumes", []):
            if "secret" in volume:
                assert volume["secret"]["secretName"] == "banbot", key
                items = {item["path"] for item in volume["secret"]["items"]}
                mounts[volume["name"]] = ("", items)
        for container in containers(resource):
            for mount in container.get("volumeMounts", []):
                if mount["name"] in mounts:
                    mounts[mount["name"]] = (mount["mountPath"], mounts[mount["name"]][1])
            names = [variable["name"] for variable in container.get("env", [])]
            check_settings([*names, *by_kind["ConfigMap/banbot-config"]["data"]], key)
            for variable in container.get("env", []):
                reference = variable.get("valueFrom", {}).get("secretKeyRef")
                if reference:
                    assert reference["name"] == "banbot", key
                if variable["name"].endswith("_FILE"):
                    folder, _, file_name = variable["value"].rpartition("/")
                    assert any(folder == path and file_name in items for path, items in mounts.values()), (
                        key,
                        variable["name"],
                    )
            assert env_value(container, "BANBOT_DATABASE") == {
                "secretKeyRef": {"name": "banbot", "key": "database-url"}
            }


def check_probes(container: dict[str, Any]) -> None:
    """Readiness on /readyz, liveness (and start-up) on /healthz, at the port banbot listens on."""
    listen_port = int(env_value(container, "BANBOT_HTTP_LISTEN").rpartition(":")[2])
    ports = {port["name"]: port["containerPort"] for port in container["ports"]}
    assert ports["http"] == listen_port
    probes = {"readinessProbe": "/readyz", "livenessProbe": "/healthz", "startupProbe": "/healthz"}
    for probe, path in probes.items():
        assert container[probe]["httpGet"] == {"path": path, "port": "http"}, probe


def test_webhook_deployment_probes_readiness_and_liveness_on_its_listener(
    by_kind: dict[str, dict[str, Any]],
) -> None:
    deployment = by_kind["Deployment/banbot-telegram"]
    assert deployment["spec"]["replicas"] >= 2
    assert deployment["spec"]["strategy"]["rollingUpdate"]["maxUnavailable"] == 0
    (container,) = containers(deployment)
    assert container["args"] == ["serve"]
    check_probes(container)
    assert env_value(container, "TELEGRAM_BOT_TOKEN_FILE")
    assert env_value(container, "BANBOT_TELEGRAM_WEBHOOK_SECRET_FILE")
    template = deployment["spec"]["template"]
    assert template["metadata"]["annotations"]["prometheus.io/path"] == "/metrics"
    grace = template["spec"]["terminationGracePeriodSeconds"]
    assert grace >= 10 + int(container["lifecycle"]["preStop"]["exec"]["command"][1])


def selects(selector: dict[str, str], labels: dict[str, str]) -> bool:
    return all(labels.get(key) == value for key, value in selector.items())


def test_service_ingress_pdb_and_autoscaler_point_at_the_webhook_pods(
    by_kind: dict[str, dict[str, Any]],
) -> None:
    deployment = by_kind["Deployment/banbot-telegram"]
    labels = deployment["spec"]["template"]["metadata"]["labels"]
    assert selects(deployment["spec"]["selector"]["matchLabels"], labels)
    service = by_kind["Service/banbot-telegram"]
    assert selects(service["spec"]["selector"], labels)
    container_ports = {port["name"] for port in containers(deployment)[0]["ports"]}
    assert {port["targetPort"] for port in service["spec"]["ports"]} <= container_ports
    service_ports = {port["name"] for port in service["spec"]["ports"]}

    ingress = by_kind["Ingress/banbot-telegram"]
    webhook = urlsplit(by_kind["ConfigMap/banbot-config"]["data"]["BANBOT_TELEGRAM_WEBHOOK_URL"])
    (rule,) = ingress["spec"]["rules"]
    assert rule["host"] == webhook.hostname
    assert webhook.scheme == "https" and webhook.hostname in ingress["spec"]["tls"][0]["hosts"]
    (path,) = rule["http"]["paths"]
    assert (path["path"], path["pathType"]) == (webhook.path, "Exact")
    backend = path["backend"]["service"]
    assert backend["name"] == "banbot-telegram" and backend["port"]["name"] in service_ports

    pdb = by_kind["PodDisruptionBudget/banbot-telegram"]
    assert selects(pdb["spec"]["selector"]["matchLabels"], labels)
    hpa = by_kind["HorizontalPodAutoscaler/banbot-telegram"]
    target = hpa["spec"]["scaleTargetRef"]
    assert (target["kind"], target["name"]) == ("Deployment", "banbot-telegram")
    # The budget must leave room to evict one pod at the autoscaler's smallest size.
    assert hpa["spec"]["minReplicas"] > pdb["spec"]["minAvailable"]
    assert not selects(
        pdb["spec"]["selector"]["matchLabels"],
        by_kind["StatefulSet/banbot-discord"]["spec"]["template"]["metadata"]["labels"],
    )


def test_statefulset_ordinals_pick_every_discord_shard_once(
    by_kind: dict[str, dict[str, Any]], tmp_path: Path
) -> None:
    statefulset = by_kind["StatefulSet/banbot-discord"]
    assert by_kind[f"Service/{statefulset['spec']['serviceName']}"]["spec"]["clusterIP"] == "None"
    assert statefulset["spec"]["podManagementPolicy"] == "OrderedReady"
    (container,) = containers(statefulset)
    command = [*container["command"], *container["args"]]
    literal = {variable["name"]: variable["value"] for variable in container["env"] if "value" in variable}
    # Kubernetes expands $(NAME) for the container's variables in command and args: none may be.
    for name in re.findall(r"\$\(([A-Za-z_][A-Za-z0-9_]*)\)", " ".join(command)):
        assert name not in literal, f"Kubernetes would expand $({name}) before the shell sees it"
    count = int(literal["BANBOT_DISCORD_SHARD_COUNT"])
    env = {**literal, "PATH": f"{fake_banbot(tmp_path)}:{os.environ['PATH']}"}
    seen: list[int] = []
    for ordinal in range(statefulset["spec"]["replicas"]):
        pod = {**env, "HOSTNAME": f"{statefulset['metadata']['name']}-{ordinal}"}
        result = subprocess.run(command, capture_output=True, text=True, env=pod, timeout=30, check=True)
        shards = re.search(r"shards=(\S+) of=(\d+) database=\S* args=serve$", result.stdout.strip())
        assert shards is not None, result.stdout
        assert int(shards.group(2)) == count
        seen.extend(shard_ids(shards.group(1)))
    assert sorted(seen) == list(range(count))
    check_probes(container)
    assert statefulset["spec"]["template"]["metadata"]["annotations"]["prometheus.io/path"] == "/metrics"


# -- the compose smoke test's parts ----------------------------------------------------------------


def test_compose_smoke_script_is_bounded_and_cleans_up() -> None:
    subprocess.run(["bash", "-n", str(SMOKE_SCRIPT)], check=True, timeout=30)
    text = SMOKE_SCRIPT.read_text()
    assert "trap cleanup EXIT" in text and "down -v" in text
    assert "deploy/compose.smoke.yaml" in text
    assert os.access(SMOKE_SCRIPT, os.X_OK)
    # Every curl has a time limit, every docker-compose call is under `timeout`.
    assert all("-m " in line for line in text.splitlines() if re.search(r"\bcurl -", line))
    for line in text.splitlines():
        if '"${dc[@]}"' in line and not line.lstrip().startswith("#"):
            assert "timeout " in line, line


async def test_smoke_fake_bot_api_records_the_webhook_and_which_replica_sent_each_reply() -> None:
    sys.path.insert(0, str(DEPLOY / "smoke"))
    try:
        from fake_bot_api import ServedFakeTelegram
    finally:
        sys.path.remove(str(DEPLOY / "smoke"))
    fake = ServedFakeTelegram("123:test-token")
    port = await fake.serve("127.0.0.1", 0)
    base = f"http://127.0.0.1:{port}"
    try:
        async with aiohttp.ClientSession() as session:
            hook = {"url": "https://bot.example.com/telegram/webhook", "secret_token": "s"}
            async with session.post(f"{base}/bot123:test-token/setWebhook", json=hook) as response:
                assert (await response.json())["result"] is True
            async with session.post(f"{base}/bot123:test-token/getWebhookInfo") as response:
                assert (await response.json())["result"]["url"] == hook["url"]
            message = {"chat_id": 900000002, "text": "September 29, 2024"}
            async with session.post(f"{base}/bot123:test-token/sendMessage", json=message) as response:
                assert response.status == 200
            async with session.post(f"{base}/botwrong/sendMessage", json=message) as response:
                assert response.status == 401
            async with session.get(f"{base}/_sent") as response:
                assert await response.json() == [
                    {"chat_id": 900000002, "text": "September 29, 2024", "from": "127.0.0.1"}
                ]
            async with session.get(f"{base}/_state") as response:
                state = await response.json()
        assert state["webhook"] == {"url": hook["url"], "has_secret_token": True}
        assert state["calls"]["setWebhook"] == 1 and state["calls"]["sendMessage"] == 2
    finally:
        await fake.stop()
