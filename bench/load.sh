#!/usr/bin/env bash
# Issue 7 load scenarios: `anzhi serve` (release, SQLite) with `anzhi bench-data` data
# (100,000 enterprises, 1,000,000 hazards by default), driven by wrk (Debian's package):
#   1. each endpoint alone (16 connections, 6 s): throughput and latency percentiles;
#   2. the mixed read scenario: a district user (48 connections) and an enterprise user
#      (16 connections) browsing lists, details, statistics, the board and the cockpit
#      at once, 64 connections in all, 30 s;
#   3. writes under that load: hazard reports (each with its own photo) and progress
#      reports, 2 connections, while the mixed scenario runs.
# Budgets: mixed ≥ 2,000 req/s with p99 < 50 ms; writes p99 < 100 ms; server RSS < 300 MB.
# Prints the figures and stores them in bench/results/load.txt; exits 1 when a budget is
# missed. BENCH_DIR keeps the filled database between runs; BENCH_ENTERPRISES /
# BENCH_HAZARDS change the sizes; BENCH_SECS the mixed scenario's length.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
E=${BENCH_ENTERPRISES:-100000}
H=${BENCH_HAZARDS:-1000000}
SECS=${BENCH_SECS:-30}
DIR=${BENCH_DIR:-/tmp/anzhi-load}
PORT=${BENCH_PORT:-18080}
BASE="http://127.0.0.1:$PORT"
OUT=bench/results/load.txt
mkdir -p bench/results "$DIR"

if ! command -v wrk >/dev/null; then
  echo "installing wrk (Debian package)…"
  apt-get install -y -qq wrk >/dev/null
fi

cargo build --quiet --release -p anzhi
BIN="$ROOT/target/release/anzhi"

if [ ! -f "$DIR/filled-$E-$H" ]; then
  rm -rf "${DIR:?}"/*
  echo "filling $E enterprises and $H hazards…"
  "$BIN" bench-data --data-dir "$DIR/data" --enterprises "$E" --hazards "$H" | tee "$DIR/fill.txt"
  touch "$DIR/filled-$E-$H"
fi

"$BIN" serve --data-dir "$DIR/data" --listen "127.0.0.1:$PORT" --reminder-interval 0 \
  >"$DIR/serve.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT
up=0
for _ in $(seq 1 600); do
  if curl -sf "$BASE/api/health" >/dev/null; then up=1; break; fi
  sleep 0.2
done
[ $up = 1 ] || { echo "anzhi serve did not start:"; tail -5 "$DIR/serve.log"; exit 1; }

# login USER → sets COOKIE_<USER> and CSRF_<USER>
login() {
  local jar="$DIR/$1.cookies"
  local body
  body=$(curl -sf -c "$jar" -H 'Content-Type: application/json' \
    -d "{\"username\":\"$1\",\"password\":\"Anzhi@2026\"}" "$BASE/api/auth/login")
  local cookie
  cookie=$(awk '($0 ~ /^#HttpOnly_/ || $0 !~ /^#/) && NF >= 7 {printf "%s=%s; ", $6, $7}' "$jar")
  printf -v "COOKIE_$1" '%s' "$cookie"
  printf -v "CSRF_$1" '%s' "$(jq -r .csrf_token <<<"$body")"
}
login xiuying
login qiye1
get() { curl -sf -H "Cookie: $2" "$BASE$1"; }

# Ids the scenarios use, read through the API as the users see them.
HZ_X=$(get "/api/hazards?page_size=100" "$COOKIE_xiuying" | jq -r '.items[].id')
HZ_Q=$(get "/api/hazards?page_size=50" "$COOKIE_qiye1" | jq -r '.items[].id')
CAT=$(get "/api/hazard-categories" "$COOKIE_xiuying" | jq -r 'if type == "array" then .[0].id else .items[0].id end')
OWN=$(get "/api/auth/me" "$COOKIE_qiye1" | jq -r 'if .org_id then .org_id else .user.org_id end')
CAMP=$(get "/api/campaigns?page_size=1" "$COOKIE_xiuying" | jq -r '.items[0].id // empty')
ASSIGN=$(get "/api/assignments?mine=true&page_size=100" "$COOKIE_qiye1" | jq -r '.items[] | select(.state == "not_started" or .state == "in_progress" or .state == "returned") | .id' | head -20)

# Endpoint groups: name → paths (the district user unless the name says 企业).
declare -A GROUP
GROUP[hazard_list]=$(printf '%s\n' "/api/hazards" "/api/hazards?page=3" "/api/hazards?state=open" \
  "/api/hazards?overdue=true" "/api/hazards?level=major&state=open" "/api/hazards?category_id=$CAT" \
  "/api/hazards?sort=deadline" "/api/hazards?found_from=2026-01-01&found_to=2026-06-30")
GROUP[hazard_search]=$(printf '%s\n' "/api/hazards?q=%E6%B6%88%E9%98%B2" "/api/hazards?q=%E7%81%AD%E7%81%AB%E5%99%A8")
GROUP[hazard_detail]=$(for h in $HZ_X; do echo "/api/hazards/$h"; done)
GROUP[hazard_stats]=$(printf '%s\n' "/api/hazards/stats?by=month" "/api/hazards/stats?by=category" "/api/hazards/stats?by=level")
GROUP[enterprise_list]=$(printf '%s\n' "/api/enterprises" "/api/enterprises?page=5" "/api/enterprises?q=%E8%B6%85%E5%B8%82")
GROUP[notifications]="/api/notifications"
GROUP[assignments]="/api/assignments?mine=true"
GROUP[board]=${CAMP:+$(printf '%s\n' "/api/campaigns/$CAMP/board" "/api/campaigns/$CAMP/board?unit_kind=district" "/api/campaigns/$CAMP/board?unit_kind=enterprise&page=3")}
GROUP[cockpit]="/api/cockpit"
ENT_PATHS=$(printf '%s\n' "/api/hazards" "/api/self-checks" "/api/notifications" "/api/credit/$OWN"; \
  for h in $HZ_Q; do echo "/api/hazards/$h"; done | head -10)

run_wrk() { # conns secs paths-file cookie → RESULT json
  PATHS_FILE=$3 COOKIE=$4 wrk -t2 -c"$1" -d"$2"s --timeout 5s -s bench/load/paths.lua "$BASE" \
    | sed -n 's/^RESULT //p'
}

# Warm-up (not measured): every path once over, so the figures are the steady state and
# not the first reads of a 3 GB database file.
for g in "${!GROUP[@]}"; do printf '%s\n' "${GROUP[$g]}"; done | grep . >"$DIR/paths-warm.txt"
run_wrk 8 "${BENCH_WARM_SECS:-20}" "$DIR/paths-warm.txt" "$COOKIE_xiuying" >/dev/null

{
  echo "# anzhi load benchmark — $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, SQLite, release"
  echo "# data: $E enterprises, $H hazards (bench-data); wrk"
  echo
  echo "## Each endpoint alone (16 connections, 6 s)"
  printf '%-16s %9s %8s %8s %8s %8s %7s\n' endpoint req/s p50_ms p90_ms p99_ms max_ms non2xx
} | tee "$OUT"
for g in hazard_list hazard_search hazard_detail hazard_stats enterprise_list notifications assignments board cockpit; do
  [ -z "${GROUP[$g]:-}" ] && continue
  printf '%s\n' "${GROUP[$g]}" >"$DIR/paths-$g.txt"
  r=$(run_wrk 16 6 "$DIR/paths-$g.txt" "$COOKIE_xiuying")
  printf '%-16s %9.0f %8.2f %8.2f %8.2f %8.2f %7d\n' "$g" \
    "$(jq .rps <<<"$r")" "$(jq .p50_ms <<<"$r")" "$(jq .p90_ms <<<"$r")" "$(jq .p99_ms <<<"$r")" \
    "$(jq .max_ms <<<"$r")" "$(jq .non2xx <<<"$r")" | tee -a "$OUT"
done
printf '%s\n' "$ENT_PATHS" >"$DIR/paths-enterprise.txt"
r=$(run_wrk 16 6 "$DIR/paths-enterprise.txt" "$COOKIE_qiye1")
printf '%-16s %9.0f %8.2f %8.2f %8.2f %8.2f %7d\n' "企业用户" \
  "$(jq .rps <<<"$r")" "$(jq .p50_ms <<<"$r")" "$(jq .p90_ms <<<"$r")" "$(jq .p99_ms <<<"$r")" \
  "$(jq .max_ms <<<"$r")" "$(jq .non2xx <<<"$r")" | tee -a "$OUT"

# The mixed scenario: lists weigh most, then details, then the heavier pages.
{
  for _ in 1 2 3 4; do printf '%s\n' "${GROUP[hazard_list]}"; done
  printf '%s\n' "${GROUP[hazard_detail]}" | head -40
  for _ in 1 2; do printf '%s\n' "${GROUP[enterprise_list]}"; done
  printf '%s\n' "${GROUP[hazard_search]}" "${GROUP[hazard_stats]}" "${GROUP[notifications]}" "${GROUP[assignments]}"
  [ -n "${GROUP[board]:-}" ] && printf '%s\n' "${GROUP[board]}" | head -1
  printf '%s\n' "${GROUP[cockpit]}"
} | shuf --random-source=<(yes) >"$DIR/paths-mixed.txt"

# Writes (the enterprise user): hazard reports, each with a photo uploaded beforehand, and
# progress reports on its open assignments.
python3 - "$DIR/photo.png" <<'PY'
import struct, sys, zlib
w = h = 64
raw = b"".join(b"\x00" + bytes(v for x in range(w) for v in (x * 4, y * 4, 128)) for y in range(h))
def chunk(t, d):
    return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)
png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
       + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
open(sys.argv[1], "wb").write(png)
PY
: >"$DIR/writes.txt"
for i in $(seq 1 800); do
  f=$(curl -sf -H "Cookie: $COOKIE_qiye1" -H "X-CSRF-Token: $CSRF_qiye1" \
    -F "file=@$DIR/photo.png;filename=现场$i.png" "$BASE/api/photos" 2>/dev/null | jq -r .id) || continue
  printf '/api/hazards\t{"category_id":"%s","description":"压测上报隐患%d：灭火器压力不足","photos":["%s"]}\n' \
    "$CAT" "$i" "$f" >>"$DIR/writes.txt"
done
WRITE_COOKIE=$COOKIE_qiye1
WRITE_CSRF=$CSRF_qiye1
: >"$DIR/progress.txt"
for a in $ASSIGN; do
  for i in $(seq 1 40); do
    printf '/api/assignments/%s/progress\t{"text":"压测进展%d","percent":%d}\n' "$a" "$i" $((i % 90)) >>"$DIR/progress.txt"
  done
done

PATHS_FILE="$DIR/paths-mixed.txt" COOKIE="$COOKIE_xiuying" \
  wrk -t2 -c48 -d"$SECS"s --timeout 5s -s bench/load/paths.lua "$BASE" >"$DIR/mixed-x.txt" &
W1=$!
PATHS_FILE="$DIR/paths-enterprise.txt" COOKIE="$COOKIE_qiye1" \
  wrk -t1 -c16 -d"$SECS"s --timeout 5s -s bench/load/paths.lua "$BASE" >"$DIR/mixed-q.txt" &
W2=$!
sleep 5
BODIES_FILE="$DIR/writes.txt" COOKIE="$WRITE_COOKIE" CSRF="$WRITE_CSRF" THREADS=1 \
  wrk -t1 -c1 -d"$((SECS - 10))"s --timeout 5s -s bench/load/writes.lua "$BASE" >"$DIR/writes-h.txt" &
W3=$!
W4=
if [ -s "$DIR/progress.txt" ]; then
  BODIES_FILE="$DIR/progress.txt" COOKIE="$COOKIE_qiye1" CSRF="$CSRF_qiye1" THREADS=1 \
    wrk -t1 -c1 -d"$((SECS - 10))"s --timeout 5s -s bench/load/writes.lua "$BASE" >"$DIR/writes-p.txt" &
  W4=$!
fi
wait $W1 $W2 $W3 ${W4:+$W4}
RSS=$(awk '/VmHWM/ {print $2}' "/proc/$PID/status")

res() { sed -n 's/^RESULT //p' "$1"; }
X=$(res "$DIR/mixed-x.txt"); Q=$(res "$DIR/mixed-q.txt"); WH=$(res "$DIR/writes-h.txt")
WP=$( [ -n "$W4" ] && res "$DIR/writes-p.txt" || echo '{"requests":0,"rps":0,"p50_ms":0,"p90_ms":0,"p99_ms":0,"max_ms":0,"non2xx":0}')
RPS=$(jq -n "($(jq .rps <<<"$X") + $(jq .rps <<<"$Q")) * 10 | round / 10")
P99=$(jq -n "[$(jq .p99_ms <<<"$X"), $(jq .p99_ms <<<"$Q")] | max")
WP99=$(jq -n "[$(jq .p99_ms <<<"$WH"), $(jq .p99_ms <<<"$WP")] | max")
{
  echo
  echo "## Mixed read scenario, 64 connections, ${SECS} s (district 48 + enterprise 16), with writes running"
  printf '%-16s %9s %8s %8s %8s %8s %7s\n' part req/s p50_ms p90_ms p99_ms max_ms non2xx
  for pair in "区商务局:$X" "企业用户:$Q" "隐患上报(写):$WH" "进展报告(写):$WP"; do
    n=${pair%%:*}; j=${pair#*:}
    printf '%-16s %9.0f %8.2f %8.2f %8.2f %8.2f %7d\n' "$n" "$(jq .rps <<<"$j")" "$(jq .p50_ms <<<"$j")" \
      "$(jq .p90_ms <<<"$j")" "$(jq .p99_ms <<<"$j")" "$(jq .max_ms <<<"$j")" "$(jq .non2xx <<<"$j")"
  done
  echo
  echo "mixed reads: $RPS req/s, p99 $P99 ms (budget ≥ 2000 req/s, p99 < 50 ms)"
  echo "writes: p99 $WP99 ms (budget < 100 ms)"
  echo "server peak RSS (VmHWM): $((RSS / 1024)) MB (budget < 300 MB)"
} | tee -a "$OUT"

fail=0
jq -e -n "$RPS >= 2000 and $P99 < 50" >/dev/null || { echo "MISSED: mixed read budget"; fail=1; }
jq -e -n "$WP99 < 100" >/dev/null || { echo "MISSED: write budget"; fail=1; }
[ "$RSS" -lt $((300 * 1024)) ] || { echo "MISSED: memory budget"; fail=1; }
exit $fail
