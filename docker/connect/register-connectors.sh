#!/usr/bin/env bash
# Registers, or updates, every connector config in a folder (default /connectors, mounted from
# sandbox/connectors) with Connect's REST API (PUT /connectors/<name>/config, so a second run changes nothing),
# then waits until each connector and all its tasks are RUNNING. Exits 1 with Connect's answer when one is not.
#   register-connectors.sh [FOLDER]             what the register-connectors service of docker-compose.yml runs
#   register-connectors.sh --print-config FILE  prints the "config" object of FILE (tested by DockerComposeFileTest)
set -euo pipefail

# The "config" object of a connector file: from the line with "config": { to the line before the final }.
# The committed files keep that layout: "name" first, then "config", closed on its own line.
print_config() {
  sed -n '/"config"[[:space:]]*:[[:space:]]*{/,$p' "$1" | sed '1s/.*"config"[[:space:]]*:[[:space:]]*//' | sed '$d'
}

connector_name() {
  sed -n 's/^[[:space:]]*"name"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p' "$1" | head -n 1
}

if [[ "${1:-}" == "--print-config" ]]; then
  print_config "$2"
  exit 0
fi

folder="${1:-/connectors}"
connect="${CONNECT_URL:-http://connect:8083}"
timeout="${CONNECTOR_TIMEOUT_SECONDS:-120}"
pause="${RETRY_PAUSE_SECONDS:-2}"
answer="$(mktemp)"
errors="$(mktemp)"
trap 'rm -f "$answer" "$errors"' EXIT

shopt -s nullglob
files=("$folder"/*.json)
if (( ${#files[@]} == 0 )); then
  echo "No connector configs (*.json) in $folder" >&2
  exit 1
fi

for file in "${files[@]}"; do
  name="$(connector_name "$file")"
  if [[ -z "$name" ]]; then
    echo "$file has no \"name\"" >&2
    exit 1
  fi
  # a worker that has just started may answer 409 (rebalancing) or 5xx for a while: try again
  for attempt in $(seq 1 30); do
    code="$(print_config "$file" | curl -sS -o "$answer" -w '%{http_code}' -X PUT \
      -H 'Content-Type: application/json' --data-binary @- "$connect/connectors/$name/config" 2>"$errors" \
      || true)"
    if [[ "$code" == "200" || "$code" == "201" ]]; then
      break
    fi
    if [[ "$code" != "000" && "$code" != "409" && "$code" != 5* ]] || (( attempt == 30 )); then
      echo "Connect refused $name from $file (HTTP $code): $(cat "$answer" "$errors")" >&2
      exit 1
    fi
    sleep "$pause"
  done
  echo "Registered $name from $file"
done

deadline=$(( $(date +%s) + timeout ))
for file in "${files[@]}"; do
  name="$(connector_name "$file")"
  while true; do
    status="$(curl -sS "$connect/connectors/$name/status" || true)"
    states="$(grep -o '"state":"[A-Z_]*"' <<<"$status" || true)"
    if grep -q 'FAILED' <<<"$states"; then
      echo "Connector $name failed: $status" >&2
      exit 1
    fi
    # the connector's own state plus at least one task, all RUNNING
    if (( $(grep -c . <<<"$states") >= 2 )) && ! grep -v -q '"state":"RUNNING"' <<<"$states"; then
      echo "Connector $name and its tasks are RUNNING"
      break
    fi
    if (( $(date +%s) > deadline )); then
      echo "Connector $name not RUNNING after ${timeout}s: $status" >&2
      exit 1
    fi
    sleep "$pause"
  done
done
