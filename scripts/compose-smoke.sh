#!/usr/bin/env bash
# Brings deploy/compose.yaml up on this machine and checks Telegram's webhook replicas behind
# Caddy: updates POSTed to Caddy (with the secret header, as Telegram sends them) are answered
# by both replicas, and when one replica is stopped no update is lost. The Discord shard groups
# are not started (they would need Discord).
#
# deploy/compose.smoke.yaml makes it work with no container registry and no Telegram:
# PostgreSQL and Caddy are local images built from Debian's packages on the local
# python:3.11-slim, and the tests' fake Bot API (tests/fake_telegram.py, served by
# deploy/smoke/fake_bot_api.py) stands in for Telegram and records which replica sent each reply.
#
# Needs a Docker daemon, docker-compose (Debian's package) or `docker compose`, and the
# python:3.11-slim image: on a machine without a registry, run ../shared/tools/docker-local-base.sh
# first. Every wait is bounded; everything it started is removed at the end (`down -v`).
# Settings: SMOKE_UPDATES_BEFORE (default 20), SMOKE_UPDATES_DURING (default 40).
set -euo pipefail
cd "$(dirname "$0")/.."

before=${SMOKE_UPDATES_BEFORE:-20}
during=${SMOKE_UPDATES_DURING:-40}
project=banbot-smoke-$$
work=$(mktemp -d)
say() { echo "compose smoke: $*"; }

if docker compose version >/dev/null 2>&1; then
    dc=(docker compose)
elif command -v docker-compose >/dev/null; then
    dc=(docker-compose)
else
    say "needs docker-compose or the docker compose plugin (apt-get install docker-compose)" >&2
    exit 1
fi
dc+=(-p "$project" -f deploy/compose.yaml -f deploy/compose.smoke.yaml)

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
random_text() { python3 -c "import secrets; print(secrets.token_hex($1))"; }

# Secrets, as files, the way deploy/compose.yaml reads them.
secrets_dir=$work/secrets
mkdir -m 700 "$secrets_dir"
token="123456789:SMOKE$(random_text 16)"
secret=$(random_text 24)
echo "$token" >"$secrets_dir/telegram_token"
echo "$secret" >"$secrets_dir/telegram_webhook_secret"
echo "not-used-by-the-smoke-test" >"$secrets_dir/discord_token"
random_text 16 >"$secrets_dir/postgres_password"
chmod 644 "$secrets_dir"/*

http_port=$(free_port)
export BANBOT_SECRETS_DIR=$secrets_dir
export BANBOT_DOMAIN=bot.smoke.invalid
export BANBOT_IMAGE=${BANBOT_IMAGE:-banbot:compose-smoke}
export BANBOT_HTTP_PORT=127.0.0.1:$http_port
export BANBOT_HTTPS_PORT=127.0.0.1:$(free_port)
webhook=http://127.0.0.1:$http_port/telegram/webhook

cleanup() {
    status=$?
    trap - EXIT INT TERM
    timeout 180 "${dc[@]}" down -v --remove-orphans --timeout 5 >/dev/null 2>&1 \
        || say "could not bring the project $project down; see: docker ps -a" >&2
    rm -rf "$work"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fail() {
    say "FAILED: $*" >&2
    timeout 60 "${dc[@]}" logs --no-color --tail 15 telegram caddy fake-telegram >&2 2>&1 || true
    exit 1
}

# wait_until SECONDS WHAT COMMAND...: run COMMAND every second until it succeeds, at most SECONDS.
wait_until() {
    local limit=$1 what=$2
    shift 2
    local end=$((SECONDS + limit))
    until "$@" >/dev/null 2>&1; do
        ((SECONDS < end)) || fail "timed out after ${limit}s waiting for $what"
        sleep 1
    done
}

say "building the images (banbot as $BANBOT_IMAGE, local stand-ins for postgres and caddy)"
timeout 900 docker build --quiet -t "$BANBOT_IMAGE" . >/dev/null
timeout 900 "${dc[@]}" build postgres caddy >"$work/build.log" 2>&1 \
    || fail "building the postgres and caddy stand-ins failed: $(tail -n 5 "$work/build.log")"
say "starting postgres, the fake Bot API, 2 Telegram replicas and caddy (project $project)"
timeout 300 "${dc[@]}" up -d --no-build postgres fake-telegram telegram caddy >"$work/up.log" 2>&1 \
    || fail "docker-compose up failed: $(tail -n 5 "$work/up.log")"

fake=$(timeout 30 "${dc[@]}" ps -q fake-telegram)
mapfile -t replicas < <(timeout 30 "${dc[@]}" ps -q telegram)
[ "${#replicas[@]}" -eq 2 ] || fail "expected 2 Telegram replicas, found ${#replicas[@]}"
ready() {
    timeout 20 docker exec "$1" python -c \
        "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8080/readyz', timeout=5)"
}
declare -A name_of_ip=()
names=()
for id in "${replicas[@]}"; do
    name=$(docker inspect -f '{{.Name}}' "$id")
    name=${name#/}
    ip=$(docker inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' "$id")
    name_of_ip[$ip]=$name
    names+=("$name")
    wait_until 180 "$name to answer 200 on /readyz (is Telegram webhook mode in this image?)" ready "$id"
done
wait_until 60 "caddy on $webhook" \
    sh -c "curl -s -o /dev/null -m 5 -w '%{http_code}' http://127.0.0.1:$http_port/ | grep -q 404"
say "replicas ready: ${names[*]}; caddy on 127.0.0.1:$http_port"

fake_get() {
    timeout 30 docker exec "$fake" python -c \
        "import sys, urllib.request; sys.stdout.write(urllib.request.urlopen('http://127.0.0.1:8081$1', timeout=10).read().decode())"
}

questions=("when do updates stop?" "how many employees are being laid off?" "who confirmed the layoffs?"
    "when did the ban on new sales start?" "when was kaspersky founded?")
chat_base=900000000

# post N SECRET: POST update N to caddy as Telegram would; prints the HTTP status (000: no answer).
post() {
    local n=$1 key=$2 chat=$((chat_base + $1)) body
    body=$(printf '{"update_id":%d,"message":{"message_id":%d,"date":%d,"chat":{"id":%d,"type":"private","first_name":"Smoke"},"from":{"id":%d,"is_bot":false,"first_name":"Smoke","language_code":"en"},"text":"%s"}}' \
        "$n" "$n" "$(date +%s)" "$chat" "$chat" "${questions[$((n % ${#questions[@]}))]}")
    curl -s -m 10 -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
        -H "X-Telegram-Bot-Api-Secret-Token: $key" --data-binary "$body" "$webhook" || true
}

# deliver N PHASE: post update N until caddy answers 200, at most 3 tries a second apart (Telegram
# itself retries a failed webhook delivery); logs "N PHASE TRIES LAST-STATUS FIRST-STATUS".
deliver() {
    local tries=0 status=000 first=
    while ((tries < 3)); do
        tries=$((tries + 1))
        status=$(post "$1" "$secret")
        first=${first:-$status}
        [ "$status" = 200 ] && break
        sleep 1
    done
    echo "$1 $2 $tries $status $first" >>"$work/delivered"
}
touch "$work/delivered"

# A wrong secret must be refused, and its update never answered.
wrong_status=$(post 1 "wrong-$secret")

n=1
for _ in $(seq "$before"); do
    n=$((n + 1))
    deliver "$n" before
done

# Send the rest at about 10 a second while the second replica is stopped.
victim=${replicas[1]}
victim_name=${names[1]}
(
    end=$((SECONDS + 150))
    for m in $(seq $((n + 1)) $((n + during))); do
        ((SECONDS < end)) || break
        deliver "$m" during
        sleep 0.1
    done
) &
sender=$!
wait_until 60 "the first updates of the second phase" \
    sh -c "[ \$(grep -c ' during ' '$work/delivered') -ge $((during / 4)) ]"
stopped_after=$(grep -c ' during ' "$work/delivered" || true)
say "stopping $victim_name after $stopped_after of $during updates of the second phase"
timeout 60 docker stop -t 15 "$victim" >/dev/null || fail "docker stop $victim_name did not finish"
stopped_done=$(grep -c ' during ' "$work/delivered" || true)
wait "$sender" || true
victim_exit=$(docker inspect -f '{{.State.ExitCode}}' "$victim")
last=$((n + during))

answered() {
    fake_get /_sent >"$work/sent.json" || return 1
    python3 - "$work/sent.json" "$last" "$chat_base" <<'PY'
import json, sys
sent = json.load(open(sys.argv[1]))
last, base = int(sys.argv[2]), int(sys.argv[3])
chats = {entry["chat_id"] for entry in sent}
sys.exit(0 if all(base + n in chats for n in range(2, last + 1)) else 1)
PY
}
# Updates still unanswered after a minute are lost (the wait ends early when all are in).
end=$((SECONDS + 60))
until answered; do
    ((SECONDS < end)) || break
    sleep 1
done
sleep 2
fake_get /_sent >"$work/sent.json"
fake_get /_state >"$work/state.json"
questions_stored=$(timeout 120 "${dc[@]}" run --rm --no-deps -T telegram gaps --json --since 1h 2>/dev/null \
    | python3 -c 'import json, sys; print(json.load(sys.stdin)["totals"]["questions"])' 2>/dev/null || echo "?")

names_json=$(for ip in "${!name_of_ip[@]}"; do printf '%s %s\n' "$ip" "${name_of_ip[$ip]}"; done)
python3 - "$work/sent.json" "$work/state.json" "$work/delivered" <<PY
import json, sys
from collections import Counter
sent = json.load(open(sys.argv[1]))
state = json.load(open(sys.argv[2]))
delivered = [line.split() for line in open(sys.argv[3])]
names = dict(line.split() for line in """$names_json""".strip().splitlines())
base, before, during, victim = $chat_base, $before, $during, "$victim_name"
phase = {base + int(n): p for n, p, *_ in delivered}
answered_by = {}
replies = Counter()
for entry in sent:
    replies[entry["chat_id"]] += 1
    answered_by.setdefault(entry["chat_id"], names.get(entry["from"], entry["from"]))
problems = []

def report(label, wanted):
    chats = [c for c, p in phase.items() if p == wanted]
    counts = Counter(answered_by[c] for c in chats if c in answered_by)
    lost = sum(1 for c in chats if c not in answered_by)
    per = ", ".join(f"{name}: {count}" for name, count in sorted(counts.items())) or "none"
    print(f"  {label}: {len(chats)} updates sent; answered by {per}; lost: {lost}")
    return counts, lost

print("compose smoke: what it saw")
counts_before, lost_before = report("before the stop", "before")
counts_during, lost_during = report(f"while and after {victim} stopped", "during")
unsent = before + during - len(delivered)
first_refusals = Counter(first for _, _, tries, _, first in delivered if int(tries) > 1)
retried = ", ".join(f"HTTP {status} x{count}" for status, count in sorted(first_refusals.items())) or "none"
refused = sum(1 for _, _, _, status, _ in delivered if status != "200")
twice = sum(1 for count in replies.values() if count > 1)
print(f"  deliveries retried as Telegram would (first answer not 200): {retried}; "
      f"never accepted: {refused}; not sent in time: {unsent}")
print(f"  updates answered more than once: {twice}")
print(f"  update with a wrong secret: HTTP $wrong_status, answered: {'yes' if base + 1 in answered_by else 'no'}")
hook = state["webhook"]
print(f"  webhook at the fake Bot API: {hook['url'] or '(none)'}, secret token set: {hook['has_secret_token']}; "
      f"getUpdates calls: {state['calls'].get('getUpdates', 0)}; setWebhook calls: {state['calls'].get('setWebhook', 0)}")
print(f"  {victim} exit code after docker stop: $victim_exit "
      f"(stop began after update $stopped_after and ended after update $stopped_done of the second phase)")
print(f"  questions in the shared PostgreSQL store (banbot gaps): $questions_stored")
lost = lost_before + lost_during + unsent
print(f"  lost updates: {lost}")
if lost:
    problems.append(f"{lost} updates lost")
if len(counts_before) < 2:
    problems.append("only one replica answered before the stop")
survivors = {name for name in counts_during if name != victim}
if not survivors:
    problems.append("the surviving replica answered nothing in the second phase")
if "$wrong_status" == "200" or base + 1 in answered_by:
    problems.append("an update with a wrong secret was accepted")
if hook["url"] != "https://$BANBOT_DOMAIN/telegram/webhook" or not hook["has_secret_token"]:
    problems.append("the webhook is not set with its secret (a stopping replica must not delete it)")
if state["calls"].get("getUpdates", 0):
    problems.append("a replica long-polled (getUpdates) instead of taking webhooks")
if problems:
    print("compose smoke: FAILED: " + "; ".join(problems), file=sys.stderr)
    sys.exit(1)
PY
say "passed"
