#!/usr/bin/env bash
# Benchmarks the packaged m2s-sync-aliases against a fake Manage2Soar API (bench/FakeM2sApi.java).
#
#   bench/run.sh            all scenarios (a-f)
#   bench/run.sh quick      scenarios a-c only
#   bench/run.sh a d        just the scenarios named
#
# Progress goes to stderr. The Markdown report goes to stdout and to bench/results/<timestamp>/results.md
# (git-ignored), beside the hyperfine JSON of each scenario's rounds (<id>.<round>.json: the job, then the old script).
# Exit status: 0 unless a scenario failed (the job exited non-zero, the fake API did not start, ...);
# a missed target fails the run only with BENCH_STRICT=1.
# Environment:
#   BENCH_RUNS=N        hyperfine runs per scenario (default 5, at least 5)
#   BENCH_STRICT=1      exit 1 when a target is missed
#   BENCH_OUT=DIR       where the report and JSON go
#   KEEP_BENCH_TMP=1    keep the scenario work dirs (config.yml, maps, logs); kept anyway on failure
#   M2S_BENCH_JOB=PATH  the launcher to measure (default target/image/bin/m2s-sync-aliases)
#   M2S_BENCH_ANCHOR=PATH  the old Python script (sync-aliases.py) to run side by side on the same data
#                       (default ../shared/anchor/sync-aliases.py beside the checkout, else
#                       /work/shared/anchor/sync-aliases.py, when one exists; empty: the job alone)
#   BENCH_JAVA_OPTS_VARIANTS="name=OPTS;name=OPTS"  run the job once per JAVA_OPTS variant in each round,
#                       one row each (to compare JVM flags side by side; "base=" is the launcher's own flags)
#   M2S_BENCH_PYTHON=PATH  the python that runs it (default /usr/bin/python3, with requests and yaml)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
JOB=${M2S_BENCH_JOB:-$ROOT/target/image/bin/m2s-sync-aliases}
FAKE_SRC=$ROOT/bench/FakeM2sApi.java
RUNS=${BENCH_RUNS:-5}
RSS_RUNS=3
API_KEY=bench-key
PYTHON=${M2S_BENCH_PYTHON:-/usr/bin/python3}
# BENCH_JAVA_OPTS_VARIANTS="name=OPTIONS;name=OPTIONS": the job is run once per variant in each round, with
# JAVA_OPTS=OPTIONS (added after the launcher's own flags, so a later flag overrides it), each on its own row.
# Without it, one unnamed variant: the job with the environment's JAVA_OPTS, if any.
VARIANT_NAMES=("")
VARIANT_OPTS=("")
if [[ -n ${BENCH_JAVA_OPTS_VARIANTS:-} ]]; then
  VARIANT_NAMES=()
  VARIANT_OPTS=()
  IFS=';' read -r -a variant_specs <<<"$BENCH_JAVA_OPTS_VARIANTS"
  for spec in "${variant_specs[@]}"; do
    [[ $spec == ?*=* ]] || { printf 'bench: BENCH_JAVA_OPTS_VARIANTS: want name=OPTIONS, got "%s"\n' "$spec" >&2; exit 2; }
    VARIANT_NAMES+=("${spec%%=*}")
    VARIANT_OPTS+=("${spec#*=}")
  done
fi
if [[ -v M2S_BENCH_ANCHOR ]]; then
  ANCHOR=$M2S_BENCH_ANCHOR
else
  ANCHOR=
  for candidate in "$ROOT/../shared/anchor/sync-aliases.py" /work/shared/anchor/sync-aliases.py; do
    if [[ -f $candidate ]]; then ANCHOR=$(readlink -f "$candidate"); break; fi
  done
fi

# id | what changes between runs | clubs | lists | members | API latency ms | wall target ms | RSS target MB
#    | wall and RSS targets as ratios job/old script (checked only when the old script runs beside the job)
# ("forget": nothing changes, but the state file, which remembers the last clean run, is deleted before
# each run, as if it were lost: the job then does the whole work of a no-change run)
# (an empty target means "must finish"; e and f report MB per 1000 clubs instead)
SCENARIOS=(
  "a|none|50|6|300|0|200|96||"
  "b|all|50|6|300|0|600||0.75|1.5"
  "c|none|50|6|300|50|600|||"
  "d|none|500|6|300|0|1000|||"
  "e|none|5000|8|500|0||||"
  "f|all|5000|8|500|0||||"
  "g|forget|50|6|300|0|200|96||"
  "h|forget|500|6|300|0|1000|||"
  "i|all|500|8|500|0|||0.75|1.5"
)

say() { printf '%s\n' "$*" >&2; }
die() { say "bench: $*"; exit 1; }

usage() {
  say "usage: bench/run.sh [quick | a b c d e f g h i ...]"
  exit 2
}

# ------------------------------------------------------------------ what to run

selected=()
case "${1:-}" in
  "")          selected=(a b c d e f g h i) ;;
  quick)       selected=(a b c) ;;
  -h|--help)   usage ;;
  *)           for s in "$@"; do
                 [[ $s =~ ^[a-i]$ ]] || usage
                 selected+=("$s")
               done ;;
esac
if ! [[ $RUNS =~ ^[0-9]+$ ]] || (( RUNS < 5 )); then
  die "BENCH_RUNS must be a number >= 5 (got '$RUNS')"
fi

# ------------------------------------------------------------------ preflight: say what is missing, install nothing

[[ -x $JOB ]] || die "no launcher at $JOB: build it first with  ./mvnw package  (in $ROOT)"

missing=()
command -v hyperfine >/dev/null || missing+=(hyperfine)
{ [[ -x /usr/bin/time ]] && /usr/bin/time -f '%M' true >/dev/null 2>&1; } || missing+=(time)
command -v curl >/dev/null || missing+=(curl)
[[ -x /usr/sbin/postmap ]] || missing+=(postfix)
if [[ -n $ANCHOR ]]; then
  [[ -f $ANCHOR ]] || die "M2S_BENCH_ANCHOR: no old script at $ANCHOR (M2S_BENCH_ANCHOR= runs the job alone)"
  "$PYTHON" -c 'import requests' 2>/dev/null || missing+=(python3-requests)
  "$PYTHON" -c 'import yaml' 2>/dev/null || missing+=(python3-yaml)
fi
if (( ${#missing[@]} )); then
  say "bench: missing: ${missing[*]}"
  say "       on Debian/Ubuntu:  apt-get install ${missing[*]}"
  [[ " ${missing[*]} " == *" postfix "* ]] &&
    say "       (postfix gives /usr/sbin/postmap, which the job runs; DEBIAN_FRONTEND=noninteractive avoids its questions)"
  exit 1
fi

# shellcheck source=bench/java.sh
source "$ROOT/bench/java.sh"
FAKE_JAVA=$(find_java21) || die "the fake API needs a JDK >= 21 (set JAVA_HOME, or: apt-get install openjdk-21-jdk-headless)"

# ------------------------------------------------------------------ where things go

OUT=${BENCH_OUT:-$ROOT/bench/results/$(date +%Y%m%d-%H%M%S)}
mkdir -p "$OUT"
BENCH_TMP=$(mktemp -d "${TMPDIR:-/tmp}/m2s-bench.XXXXXX")
# postmap reads main.cf, which a Postfix installed with "No configuration" lacks: an empty one means
# Postfix's defaults. MAIL_CONFIG reaches postmap through the job's environment.
mkdir -p "$BENCH_TMP/postfix-config" && : >"$BENCH_TMP/postfix-config/main.cf"
export MAIL_CONFIG=$BENCH_TMP/postfix-config
RESULTS=$OUT/rows.md
: >"$RESULTS"

cleanup() {
  local rc=$?
  if [[ ${KEEP_BENCH_TMP:-0} == 1 || $rc -ne 0 ]]; then
    say "bench: work dirs kept in $BENCH_TMP"
  else
    rm -rf "$BENCH_TMP"
  fi
}
# Long steps run as background children that we wait for: bash runs a trap only once the foreground command
# has finished, but interrupts a wait at once. On Ctrl-C or TERM, the step's child is stopped and we exit
# (in a scenario, the EXIT trap then stops the fake API; the fake also exits by itself when we are gone).
CHILD=
run_child() {
  local rc=0
  "$@" &
  CHILD=$!
  wait "$CHILD" || rc=$?
  CHILD=
  return "$rc"
}
on_signal() {
  if [[ -n $CHILD ]]; then kill -TERM "$CHILD" 2>/dev/null || true; fi
  exit 130
}
trap cleanup EXIT
trap on_signal INT TERM

# Single-quotes a word for the sh -c that hyperfine runs commands with.
sq() { printf "'%s'" "${1//\'/\'\\\'\'}"; }

# CPU time (user + system) a process has used so far, in ms.
cpu_ms() {
  awk -v hz="$(getconf CLK_TCK)" '{sub(/^.*\) /, ""); printf "%d", ($12 + $13) * 1000 / hz}' "/proc/$1/stat"
}

# ------------------------------------------------------------------ one scenario (runs in a subshell)

FAKE_PID=

stop_fake() {
  if [[ -n $FAKE_PID ]] && kill -0 "$FAKE_PID" 2>/dev/null; then
    kill "$FAKE_PID" 2>/dev/null || true
    wait "$FAKE_PID" 2>/dev/null || true
  fi
  FAKE_PID=
}

# start_fake WORKDIR CLUBS LISTS MEMBERS LATENCY -> sets FAKE_PID and PORT
start_fake() {
  local wd=$1 clubs=$2 lists=$3 members=$4 latency=$5 heap_mb i
  # Bodies take ~32 bytes per address (lists and whitelist); twice that leaves the GC room during a flip.
  heap_mb=$(( clubs * (lists + 1) * members * 32 * 2 / 1048576 + 256 ))
  "$FAKE_JAVA" -XX:+UseSerialGC -Xmx${heap_mb}m "$FAKE_SRC" \
      --port 0 --port-file "$wd/port" --clubs "$clubs" --lists "$lists" --members "$members" \
      --latency-ms "$latency" --watch-pid $$ --max-seconds 3600 >"$wd/fake.log" 2>&1 &
  FAKE_PID=$!
  PORT=
  for (( i = 0; i < 1200; i++ )); do     # up to 120 s (5000 clubs take a few seconds to render)
    kill -0 "$FAKE_PID" 2>/dev/null || { cat "$wd/fake.log" >&2; die "the fake API died while starting"; }
    if [[ -z $PORT && -s $wd/port ]]; then
      PORT=$(<"$wd/port")
    fi
    if [[ -n $PORT ]] && curl -fs -o /dev/null "http://127.0.0.1:$PORT/_health"; then
      return 0
    fi
    sleep 0.1
  done
  cat "$wd/fake.log" >&2
  die "the fake API did not become ready in 120 s"
}

write_config() {
  local wd=$1 clubs=$2 port=$3 i p
  {
    printf 'default_auth_token_file: %s\n' "$wd/api-key"
    printf 'postfix_virtual_file: %s\n' "$wd/postfix/virtual"
    printf 'postfix_whitelist_file: %s\n' "$wd/postfix/sender_whitelist"
    printf 'postfix_recipient_check_file: %s\n' "$wd/postfix/recipient_whitelist_check"
    printf 'rspamd_whitelist_dir: %s\n' "$wd/rspamd"
    printf 'admin_email: postmaster@example.org\n'
    printf 'map_type: hash\n'
    printf 'postmap_command: /usr/sbin/postmap\n'
    printf 'reload_command: [/bin/true]\n'
    printf 'lock_file: %s\n' "$wd/lock"
    printf 'state_dir: %s\n' "$wd/state"
    printf 'safety: { max_removed_percent: 100 }\n'
    printf 'clubs:\n'
    for (( i = 0; i < clubs; i++ )); do
      printf -v p 'c%04d' "$i"
      printf '  - prefix: %s\n    domains: [%s.example.org]\n    api_url: http://127.0.0.1:%s/%s/api/email-lists/\n' \
        "$p" "$p" "$port" "$p"
    done
  } >"$wd/config.yml"
  chmod 600 "$wd/config.yml"
}

# show_failure WHAT STDERR_FILE: the job failed; show why.
show_failure() {
  say "bench: the job failed during $1; its stderr:"
  sed 's/^/    | /' "$2" >&2 || true
  say "bench: config and maps are in $(dirname "$2")"
}

# write_old_config WORKDIR CLUBS PORT: the old script's config.yml, beside its copy in WORKDIR/old, for the
# same clubs and fake API as the job's, with its own output files.
write_old_config() {
  local wd=$1 clubs=$2 port=$3 i p
  {
    printf 'default_auth_token: %s\n' "$API_KEY"
    printf 'postfix_virtual_file: %s\n' "$wd/old/postfix/virtual"
    printf 'postfix_whitelist_file: %s\n' "$wd/old/postfix/sender_whitelist"
    printf 'postfix_recipient_check_file: %s\n' "$wd/old/postfix/recipient_whitelist_check"
    printf 'rspamd_whitelist_dir: %s\n' "$wd/old/rspamd"
    printf 'clubs:\n'
    for (( i = 0; i < clubs; i++ )); do
      printf -v p 'c%04d' "$i"
      printf '  - prefix: %s\n    domains: [%s.example.org]\n    api_url: http://127.0.0.1:%s/%s/api/email-lists/\n' \
        "$p" "$p" "$port" "$p"
    done
  } >"$wd/old/config.yml"
  chmod 600 "$wd/old/config.yml"
}

# setup_old WORKDIR CLUBS PORT: a copy of the old script (it reads the config.yml beside itself) and its config.
setup_old() {
  local wd=$1
  mkdir -p "$wd/old/postfix" "$wd/old/rspamd"
  cp "$ANCHOR" "$wd/old/sync-aliases.py"
  write_old_config "$wd" "$2" "$3"
}

# peak_rss_kb FLIP_CMD WHAT ERRFILE COMMAND...: the largest peak RSS of RSS_RUNS runs, in kB.
peak_rss_kb() {
  local flip_cmd=$1 what=$2 err=$3 r kb max=0
  shift 3
  for (( r = 1; r <= RSS_RUNS; r++ )); do
    if [[ -n $flip_cmd ]]; then eval "$flip_cmd"; fi
    if ! run_child /usr/bin/time -f '%M' -o "$err.rss" "$@" >/dev/null 2>"$err"; then
      show_failure "$what peak-RSS run $r" "$err"
      return 1
    fi
    kb=$(tail -n 1 "$err.rss")
    if (( kb > max )); then max=$kb; fi
  done
  printf '%s' "$max"
}

# median_of ID N [cpu]: the median over the rounds' hyperfine JSON files of the Nth command's wall time
# (or, with cpu, its user + system CPU time), in ms.
median_of() {
  local f
  for f in "$OUT/$1".[0-9]*.json; do
    if [[ ${3:-} == cpu ]]; then
      paste <(grep -o '"user": *[0-9.eE+-]*' "$f" | sed -n "$2p") <(grep -o '"system": *[0-9.eE+-]*' "$f" | sed -n "$2p") |
        awk -F'[:\t]' '{printf "%.3f\n", ($2 + $4) * 1000}'
    else
      grep -o '"median": *[0-9.eE+-]*' "$f" | sed -n "$2p" | awk -F: '{printf "%.3f\n", $2 * 1000}'
    fi
  done | sort -n | awk '{v[NR] = $1} END {printf "%.0f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}

# variant_env N: the env command that runs variant N with its JAVA_OPTS (nothing without variants).
variant_env() {
  if [[ -n ${BENCH_JAVA_OPTS_VARIANTS:-} ]]; then printf 'env %s ' "$(sq "JAVA_OPTS=${VARIANT_OPTS[$1]}")"; fi
}

# ratio A B: A/B with two decimals, or – when B is missing.
ratio() {
  if [[ -z $2 || $2 == 0 || $2 == – ]]; then printf '–'; return; fi
  awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'
}

run_scenario() {
  local id=$1 change=$2 clubs=$3 lists=$4 members=$5 latency=$6 target_ms=$7 target_mb=$8
  local ratio_ms=$9 ratio_mb=${10}
  local r v wd cfg flip_cmd="" fake_cpu_before fake_cpu_ms old_ms=– old_cpu="" rss_kb old_kb="" before after notes=""
  local shape commands
  local -a hf_prepare=() hf_old=()
  set -e    # runs as its own process (see run_child); errexit is off in the caller around it
  CHILD=
  trap stop_fake EXIT
  trap on_signal INT TERM

  shape="${clubs}×${lists}×${members}"
  say ""
  say "=== scenario $id: $shape, changes: $change, API latency ${latency} ms"
  wd=$(mktemp -d "$BENCH_TMP/$id.XXXXXX")
  mkdir -p "$wd/postfix" "$wd/rspamd"
  (umask 077 && printf '%s' "$API_KEY" >"$wd/api-key")
  chmod 600 "$wd/api-key"

  start_fake "$wd" "$clubs" "$lists" "$members" "$latency"
  say "fake API on port $PORT: $(tail -n 1 "$wd/fake.log")"
  write_config "$wd" "$clubs" "$PORT"
  cfg=$wd/config.yml
  if [[ $change == all ]]; then
    flip_cmd="curl -fsS -o /dev/null -X POST http://127.0.0.1:$PORT/_flip"
    hf_prepare=(--prepare "$flip_cmd")
  elif [[ $change == forget ]]; then
    flip_cmd="rm -f $(sq "$wd/state/state")"
    hf_prepare=(--prepare "$flip_cmd")
  fi
  local -a old_cmd=("$PYTHON" "$wd/old/sync-aliases.py")
  if [[ -n $ANCHOR ]]; then
    setup_old "$wd" "$clubs" "$PORT"
    hf_old=(--command-name "$id: old script" "$(sq "$PYTHON") $(sq "$wd/old/sync-aliases.py") >/dev/null 2>$(sq "$wd/old.err")")
  fi

  # Prime: the first run writes every map, so that the measured runs see "no change" (or one flip's worth).
  if ! run_child "$JOB" --config "$cfg" >"$wd/prime.out" 2>"$wd/prime.err"; then
    show_failure "the priming run" "$wd/prime.err"
    exit 1
  fi
  [[ -s $wd/postfix/virtual ]] || die "the priming run exited 0 but wrote no $wd/postfix/virtual"
  if [[ -n $ANCHOR ]] && ! run_child "${old_cmd[@]}" >"$wd/old-prime.out" 2>"$wd/old-prime.err"; then
    show_failure "the old script's priming run" "$wd/old-prime.err"
    exit 1
  fi
  before=$(stat -c '%i %y %s' "$wd/postfix/virtual")$(md5sum <"$wd/postfix/virtual")

  # Wall time, in rounds: the job (each variant of its JVM options in turn), then the old script, each run
  # after its own --prepare (a flip: every one sees every list of every club change), so that a busy machine
  # slows them alike. stderr of the last run goes to a file, shown if a run fails.
  local -a hf_cmds=()
  for v in "${!VARIANT_NAMES[@]}"; do
    hf_cmds+=(--command-name "$id: $shape${VARIANT_NAMES[v]:+ [${VARIANT_NAMES[v]}]}"
      "$(variant_env "$v")$(sq "$JOB") --config $(sq "$cfg") >/dev/null 2>$(sq "$wd/job.err")")
  done
  commands=$(( ${#VARIANT_NAMES[@]} + ${#hf_old[@]} / 2 ))
  fake_cpu_before=$(cpu_ms "$FAKE_PID")
  for (( r = 1; r <= RUNS; r++ )); do
    if ! run_child hyperfine --runs 1 --style none "${hf_prepare[@]}" --export-json "$OUT/$id.$r.json" \
           "${hf_cmds[@]}" "${hf_old[@]}" >&2; then
      show_failure "the hyperfine runs (job)" "$wd/job.err"
      if [[ -s $wd/old.err ]]; then show_failure "the hyperfine runs (old script)" "$wd/old.err"; fi
      exit 1
    fi
  done
  fake_cpu_ms=$(( ($(cpu_ms "$FAKE_PID") - fake_cpu_before) / (RUNS * commands) ))
  printf '%s=%s ms%s; ' "$id" "$fake_cpu_ms" "$([[ $change == all ]] && echo ' incl. flip')" >>"$OUT/fake-cpu"

  after=$(stat -c '%i %y %s' "$wd/postfix/virtual")$(md5sum <"$wd/postfix/virtual")
  if [[ $change != all && $before != "$after" ]]; then
    notes+=" postfix/virtual was rewritten although nothing changed."
  elif [[ $change == all && $before == "$after" ]]; then
    notes+=" postfix/virtual did NOT change although every club did!"
  fi

  # Peak RSS (GNU time follows the launcher script to the JVM it starts): the largest of a few runs.
  if [[ -n $ANCHOR ]]; then
    old_ms=$(median_of "$id" "$commands")
    old_cpu=$(median_of "$id" "$commands" cpu)
    old_kb=$(peak_rss_kb "$flip_cmd" "the old script's" "$wd/old-rss.err" "${old_cmd[@]}") || exit 1
  fi
  for v in "${!VARIANT_NAMES[@]}"; do
    local -a job_cmd=("$JOB" --config "$cfg")
    if [[ -n ${BENCH_JAVA_OPTS_VARIANTS:-} ]]; then job_cmd=(env "JAVA_OPTS=${VARIANT_OPTS[v]}" "${job_cmd[@]}"); fi
    rss_kb=$(peak_rss_kb "$flip_cmd" "the job's" "$wd/rss.err" "${job_cmd[@]}") || exit 1
    report_row "$id${VARIANT_NAMES[v]:+ [${VARIANT_NAMES[v]}]}: $(describe "$change" "$latency")" "$shape" \
      "$(median_of "$id" $(( v + 1 )))" "$(median_of "$id" $(( v + 1 )) cpu)" "$rss_kb" "$old_ms" "$old_cpu" "$old_kb" \
      "$target_ms" "$target_mb" "$ratio_ms" "$ratio_mb" "$clubs" "$notes"
  done
  say "  (the fake API used ${fake_cpu_ms} ms CPU per measured run$([[ $change == all ]] && echo ', including the re-rendering for the flip'))"
}

# report_row LABEL SHAPE MS CPU_MS RSS_KB OLD_MS OLD_CPU_MS OLD_KB TARGET_MS TARGET_MB RATIO_MS RATIO_MB CLUBS NOTES:
# the verdict against the targets, and the report's row.
report_row() {
  local label=$1 shape=$2 ms=$3 cpu=$4 kb=$5 old_ms=$6 old_cpu=$7 old_kb=$8 target_ms=$9 target_mb=${10}
  local ratio_ms=${11} ratio_mb=${12} clubs=${13} notes=${14}
  local mb old_mb=– time_ratio=– rss_ratio=– verdict=met target=""
  mb=$(awk -v k="$kb" 'BEGIN {printf "%.1f", k / 1024}')
  if [[ -n $old_kb ]]; then
    old_mb=$(awk -v k="$old_kb" 'BEGIN {printf "%.1f", k / 1024}')
    time_ratio=$(ratio "$ms" "$old_ms")
    rss_ratio=$(ratio "$kb" "$old_kb")
    cpu+=" / $old_cpu"
  fi
  if [[ -n $target_ms ]]; then
    target="≤$target_ms ms"
    (( ms <= target_ms )) || verdict=MISSED
  fi
  if [[ -n $target_mb ]]; then
    target+="${target:+, }≤$target_mb MB"
    awk -v a="$mb" -v b="$target_mb" 'BEGIN {exit !(a <= b)}' || verdict=MISSED
  fi
  if [[ -n $ratio_ms && -n $old_kb ]]; then
    target+="${target:+, }time ≤${ratio_ms}× old"
    awk -v a="$time_ratio" -v b="$ratio_ms" 'BEGIN {exit !(a <= b)}' || verdict=MISSED
  fi
  if [[ -n $ratio_mb && -n $old_kb ]]; then
    target+="${target:+, }RSS ≤${ratio_mb}× old"
    awk -v a="$rss_ratio" -v b="$ratio_mb" 'BEGIN {exit !(a <= b)}' || verdict=MISSED
  fi
  if [[ -z $target ]]; then
    target="finishes; report MB per 1000 clubs"
    verdict="finished; $(awk -v m="$mb" -v c="$clubs" 'BEGIN {printf "%.1f", m * 1000 / c}') MB per 1000 clubs"
  fi
  if [[ -n $notes ]]; then verdict+=" (note:$notes)"; fi
  printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$label" "$shape" "$ms" "$old_ms" "$time_ratio" \
    "$cpu" "$mb" "$old_mb" "$rss_ratio" "$target" "$verdict" >>"$RESULTS"
  say "scenario $label: median $ms ms (old script $old_ms ms, ×$time_ratio; CPU ms $cpu), peak RSS $mb MB (old script $old_mb MB, ×$rss_ratio) — $verdict"
}

describe() {
  local d
  case $1 in
    all) d="every club changed" ;;
    forget) d="no change, last clean run forgotten" ;;
    *) d="no change" ;;
  esac
  if (( $2 > 0 )); then d+=", $2 ms API latency"; fi
  printf '%s' "$d"
}

# ------------------------------------------------------------------ main

cpu=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo 2>/dev/null || true)
load=$(cut -d' ' -f1 /proc/loadavg)
if awk -v l="$load" -v n="$(nproc)" 'BEGIN {exit !(l > n / 2)}'; then
  say "bench: WARNING: the machine is busy (load average $load on $(nproc) CPUs); timings will be noisy"
fi
version=$("$JOB" --version 2>&1 | head -n 3 | paste -sd ' ' -) || version="(--version failed: $version)"
{
  printf '## m2s-sync-aliases benchmark\n\n'
  printf -- '- date: %s\n' "$(date -R)"
  printf -- '- machine: %s CPUs (nproc), %s, %s MB RAM, load average %s at start\n' "$(nproc)" \
    "${cpu:-unknown CPU}" "$(awk '/^MemTotal/ {printf "%d", $2 / 1024}' /proc/meminfo)" "$load"
  printf -- '- job: %s, --version: %s\n' "${JOB#"$ROOT"/}" "$version"
  printf -- '- fake API on: %s (%s)\n' "$FAKE_JAVA" "$("$FAKE_JAVA" -version 2>&1 | head -n 1)"
  if [[ -n $ANCHOR ]]; then
    printf -- '- old script: %s, sha256 %.12s, run by %s (%s), each scenario on the same fake API and data\n' \
      "$ANCHOR" "$(sha256sum <"$ANCHOR")" "$PYTHON" "$("$PYTHON" --version 2>&1)"
  else
    printf -- '- old script: not run (M2S_BENCH_ANCHOR is empty)\n'
  fi
  printf -- '- %s, %s rounds per scenario (a run of the job, then one of the old script, each after the prepare step), median of the rounds; peak RSS = max of %s runs under /usr/bin/time\n' \
    "$(hyperfine --version)" "$RUNS" "$RSS_RUNS"
} >"$OUT/header.md"
cat "$OUT/header.md" >&2

failed=()
for id in "${selected[@]}"; do
  for spec in "${SCENARIOS[@]}"; do
    IFS='|' read -r sid change clubs lists members latency target_ms target_mb ratio_ms ratio_mb <<<"$spec"
    [[ $sid == "$id" ]] || continue
    set +e
    run_child run_scenario "$sid" "$change" "$clubs" "$lists" "$members" "$latency" "$target_ms" "$target_mb" \
      "$ratio_ms" "$ratio_mb"
    rc=$?
    set -e
    (( rc == 130 )) && exit 130
    if (( rc != 0 )); then
      failed+=("$sid")
      printf '| %s: %s | %s | FAILED | – | – | – | – | – | – | | see the output above |\n' \
        "$sid" "$(describe "$change" "$latency")" "${clubs}×${lists}×${members}" >>"$RESULTS"
    fi
  done
done

{
  printf '\n| scenario | clubs×lists×members | job: median wall ms | old script: median wall ms | time job/old | CPU ms job / old | job: peak RSS MB | old script: peak RSS MB | RSS job/old | target | result |\n'
  printf '|---|---|---:|---:|---:|---:|---:|---:|---:|---|---|\n'
  cat "$RESULTS"
  if [[ -s $OUT/fake-cpu ]]; then
    printf '\nCPU used by the fake API per measured run (it shares the machine with the job): %s\n' \
      "$(sed 's/; $//' "$OUT/fake-cpu")"
  fi
} >"$OUT/table.md"
cat "$OUT/header.md" "$OUT/table.md" >"$OUT/results.md"
say ""
cat "$OUT/results.md"
say ""
say "bench: hyperfine JSON and this report are in ${OUT#"$ROOT"/}/"
if (( ${#failed[@]} )); then
  die "scenario(s) failed: ${failed[*]}"
fi
if [[ ${BENCH_STRICT:-0} == 1 ]] && grep -q MISSED "$RESULTS"; then
  die "BENCH_STRICT=1 and a target was missed"
fi
