#!/usr/bin/env bash
# JMH benchmarks of the job's core (bench/jmh): parse + validate, render, plan, reading and writing the maps,
# at 500 and 5000 clubs of the fake API's data, without the JVM start, the network or the disk.
#
#   bench/jmh.sh                         all benchmarks, both sizes
#   bench/jmh.sh plan -p clubs=500       any JMH arguments: a regexp of benchmark names, -p, -i, -wi, -f ...
#   bench/jmh.sh -h                      JMH's options
#
# It builds bench/jmh/target/benchmarks.jar from the current sources first (./mvnw -f bench/jmh/pom.xml package),
# then prints JMH's table and, per benchmark, the time, allocation and GC time per operation at each size, and
# the ratios: with 10 times the clubs, a ratio well above 10 is a super-linear step (or GC: see its column).
# Results go to bench/results/jmh-<timestamp>/ (git-ignored): JMH's output, its CSV and the summary.
# Environment: BENCH_OUT=DIR (where results go), JMH_HEAP=SIZE (the forks' -Xms and -Xmx instead of
# CoreBenchmark's 8g: at 5000 clubs a benchmark's state alone is up to 4 GB).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
JAR=$ROOT/bench/jmh/target/benchmarks.jar

say() { printf '%s\n' "$*" >&2; }
die() { say "jmh: $*"; exit 1; }

# shellcheck source=bench/java.sh
source "$ROOT/bench/java.sh"
JAVA=$(find_java21) || die "needs a JDK >= 21 (set JAVA_HOME, or: apt-get install openjdk-21-jdk-headless)"

if [[ ${1:-} == -h || ${1:-} == --help ]]; then
  [[ -f $JAR ]] || (cd "$ROOT" && ./mvnw -B -q -ntp -f bench/jmh/pom.xml package) >&2
  exec "$JAVA" -jar "$JAR" -h
fi

# The benchmark compiles the job's sources with its own copy of the job's dependencies: same versions.
for property in jackson.version snakeyaml.version picocli.version slf4j.version; do
  job=$(sed -n "s:.*<$property>\(.*\)</$property>.*:\1:p" "$ROOT/pom.xml")
  bench=$(sed -n "s:.*<$property>\(.*\)</$property>.*:\1:p" "$ROOT/bench/jmh/pom.xml")
  [[ -n $job && $job == "$bench" ]] ||
    die "$property is '$job' in pom.xml but '$bench' in bench/jmh/pom.xml: make them the same"
done

say "jmh: building bench/jmh/target/benchmarks.jar"
(cd "$ROOT" && ./mvnw -B -q -ntp -f bench/jmh/pom.xml package) >&2 || die "the build failed"

OUT=${BENCH_OUT:-$ROOT/bench/results/jmh-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$OUT"
start=$(date +%s)
# -gc true: a full GC before each iteration, so that each starts, as a run does, with an empty young generation.
# -prof gc: bytes allocated per operation, which a busy machine does not blur as it does time.
heap=()
[[ -n ${JMH_HEAP:-} ]] && heap=(-jvmArgsAppend "-Xms$JMH_HEAP -Xmx$JMH_HEAP")
"$JAVA" -jar "$JAR" -gc true -prof gc -rf csv -rff "$OUT/jmh.csv" "${heap[@]}" "$@" | tee "$OUT/jmh.txt"
elapsed=$(( $(date +%s) - start ))

# The summary: one row per benchmark; the columns per club count found in the CSV, then the ratio of the
# largest to the smallest.
{
  printf '\n%s, %s CPUs (%s), load %s; JMH took %d min %d s\n\n' "$(date '+%Y-%m-%d %H:%M')" "$(nproc)" \
    "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)" "$(cut -d' ' -f1-3 /proc/loadavg)" \
    $(( elapsed / 60 )) $(( elapsed % 60 ))
  awk -F, '
    function unquote(s) { gsub(/"/, "", s); return s }
    { sub(/\r$/, "") }   # JMH ends its CSV lines with CRLF
    NR == 1 { for (i = 1; i <= NF; i++) if (unquote($i) == "Param: clubs") col = i; next }
    {
      name = unquote($1); sub(/^.*CoreBenchmark\./, "", name); clubs = unquote($col) + 0
      if (name ~ /:gc\.alloc\.rate\.norm$/) { sub(/:.*/, "", name); alloc[name, clubs] = $5 / 1048576 }
      else if (name ~ /:gc\.time$/) { sub(/:.*/, "", name); gc[name, clubs] = $5 / $4 }   # a sum over the samples
      else if (name !~ /:/) { ms[name, clubs] = $5; error[name, clubs] = $6 == "NaN" ? "" : $6 }
      else next
      if (!(name in seen)) { seen[name] = 1; names[++n] = name }
      if (!(clubs in seenClubs)) { seenClubs[clubs] = 1; sizes[++m] = clubs }
    }
    END {
      for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (sizes[j] < sizes[i]) { t = sizes[i]; sizes[i] = sizes[j]; sizes[j] = t }
      small = sizes[1]; large = sizes[m]
      header = "| benchmark |"; rule = "|---|"
      for (i = 1; i <= m; i++) { header = header " ms/op, " sizes[i] " clubs |"; rule = rule "---:|" }
      if (m > 1) { header = header " time " large "/" small " |"; rule = rule "---:|" }
      for (i = 1; i <= m; i++) { header = header " MB alloc/op, " sizes[i] " |"; rule = rule "---:|" }
      if (m > 1) { header = header " alloc " large "/" small " |"; rule = rule "---:|" }
      for (i = 1; i <= m; i++) { header = header " GC ms/op, " sizes[i] " |"; rule = rule "---:|" }
      print header; print rule
      for (k = 1; k <= n; k++) {
        b = names[k]; row = "| " b " |"
        for (i = 1; i <= m; i++) {
          e = error[b, sizes[i]]
          row = row sprintf(" %.0f%s |", ms[b, sizes[i]], e == "" ? "" : sprintf(" ± %.0f", e))
        }
        if (m > 1) row = row (ms[b, small] > 0 ? sprintf(" %.1f |", ms[b, large] / ms[b, small]) : " |")
        for (i = 1; i <= m; i++) row = row sprintf(" %.0f |", alloc[b, sizes[i]])
        if (m > 1) row = row (alloc[b, small] > 0 ? sprintf(" %.1f |", alloc[b, large] / alloc[b, small]) : " |")
        for (i = 1; i <= m; i++) row = row sprintf(" %.0f |", gc[b, sizes[i]])
        print row
      }
    }' "$OUT/jmh.csv"
} | tee "$OUT/summary.md"
say "jmh: results in $OUT"
