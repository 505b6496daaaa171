#!/usr/bin/env bash
# Issue 7: anzhi as several servers on one PostgreSQL behind nginx. Starts two
# `anzhi serve` processes (release) on one fresh PostgreSQL database filled by
# `anzhi bench-data`, sharing one uploads directory, with nginx (Debian's package, run
# as its own process from a config in a temporary directory) balancing over them, and
# checks:
#   1. sessions: a login on server A works on server B; a logout on B ends it on A;
#   2. uploads: a photo uploaded through A, reported with a hazard through B, downloads
#      with the same bytes from A and from B;
#   3. reminders: both servers run the reminder job every few seconds on data with
#      reminders due; no notification is created twice, and some are created;
#   4. failover: hazard reports (each with its own photo) and reads through nginx;
#      server A is killed (-9) under that load; every report answered 201 (or 200, a
#      replay) is in the database with its description; every report is sent again
#      with its Idempotency-Key until answered, and none is in the database twice;
#      reads fail over to B.
# Prints PASS/FAIL with figures, stores them in bench/results/cluster.txt, exits 1 when
# a check fails.
#
# PostgreSQL: ANZHI_DATABASE_URL when set (an empty database: it is filled here, and
# one that holds data is refused);
# otherwise the local cluster (installed and started when missing, as `make test` does)
# with a database anzhi_cluster, dropped and created again on every run, owned by
# the role anzhi (password anzhi, created when missing).
# CLUSTER_ENTERPRISES / CLUSTER_HAZARDS (default 2,000 / 20,000) size the data;
# CLUSTER_SECS (default 20) is the length of the load, server A being killed after
# CLUSTER_KILL_AFTER (default 6) seconds; CLUSTER_PORT (default 18280) is nginx's port,
# the servers take the next two. Logs stay in a temporary directory (printed) when a
# check fails or CLUSTER_KEEP is set.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
E=${CLUSTER_ENTERPRISES:-2000}
H=${CLUSTER_HAZARDS:-20000}
SECS=${CLUSTER_SECS:-20}
KILL_AFTER=${CLUSTER_KILL_AFTER:-6}
INTERVAL=${CLUSTER_REMINDER_INTERVAL:-2}
PORT=${CLUSTER_PORT:-18280}
PORT_A=$((PORT + 1))
PORT_B=$((PORT + 2))
NGINX="http://127.0.0.1:$PORT"
SA="http://127.0.0.1:$PORT_A"
SB="http://127.0.0.1:$PORT_B"
PASSWORD=Anzhi@2026
OUT=bench/results/cluster.txt
mkdir -p bench/results

TMP=$(mktemp -d /tmp/anzhi-cluster.XXXXXX)
chmod 711 "$TMP"
RES=$TMP/results.txt
: >"$RES"
PIDS=()
NGINX_PID=
PID_A=
PID_B=
POLICY_RC_CREATED=
FAILED=0
cleanup() {
  local rc=$?
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -n "$NGINX_PID" ] && kill "$NGINX_PID" 2>/dev/null || true
  for p in $PID_A $PID_B; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}" $NGINX_PID $PID_A $PID_B; do wait "$p" 2>/dev/null || true; done
  [ -n "$POLICY_RC_CREATED" ] && rm -f /usr/sbin/policy-rc.d
  if [ "$rc" -eq 0 ] && [ "$FAILED" -eq 0 ] && [ -z "${CLUSTER_KEEP:-}" ]; then
    rm -rf "$TMP"
  else
    echo "logs and files kept in $TMP"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say() { printf '%s\n' "$*" | tee -a "$RES"; }
check() { # NAME OK(0|1) FIGURES
  if [ "$2" -eq 0 ]; then say "PASS  $1 — $3"; else say "FAIL  $1 — $3"; FAILED=1; fi
}

# ---- Debian packages (nginx, wrk, jq, curl, PostgreSQL), installed when missing ----
need=()
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || need+=(nginx)
command -v wrk >/dev/null || need+=(wrk)
command -v jq >/dev/null || need+=(jq)
command -v curl >/dev/null || need+=(curl)
command -v python3 >/dev/null || need+=(python3)
if [ -z "${ANZHI_DATABASE_URL:-}" ]; then
  command -v pg_ctlcluster >/dev/null || need+=(postgresql)
else
  command -v psql >/dev/null || need+=(postgresql-client)
fi
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "Missing Debian packages: ${need[*]}. Install them: sudo apt-get install -y ${need[*]}" >&2
    exit 1
  fi
  echo "installing ${need[*]} (Debian packages)…"
  # Packages must not start their services (nginx would take port 80): policy-rc.d
  # refuses every start while installing, unless the machine already has one.
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    POLICY_RC_CREATED=1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need[@]}" >/dev/null
  if [ -n "$POLICY_RC_CREATED" ]; then rm -f /usr/sbin/policy-rc.d; POLICY_RC_CREATED=; fi
  if [[ " ${need[*]} " == *" nginx "* ]]; then
    # This script runs its own nginx; the system service stays off.
    if [ -d /run/systemd/system ]; then systemctl disable --now nginx >/dev/null 2>&1 || true; fi
    update-rc.d nginx disable >/dev/null 2>&1 || true
  fi
fi
NGINX_BIN=$(command -v nginx || echo /usr/sbin/nginx)

# ---- PostgreSQL: a fresh database ----
if [ -n "${ANZHI_DATABASE_URL:-}" ]; then
  URL=$ANZHI_DATABASE_URL
  DB_NOTE="ANZHI_DATABASE_URL ($(sed -E 's|//[^@/]*@|//|' <<<"$URL"))"
else
  if [ "$(id -u)" -ne 0 ]; then
    echo "Without ANZHI_DATABASE_URL this script prepares the local PostgreSQL and must run as root" >&2
    exit 1
  fi
  if ! pg_lsclusters -h 2>/dev/null | grep -q .; then
    pg_createcluster "$(ls /usr/lib/postgresql | sort -V | tail -1)" main >/dev/null
  fi
  ver=$(pg_lsclusters -h | awk 'NR==1{print $1}')
  pg_ctlcluster "$ver" main start >/dev/null 2>&1 || true
  for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -q && break; sleep 1; done
  pgsu() { (cd / && PGOPTIONS='-c client_min_messages=warning' runuser -u postgres -- psql -qtAX -v ON_ERROR_STOP=1 -c "$1"); }
  pgsu "SELECT 1 FROM pg_roles WHERE rolname='anzhi'" | grep -q 1 ||
    pgsu "CREATE ROLE anzhi LOGIN PASSWORD 'anzhi' CREATEDB"
  pgsu "DROP DATABASE IF EXISTS anzhi_cluster WITH (FORCE)"
  pgsu "CREATE DATABASE anzhi_cluster OWNER anzhi"
  URL=postgres://anzhi:anzhi@127.0.0.1/anzhi_cluster
  DB_NOTE="local PostgreSQL $ver, fresh database anzhi_cluster"
fi
q() { psql "$URL" -qtAX -v ON_ERROR_STOP=1 -c "$1"; }
PG_VERSION=$(q "SHOW server_version" | awk '{print $1}')

# ---- the release binary and the data ----
cargo build --quiet --release -p anzhi
BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/anzhi"
# Servers on one database share the field-encryption key (README).
export ANZHI_FIELD_KEY
ANZHI_FIELD_KEY=$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')
export ANZHI_INITIAL_ADMIN_PASSWORD
ANZHI_INITIAL_ADMIN_PASSWORD="Cl-$(od -An -tx1 -N12 /dev/urandom | tr -d ' \n')"

if [ "$(q "SELECT to_regclass('hazards') IS NOT NULL")" = t ] &&
  [ "$(q "SELECT count(*) FROM (SELECT 1 FROM hazards LIMIT 1) h")" -gt 0 ]; then
  echo "$DB_NOTE already holds data: give an empty database (every run starts from bench-data)" >&2
  exit 1
fi
echo "filling $E enterprises and $H hazards (anzhi bench-data)…"
t0=$SECONDS
"$BIN" bench-data --database-url "$URL" --data-dir "$TMP/fill" --enterprises "$E" --hazards "$H" \
  >"$TMP/fill.log" 2>&1 || { tail -20 "$TMP/fill.log"; exit 1; }
FILL_SECS=$((SECONDS - t0))
NOTES0=$(q "SELECT count(*) FROM notifications")

# ---- two servers, one database, one uploads directory; nginx in front ----
mkdir -p "$TMP/files" "$TMP/a" "$TMP/b" "$TMP/nginx"/{body,proxy,fastcgi,uwsgi,scgi}
start_server() { # NAME PORT → pid in $!
  ANZHI_LOG=info "$BIN" serve --database-url "$URL" --data-dir "$TMP/$1" --files-dir "$TMP/files" \
    --listen "127.0.0.1:$2" --trust-proxy --reminder-interval "$INTERVAL" >"$TMP/$1.log" 2>&1 &
}
start_server a "$PORT_A"; PID_A=$!
start_server b "$PORT_B"; PID_B=$!
NGINX_USER=
if [ "$(id -u)" -eq 0 ]; then
  NGINX_USER="user nobody nogroup;"
  chown -R nobody:nogroup "$TMP/nginx"
fi
sed -e "s|@PREFIX@|$TMP/nginx|g" -e "s|@PORT@|$PORT|g" -e "s|@PORT_A@|$PORT_A|g" \
  -e "s|@PORT_B@|$PORT_B|g" -e "s|@USER@|$NGINX_USER|g" bench/cluster/nginx.conf.in >"$TMP/nginx/nginx.conf"
"$NGINX_BIN" -t -q -c "$TMP/nginx/nginx.conf" -p "$TMP/nginx" 2>"$TMP/nginx/test.log" ||
  { cat "$TMP/nginx/test.log"; exit 1; }
"$NGINX_BIN" -c "$TMP/nginx/nginx.conf" -p "$TMP/nginx" 2>>"$TMP/nginx/error.log" &
NGINX_PID=$!
for base in "$SA" "$SB" "$NGINX"; do
  up=0
  for _ in $(seq 1 300); do
    if curl -sf "$base/api/health" >/dev/null; then up=1; break; fi
    sleep 0.2
  done
  [ $up = 1 ] || { echo "$base did not start:"; tail -5 "$TMP"/a.log "$TMP"/b.log "$TMP/nginx/error.log"; exit 1; }
done
STARTED=$(date +%s)

{
  echo "# anzhi cluster test — $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, PostgreSQL $PG_VERSION, release"
  echo "# 2 × anzhi serve (--trust-proxy, --reminder-interval $INTERVAL, one --files-dir) behind nginx $("$NGINX_BIN" -v 2>&1 | sed 's|.*/||')"
  echo "# data: $E enterprises, $H hazards (bench-data, ${FILL_SECS} s); $DB_NOTE"
  echo
} | tee -a "$RES"

# login BASE USER NAME → COOKIE_<NAME>, CSRF_<NAME>
login() {
  local jar="$TMP/$3.cookies" body cookie
  body=$(curl -sf -c "$jar" -H 'Content-Type: application/json' \
    -d "{\"username\":\"$2\",\"password\":\"$PASSWORD\"}" "$1/api/auth/login") ||
    { echo "login of $2 at $1 failed"; exit 1; }
  cookie=$(awk '($0 ~ /^#HttpOnly_/ || $0 !~ /^#/) && NF >= 7 {printf "%s=%s; ", $6, $7}' "$jar")
  printf -v "COOKIE_$3" '%s' "$cookie"
  printf -v "CSRF_$3" '%s' "$(jq -r .csrf_token <<<"$body")"
}
status() { curl -s -o "${OUTFILE:-/dev/null}" -w '%{http_code}' "$@"; }

# ---- 1. sessions across servers ----
login "$SA" qiye1 s1
ME_B=$(OUTFILE=$TMP/me-b.json status -H "Cookie: $COOKIE_s1" "$SB/api/auth/me")
USER_B=$(jq -r '.user.username // empty' "$TMP/me-b.json" 2>/dev/null || true)
LOGOUT_B=$(status -X POST -H "Cookie: $COOKIE_s1" -H "X-CSRF-Token: $CSRF_s1" "$SB/api/auth/logout")
ME_A_AFTER=$(status -H "Cookie: $COOKIE_s1" "$SA/api/auth/me")
ME_B_AFTER=$(status -H "Cookie: $COOKIE_s1" "$SB/api/auth/me")
ok=1
[ "$ME_B" = 200 ] && [ "$USER_B" = qiye1 ] && [[ "$LOGOUT_B" == 2* ]] &&
  [ "$ME_A_AFTER" = 401 ] && [ "$ME_B_AFTER" = 401 ] && ok=0
check "1. sessions across servers" $ok \
  "login on A; /api/auth/me on B: $ME_B (${USER_B:-?}); logout on B: $LOGOUT_B; then /api/auth/me on A: $ME_A_AFTER, on B: $ME_B_AFTER"

# ---- 2. uploads seen by both servers ----
python3 - "$TMP/photo.png" 320 240 <<'PY'
import os, struct, sys, zlib
w, h = int(sys.argv[2]), int(sys.argv[3])
noise = os.urandom(w * h)
raw = b"".join(b"\x00" + bytes(v for x in range(w) for v in (x * 255 // w, y * 255 // h, noise[y * w + x]))
               for y in range(h))
def chunk(t, d):
    return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)
png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
       + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
open(sys.argv[1], "wb").write(png)
PY
login "$SA" qiye1 s2
CAT=$(curl -sf -H "Cookie: $COOKIE_s2" "$SB/api/hazard-categories" |
  jq -r 'if type == "array" then .[0].id else .items[0].id end')
UP_A=$(OUTFILE=$TMP/upload.json status -H "Cookie: $COOKIE_s2" -H "X-CSRF-Token: $CSRF_s2" \
  -F "file=@$TMP/photo.png;type=image/png;filename=集群照片.png" "$SA/api/photos")
PHOTO=$(jq -r '.id // empty' "$TMP/upload.json" 2>/dev/null || true)
SIZE=$(jq -r '.size // empty' "$TMP/upload.json" 2>/dev/null || true)
REPORT_B=$(OUTFILE=$TMP/report.json status -H "Cookie: $COOKIE_s2" -H "X-CSRF-Token: $CSRF_s2" \
  -H 'Content-Type: application/json' \
  -d "{\"category_id\":\"$CAT\",\"description\":\"集群测试：A上传的照片经B上报\",\"photos\":[\"$PHOTO\"]}" "$SB/api/hazards")
HAZARD=$(jq -r '.id // empty' "$TMP/report.json" 2>/dev/null || true)
DL=()
for srv in A:$SA B:$SB; do
  n=${srv%%:*}; base=${srv#*:}
  DL+=("$(OUTFILE=$TMP/photo-$n.jpg status -H "Cookie: $COOKIE_s2" "$base/api/files/$PHOTO")")
  DL+=("$(OUTFILE=$TMP/thumb-$n.jpg status -H "Cookie: $COOKIE_s2" "$base/api/files/$PHOTO?thumb=true")")
done
DETAIL_A=$(curl -s -H "Cookie: $COOKIE_s2" "$SA/api/hazards/$HAZARD" | jq -r '[.photos[]?.id] | join(",")' 2>/dev/null || true)
sum() { sha256sum "$1" 2>/dev/null | cut -c1-16; }
BYTES_A=$(stat -c %s "$TMP/photo-A.jpg" 2>/dev/null || echo 0)
BYTES_B=$(stat -c %s "$TMP/photo-B.jpg" 2>/dev/null || echo 0)
ok=1
[ "$UP_A" = 201 ] && [ "$REPORT_B" = 201 ] && [ "${DL[*]}" = "200 200 200 200" ] &&
  [ "$BYTES_A" -gt 0 ] && [ "$BYTES_A" = "$SIZE" ] &&
  cmp -s "$TMP/photo-A.jpg" "$TMP/photo-B.jpg" && cmp -s "$TMP/thumb-A.jpg" "$TMP/thumb-B.jpg" &&
  [ "$DETAIL_A" = "$PHOTO" ] && ok=0
check "2. uploads seen by both servers" $ok \
  "photo uploaded via A: $UP_A; hazard reported with it via B: $REPORT_B; download A/B (photo, thumb): ${DL[*]}; photo $BYTES_A / $BYTES_B bytes (sha256 $(sum "$TMP/photo-A.jpg") / $(sum "$TMP/photo-B.jpg")), thumbs identical: $(cmp -s "$TMP/thumb-A.jpg" "$TMP/thumb-B.jpg" && echo yes || echo no); the hazard on A lists the photo: $([ "$DETAIL_A" = "$PHOTO" ] && echo yes || echo no)"

# ---- 3. reminders fire once ----
# Both servers scan every $INTERVAL s from their start. Wait until no notification has
# been added for 20 s (the first scans are done, later ones find every slot claimed).
echo "waiting for the reminder scans to settle…"
prev=-1; since=$SECONDS
while :; do
  n=$(q "SELECT count(*) FROM notifications")
  if [ "$n" != "$prev" ]; then prev=$n; since=$SECONDS; fi
  if [ "$n" -gt "$NOTES0" ] && [ $((SECONDS - since)) -ge 20 ]; then break; fi
  if [ $((SECONDS - since)) -ge 180 ] || [ $(($(date +%s) - STARTED)) -ge 900 ]; then break; fi
  sleep 2
done
SCAN_SECS=$(($(date +%s) - STARTED))
NOTES=$(( $(q "SELECT count(*) FROM notifications") - NOTES0 ))
KINDS=$(q "SELECT string_agg(kind || ' ' || c, ', ' ORDER BY c DESC) FROM (SELECT kind, count(*) c FROM notifications GROUP BY kind) k")
# One notification per unit and reminder: the same unit, kind, title, body and link
# twice is a reminder sent twice (titles carry the days left or overdue, bodies the
# task and period or the hazard's code).
read -r DUP_KEYS DUP_EXTRA <<<"$(q "SELECT count(*), coalesce(sum(c - 1), 0) FROM (SELECT count(*) c FROM notifications GROUP BY org_id, kind, title, body, link HAVING count(*) > 1) d" | tr '|' ' ')"
CLAIMS_A=$(q "SELECT count(*) FROM job_runs WHERE claimed_by LIKE '%-$PID_A'")
CLAIMS_B=$(q "SELECT count(*) FROM job_runs WHERE claimed_by LIKE '%-$PID_B'")
JOB_ERRORS=$(cat "$TMP/a.log" "$TMP/b.log" | grep -c 'reminder job failed' || true)
ok=1
[ "$NOTES" -gt 0 ] && [ "$DUP_EXTRA" -eq 0 ] && ok=0
check "3. reminders fire once" $ok \
  "after ${SCAN_SECS} s of scans every ${INTERVAL} s on both servers: $NOTES notifications created (${KINDS:-none}); duplicates (same unit, kind, title, body, link): $DUP_EXTRA in $DUP_KEYS groups; job slots claimed by A: $CLAIMS_A, by B: $CLAIMS_B; failed scans in the logs: $JOB_ERRORS"

# ---- 4. kill a server under load: no acknowledged write lost ----
login "$NGINX" qiye1 w
login "$NGINX" xiuying r
python3 - "$TMP/small.png" 64 64 <<'PY'
import struct, sys, zlib
w, h = int(sys.argv[2]), int(sys.argv[3])
raw = b"".join(b"\x00" + bytes(v for x in range(w) for v in (x * 4, y * 4, 128)) for y in range(h))
def chunk(t, d):
    return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)
png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
       + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
open(sys.argv[1], "wb").write(png)
PY
HZ=$(curl -sf -H "Cookie: $COOKIE_r" "$NGINX/api/hazards?page_size=20" | jq -r '.items[].id')
{
  printf '%s\n' /api/hazards "/api/hazards?state=open" "/api/hazards?overdue=true" /api/notifications \
    /api/auth/me /api/enterprises /api/hazard-categories
  for h in $HZ; do echo "/api/hazards/$h"; done
} >"$TMP/reads.txt"
mkdir -p "$TMP/load"
: >"$TMP/nginx/access.log"
RUN=$(date +%H%M%S)
PATHS_FILE="$TMP/reads.txt" COOKIE="$COOKIE_r" ERR_PREFIX="$TMP/load/read-err." \
  wrk -t4 -c4 -d"$SECS"s --timeout 10s -s bench/cluster/reads.lua "$NGINX" >"$TMP/load/reads.txt" 2>&1 &
W_READ=$!; PIDS+=("$W_READ")
PHOTO_FILE="$TMP/small.png" CATEGORY="$CAT" COOKIE="$COOKIE_w" CSRF="$CSRF_w" RUN="$RUN" \
  ACK_PREFIX="$TMP/load/ack." FAIL_PREFIX="$TMP/load/fail." \
  wrk -t4 -c4 -d"$SECS"s --timeout 10s -s bench/cluster/writes.lua "$NGINX" >"$TMP/load/writes.txt" 2>&1 &
W_WRITE=$!; PIDS+=("$W_WRITE")
sleep "$KILL_AFTER"
KILLED_AT=$(date +%s.%N)
kill -9 "$PID_A"
wait "$PID_A" 2>/dev/null || true
PID_A_DEAD=$PID_A
PID_A=
echo "killed server A (pid $PID_A_DEAD) under load"
wait "$W_READ" "$W_WRITE" || true
KILL_S=${KILLED_AT%.*}

cat "$TMP"/load/ack.* >"$TMP/acked.tsv" 2>/dev/null || : >"$TMP/acked.tsv"
cat "$TMP"/load/fail.* >"$TMP/failed.tsv" 2>/dev/null || : >"$TMP/failed.tsv"
cat "$TMP"/load/read-err.* >"$TMP/read-errors.tsv" 2>/dev/null || : >"$TMP/read-errors.tsv"
ACKED=$(wc -l <"$TMP/acked.tsv")
ACKED_AFTER=$(awk -F'\t' -v k="$KILL_S" '$3 > k' "$TMP/acked.tsv" | wc -l)
FAILED_REPORTS=$(awk -F'\t' '$1 == "report"' "$TMP/failed.tsv" | wc -l)
FAILED_UPLOADS=$(awk -F'\t' '$1 == "upload"' "$TMP/failed.tsv" | wc -l)
FAIL_CODES=$(cut -f2 "$TMP/failed.tsv" | sort | uniq -c | awk '{printf "%s%s×%s", sep, $2, $1; sep=", "}')
WR=$(sed -n 's/^RESULT //p' "$TMP/load/writes.txt")
RR=$(sed -n 's/^RESULT //p' "$TMP/load/reads.txt")
[ -n "$WR" ] || { echo "the write load did not run:"; cat "$TMP/load/writes.txt"; exit 1; }
[ -n "$RR" ] || { echo "the read load did not run:"; cat "$TMP/load/reads.txt"; exit 1; }
W_SOCK=$(jq .socket_errors <<<"$WR")
R_SOCK=$(jq .socket_errors <<<"$RR")
# Every acknowledged hazard, looked up in PostgreSQL by id and description.
LOST=$(psql "$URL" -qtAX -v ON_ERROR_STOP=1 <<SQL
CREATE TEMP TABLE acked (id uuid, description text, at bigint, attempts int, replayed int);
\copy acked FROM '$TMP/acked.tsv'
SELECT count(*) FROM acked a LEFT JOIN hazards h ON h.id = a.id AND h.description = a.description
WHERE h.id IS NULL;
SQL
)
IN_DB=$(q "SELECT count(*) FROM hazards WHERE description LIKE '集群测试$RUN-%'")
# Each report was retried with its Idempotency-Key until answered: one hazard each.
DUPS=$(q "SELECT count(*) - count(DISTINCT description) FROM hazards WHERE description LIKE '集群测试$RUN-%'")
RETRIED=$(awk -F'\t' '$4 > 1' "$TMP/acked.tsv" | wc -l)
REPLAYED=$(awk -F'\t' '$5 == 1' "$TMP/acked.tsv" | wc -l)
READ_ERR_BEFORE=$(awk -F'\t' -v k="$KILL_S" '$2 < k' "$TMP/read-errors.tsv" | wc -l)
READ_ERR_AFTER=$(awk -F'\t' -v k="$KILL_S" '$2 >= k' "$TMP/read-errors.tsv" | wc -l)
# How nginx spread the requests: served by A, by B, or tried on A and passed to B.
read -r VIA_A VIA_B VIA_AB <<<"$(awk -v a="127.0.0.1:$PORT_A" -v b="127.0.0.1:$PORT_B" '
  { u = $4; gsub(/"/, "", u) }
  u == a { na++ } u == b { nb++ } index(u, ",") { nab++ }
  END { printf "%d %d %d\n", na, nb, nab }' "$TMP/nginx/access.log")"
B_ALIVE=$(status "$SB/api/health")
ok=1
[ "$ACKED" -gt 0 ] && [ "$ACKED_AFTER" -gt 0 ] && [ "$LOST" -eq 0 ] && [ "$DUPS" -eq 0 ] && ok=0
check "4. server A killed under load: no acknowledged write lost, no retried write doubled" $ok \
  "$ACKED hazard reports answered 201/200 ($ACKED_AFTER after the kill), all $((ACKED - LOST)) found in PostgreSQL with their description, lost: $LOST; answers not 2xx: $FAILED_REPORTS reports and $FAILED_UPLOADS photo uploads (${FAIL_CODES:-none}), $W_SOCK connection errors; reports sent again with their Idempotency-Key: $RETRIED, answered with the first attempt's hazard (replayed): $REPLAYED; this run's reports in PostgreSQL: $IN_DB, duplicates: $DUPS (done but never answered: $((IN_DB - ACKED)), cut off by the end of wrk)"
ok=1
[ "$READ_ERR_AFTER" -eq 0 ] && [ "$R_SOCK" -eq 0 ] && [ "$B_ALIVE" = 200 ] && ok=0
check "4b. reads fail over to B" $ok \
  "$(jq .requests <<<"$RR") GETs ($(jq .rps <<<"$RR") req/s, p99 $(jq .p99_ms <<<"$RR") ms); non-200 before the kill: $READ_ERR_BEFORE, after: $READ_ERR_AFTER; connection errors: $R_SOCK; nginx: $VIA_A served by A, $VIA_B by B, $VIA_AB tried on A and passed to B; B healthy after: $B_ALIVE"
{
  echo
  echo "load: ${SECS} s through nginx, server A killed (-9) after ${KILL_AFTER} s; 4 connections reporting hazards"
  echo "(photo upload + report each, $(jq .rps <<<"$WR") req/s, p99 $(jq .p99_ms <<<"$WR") ms) as qiye1, 4 reading as xiuying"
} | tee -a "$RES"

cp "$RES" "$OUT"
if [ "$FAILED" -ne 0 ]; then
  echo "FAILED: see the lines above"
  exit 1
fi
echo "all checks passed"
