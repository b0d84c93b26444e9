#!/usr/bin/env bash
# Runs the whole rwsplit benchmark suite and writes results/ (JMH JSON, RESULTS.md, overhead.svg).
#
#   benchmarks/run.sh            full mode: JMH defaults of each class (about 35-45 minutes on 2 cores)
#   benchmarks/run.sh --quick    quick mode: fewer iterations and statements (under 10 minutes on 2 cores)
#   benchmarks/run.sh --no-build ...   reuse target/benchmarks.jar
#
# Targets of the overhead benchmark: h2 (in-memory) and postgresql (real replication on loopback); set
# RWSPLIT_BENCH_TARGETS=h2,mariadb (or h2 only) to change them.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
mode=full
build=yes
for arg in "$@"; do
  case "$arg" in
    --quick) mode=quick ;;
    --no-build) build=no ;;
    *) echo "usage: $0 [--quick] [--no-build]" >&2; exit 2 ;;
  esac
done
targets="${RWSPLIT_BENCH_TARGETS:-h2,postgresql}"

if [ "$build" = yes ]; then
  (cd .. && mvn -B -ntp -q -pl benchmarks -am package -DskipTests)
fi

mkdir -p results target/tmp
jar=target/benchmarks.jar
fixture_props="-Djava.io.tmpdir=$here/target/tmp -Drwsplit.fixtures.targetDir=$here/target"
started=$(date +%s)

{
  echo "run mode=$mode"
  echo "run started=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "load average at start=$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "memory=$(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
  echo "git commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
} > results/machine.txt

if [ "$mode" = quick ]; then
  overhead_opts=(-wi 3 -w 1 -i 3 -r 1)
  class_opts=(-wi 2 -w 1 -i 3 -r 1 -p statement=point_select,update,join)
  lb_opts=(-wi 2 -w 1 -i 3 -r 1)
else
  overhead_opts=()
  class_opts=()
  lb_opts=()
fi

java $fixture_props -jar "$jar" OverheadBenchmark "${overhead_opts[@]}" -p "target=$targets" \
  -jvmArgsAppend "-Xms1g -Xmx1g $fixture_props" -prof gc -rf json -rff results/overhead.json

java -jar "$jar" ClassificationBenchmark "${class_opts[@]}" -prof gc -rf json -rff results/classification.json

java -jar "$jar" LoadBalancingBenchmark "${lb_opts[@]}" -rf json -rff results/loadbalancing.json

for driver in rwsplit plain; do
  java -Xmx512m $fixture_props -cp "$jar" io.rwsplit.benchmarks.MillionCycles --target h2 --driver "$driver" \
    --out "results/million-cycles-$driver.json" > /dev/null
done

{
  echo "load average at end=$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "run duration=$(( $(date +%s) - started )) s"
} >> results/machine.txt

java -cp "$jar" io.rwsplit.benchmarks.report.ResultsReport results
