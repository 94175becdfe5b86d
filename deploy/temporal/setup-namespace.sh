#!/bin/sh
# One-shot, run by the temporal-namespace-setup service of docker-compose.yml (temporalio/admin-tools).
#
# Waits for the Temporal server, creates the namespace if it does not exist, and registers each
# search attribute given as an argument NAME=Type (Keyword, Int, ...) unless the namespace has it.
# Safe to run on every `docker compose up`; fails if an attribute exists with another type.
#
# Environment: TEMPORAL_ADDRESS (host:port), NAMESPACE, RETENTION (of closed workflows, for a new
# namespace), RETRIES and RETRY_SECONDS (how long to keep trying while the server starts).
set -eu

address="${TEMPORAL_ADDRESS:-temporal:7233}"
namespace="${NAMESPACE:-default}"
retention="${RETENTION:-720h}"
retries="${RETRIES:-100}"
pause="${RETRY_SECONDS:-3}"

if [ "$#" -eq 0 ]; then
  echo "usage: $0 NAME=Type..." >&2
  exit 2
fi
for spec in "$@"; do
  case "$spec" in
    ?*=?*) ;;
    *) echo "setup-namespace: not NAME=Type: $spec" >&2; exit 2 ;;
  esac
done

# As Temporal's own compose setup does: talk to the server by its IPv4 address, not its name.
host="${address%:*}"
port="${address##*:}"
ip="$(getent ahosts "$host" 2>/dev/null | awk '/STREAM/ && $1 ~ /^[0-9.]+$/ { print $1; exit }')" || ip=""
if [ -n "$ip" ]; then
  address="$ip:$port"
fi

# retry WHAT COMMAND [ARG...]: runs COMMAND until it succeeds, at most $retries times.
retry() {
  what="$1"
  shift
  attempt=1
  until "$@"; do
    if [ "$attempt" -ge "$retries" ]; then
      echo "setup-namespace: gave up on $what after $attempt attempts" >&2
      exit 1
    fi
    echo "setup-namespace: waiting for $what (attempt $attempt of $retries)" >&2
    attempt=$((attempt + 1))
    sleep "$pause"
  done
}

server_healthy() {
  temporal operator cluster health --address "$address"
}

ensure_namespace() {
  if temporal operator namespace describe --address "$address" --namespace "$namespace" >/dev/null 2>&1; then
    return 0
  fi
  temporal operator namespace create --address "$address" --namespace "$namespace" --retention "$retention"
}

# ensure_attribute NAME TYPE
ensure_attribute() {
  listing="$(temporal operator search-attribute list --address "$address" --namespace "$namespace")" || return 1
  line="$(printf '%s\n' "$listing" | grep -w -- "$1" || true)"
  if [ -z "$line" ]; then
    temporal operator search-attribute create --address "$address" --namespace "$namespace" --name "$1" --type "$2"
  elif printf '%s\n' "$line" | grep -qiw -- "$2"; then
    echo "setup-namespace: $namespace already has search attribute $1 ($2)"
  else
    echo "setup-namespace: $namespace has search attribute $1 with another type than $2: $line" >&2
    exit 1
  fi
}

retry "the Temporal server at $address" server_healthy
retry "namespace $namespace" ensure_namespace
for spec in "$@"; do
  retry "search attribute ${spec%%=*}" ensure_attribute "${spec%%=*}" "${spec#*=}"
done
echo "setup-namespace: namespace $namespace is ready"
