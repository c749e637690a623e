#!/usr/bin/env bash
# Install and start a Docker engine for the sandboxed packs (issue 4).
# Idempotent; run as root on Debian 12. No systemd runs here, so dockerd is started by hand.
# --bridge=none --iptables=false: our containers all use --network none, and the machine
# must not get NAT rules or a docker0 bridge that could route anywhere.
set -euo pipefail

LOG=/var/log/dockerd-pytest-quality.log
WAIT_S=${DOCKERD_WAIT_S:-60}

missing=()
command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap)
if ((${#missing[@]})); then
    echo "install-docker: installing ${missing[*]}" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

# Debian's CLI is /usr/bin/docker; some machines carry a newer one in /usr/local/bin. Either works.
if docker info >/dev/null 2>&1; then
    echo "install-docker: a Docker engine already answers" >&2
    exit 0
fi

echo "install-docker: starting dockerd (log: $LOG)" >&2
# setsid: the daemon must outlive this script and not get the caller's Ctrl-C.
setsid nohup dockerd --bridge=none --iptables=false >>"$LOG" 2>&1 </dev/null &

for ((i = 0; i < WAIT_S * 2; i++)); do
    if docker info >/dev/null 2>&1; then
        echo "install-docker: engine ready after ~$((i / 2)) s" >&2
        exit 0
    fi
    sleep 0.5
done

echo "install-docker: ERROR: dockerd did not answer within ${WAIT_S} s. Last lines of $LOG:" >&2
tail -n 30 "$LOG" >&2 || true
exit 1
