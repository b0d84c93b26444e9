#!/usr/bin/env bash
# Runs the whole rwsplit benchmark suite and writes results/ (JMH JSON, RESULTS.md, overhead.svg).
#
#   benchmarks/run.sh            full mode: JMH defaults of each class, 3 forks on H2 (about 40 minutes on 2 cores)
#   benchmarks/run.sh --quick    quick mode: fewer iterations and statements (under 10 minutes)
#   benchmarks/run.sh --no-build ...   reuse target/benchmarks.jar
#
# Targets of the overhead benchmark: h2 (in-memory) and postgresql (real replication on loopback); set
# RWSPLIT_BENCH_TARGETS=h2,mariadb (or h2 only) to change them. The lag reaction benchmark runs on postgresql and
# mariadb topologies in both modes (20 shots per method and vendor, 8 in quick mode); set
# RWSPLIT_LAG_VENDORS=postgresql (or mariadb) for one.
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
lag_vendors="${RWSPLIT_LAG_VENDORS:-postgresql,mariadb}"
lag_opts=()

if [ "$build" = yes ]; then
  (cd .. && mvn -B -ntp -q -pl benchmarks -am package -DskipTests)
fi

mkdir -p results target/tmp
jar=target/benchmarks.jar
fixture_props="-Djava.io.tmpdir=$here/target/tmp -Drwsplit.fixtures.targetDir=$here/target"
started=$(date +%s)

{
  echo "run mode=$mode"
  echo "loopback pinned to one CPU=${RWSPLIT_BENCH_PIN:-yes}"
  echo "run started=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "load average at start=$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "memory=$(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
  echo "git commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
} > results/machine.txt

rm -f results/overhead*.json
# Full mode uses each class's JMH defaults; declared empty so that older bash accepts "${class_opts[@]}" under set -u.
class_opts=()
lb_opts=()
if [ "$mode" = quick ]; then
  h2_opts=(-f 2 -wi 3 -w 1 -i 3 -r 1)
  loop_opts=(-wi 9 -w 1 -i 96 -r 250ms)
  class_opts=(-wi 2 -w 1 -i 3 -r 1 -p statement=point_select,update)
  lb_opts=(-wi 2 -w 1 -i 3 -r 1)
  lag_opts=(-wi 1 -i 8)
else
  h2_opts=(-f 3)
  # Many short rounds rather than a few long ones: the machine drifts by percents within minutes, and a round's
  # drivers run within a second or two of each other; 64 rounds make the median paired difference steadier than 16.
  loop_opts=(-wi 9 -w 2 -i 192 -r 500ms)
fi
in_memory=$(echo "$targets" | tr ',' '\n' | grep -x h2 || true)
real=$(echo "$targets" | tr ',' '\n' | grep -vx h2 | paste -sd, - || true)
if [ -n "$in_memory" ]; then
  # In memory: forks of its own for each driver and operation, so that each driver has the JIT to itself; more
  # than one, because one JVM in five or so compiles rwsplit's path into code 30% slower for its whole life.
  # (plain-split is the plain driver on another in-memory database: a baseline only on a real target.)
  java -jar "$jar" OverheadBenchmark "${h2_opts[@]}" -p target=h2 -p drivers=plain,rwsplit,shardingsphere \
    -jvmArgsAppend "-Xms1g -Xmx1g -XX:+AlwaysPreTouch" -prof gc -rf json -rff results/overhead-h2.json
fi
if [ -n "$real" ]; then
  # On loopback: one fork per operation with the drivers interleaved iteration by iteration on one topology, and
  # (on 2+ CPUs) the JVM and the database servers it starts on one CPU: across CPUs a round trip waits for the
  # other CPU to wake up, which on a virtual machine moved it by tens of percent between iterations.
  pin=()
  if [ "${RWSPLIT_BENCH_PIN:-yes}" = yes ] && command -v taskset > /dev/null && [ "$(nproc)" -ge 2 ]; then
    pin=(taskset -c "$(( $(nproc) - 1 ))")
  fi
  "${pin[@]}" java $fixture_props -jar "$jar" OverheadBenchmark "${loop_opts[@]}" -p "target=$real" \
    -p drivers=plain/plain-split/rwsplit -jvmArgsAppend "-Xms1g -Xmx1g -XX:+AlwaysPreTouch $fixture_props" \
    -prof gc -rf json -rff results/overhead-loopback.json
  if [ "$mode" = full ]; then
    # ShardingSphere on loopback in forks of its own, interleaved with the plain driver: in one fork with rwsplit its
    # JIT compilation and garbage, on the one CPU, slowed the iterations after its own.
    "${pin[@]}" java $fixture_props -jar "$jar" OverheadBenchmark -wi 4 -w 2 -i 16 -r 2 -p "target=$real" \
      -p drivers=plain/shardingsphere -jvmArgsAppend "-Xms1g -Xmx1g -XX:+AlwaysPreTouch $fixture_props" \
      -prof gc -rf json -rff results/overhead-loopback-shardingsphere.json
  fi
fi

java -jar "$jar" ClassificationBenchmark "${class_opts[@]}" -prof gc -rf json -rff results/classification.json

java -jar "$jar" ExtremeInputBenchmark -wi 2 -w 1 -i 3 -r 1 -rf json -rff results/extreme-inputs.json

java -jar "$jar" LoadBalancingBenchmark "${lb_opts[@]}" -rf json -rff results/loadbalancing.json

# A topology of a primary and one replica per vendor and method (a JMH fork each); single shots.
java $fixture_props -jar "$jar" LagReactionBenchmark "${lag_opts[@]}" -p "vendor=$lag_vendors" \
  -jvmArgsAppend "-Xms256m -Xmx512m $fixture_props" -rf json -rff results/lagreaction.json

for driver in rwsplit plain; do
  java -Xmx512m $fixture_props -cp "$jar" io.rwsplit.benchmarks.MillionCycles --target h2 --driver "$driver" \
    --out "results/million-cycles-$driver.json" > /dev/null
done

{
  echo "load average at end=$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "run duration=$(( $(date +%s) - started )) s"
} >> results/machine.txt

java -cp "$jar" io.rwsplit.benchmarks.report.ResultsReport results
