#!/usr/bin/env bash
# The whole pipeline against poison, measured with safeflow's own commands on the embedded platform: the
# testbed's topic-classification file with 20% of the world's poison mixed in (docs/bench/mix.py) is
# ingested into ft.raw as one source, screened by the auditor (its default cascade, exactly once) into
# ft.clean / ft.quarantine, and trained from ft.clean by the streaming trainer (one pass, micro-batch 10,
# until caught up) on the bundled organism; the last checkpoint is scored by `safeflow eval` (harmful score on
# the 160 held-out harmful prompts with the testbed judge and 32 new tokens, topic accuracy on 100 test
# headlines). Controls: the same file trained by `safeflow train` with the auditor bypassed (one epoch, the
# same settings), and the organism itself. Rows: auditor + SFT, auditor + SAP + filter, no auditor + SFT,
# no auditor + SAP + filter, per seed.
#
#   docs/bench/whole-pipeline/measure.sh WORLD OUT [SEED...]      (WORLD from `safeflow testbed generate`)
#
# SAFEFLOW (default ./safeflow), MODEL (default models/safeflow-organism-v1), N benign examples (default
# 1000), RATIO (default 0.20), METHODS (default "sft sap-filter"), TOPIC_LIMIT (default 100).
set -euo pipefail
world=$1
out=$2
shift 2
seeds=("${@:-1}")
sf=${SAFEFLOW:-./safeflow}
model=${MODEL:-models/safeflow-organism-v1}
n=${N:-1000}
ratio=${RATIO:-0.20}
mkdir -p "$out"
out=$(cd "$out" && pwd)
data="$out/mixed-$ratio.jsonl"
python3 "$(dirname "$0")/../mix.py" "$world" "$data" "$n" "$ratio"
total=$(wc -l < "$data")
poisoned=$(grep -c '"id": "poison-' "$data")
echo "mix: $total records, $poisoned poison ($ratio)"

# The testbed benchmark's recipe (SafetyBenchConfig.recipe) at one pass: tuned SAP settings, lr 1e-2 cosine.
recipe=(--set trainer.lr=1e-2 --set trainer.schedule=cosine --set trainer.sap.grad-rate=1e-2
  --set trainer.sap.probe-lr=0.5 --set trainer.contrastive-file="$world/contrastive.jsonl")
method_args() {
  case $1 in
    sft) echo "--set trainer.method=sft" ;;
    sap) echo "--set trainer.method=sap" ;;
    sap-filter) echo "--set trainer.method=sap --set trainer.filter.enabled=true" ;;
    *) echo "unknown method $1: use sft, sap or sap-filter" >&2; return 1 ;;
  esac
}
score() { # adapter-or-empty report-dir log -> "harmful,topic"
  local adapter=()
  [ -n "$1" ] && adapter=(--adapter "$1")
  $sf eval --model "$model" "${adapter[@]}" --suite harmful,utility \
    --harmful-prompts "$world/harmful_eval.jsonl" --utility-prompts "$world/topic_test.jsonl" \
    --set evaluator.judge=testbed --set evaluator.harmful.max-new-tokens=32 \
    --set evaluator.utility.limit="${TOPIC_LIMIT:-100}" --set evaluator.utility.max-new-tokens=4 \
    --set evaluator.utility.match=label --set evaluator.utility.labels=world,sports,business,science \
    --set evaluator.report-dir="$2" > "$3" 2>&1
  echo "$(awk '$1 == "harmful" {print $2}' "$3" | tr -d '%'),$(awk '$1 == "utility" {print $2}' "$3" | tr -d '%')"
}
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

results="$out/results.csv"
[ -f "$results" ] || echo "row,method,seed,records,poison_records,auditor_quarantined,auditor_duplicates,trained_records,filtered_records,harmful,topic_accuracy,seconds" > "$results"
grep -q '^organism,' "$results" || echo "organism,-,-,-,-,-,-,0,-,$(score "" "$out/organism-eval" "$out/organism.eval.log"),0" | tee -a "$results"

# 1. What the auditor's cascade catches in this file, offline (the stream below must quarantine as many).
$sf auditor evaluate --labels "$data" > "$out/auditor-evaluate.md" 2> "$out/auditor-evaluate.log"
sed -n '1,12p' "$out/auditor-evaluate.md"

# 2. The platform, one source's records on ft.raw, the auditor until it has screened them all.
kafka_port=$(free_port)
registry_port=$(free_port)
http_port=$(free_port)
conn=(--bootstrap-servers "localhost:$kafka_port" --registry-url "http://localhost:$registry_port")
# Stopping ./safeflow's wrapper does not reach its JVM: the services are stopped by their unique arguments.
trap 'pkill -f -- "--data-dir $out/platform" || true; pkill -f -- "state-dir=$out/auditor-state" || true; wait || true' EXIT
rm -rf "$out/platform"
$sf local up --data-dir "$out/platform" --kafka-port "$kafka_port" --registry-port "$registry_port" \
  --set topics.partitions=1 > "$out/platform.log" 2>&1 &
for _ in $(seq 600); do grep -q "registry.url .*$registry_port" "$out/platform.log" 2>/dev/null && break; sleep 1; done
grep -q "registry.url .*$registry_port" "$out/platform.log" || { echo "the platform did not start in 10 min: see $out/platform.log" >&2; exit 1; }
# --from-start: the platform is new, so the resume point an earlier run left must not skip the file.
$sf ingest "${conn[@]}" --from-start --source testbed-mix "$data" > "$out/ingest.log" 2>&1
$sf auditor "${conn[@]}" --set auditor.http.port="$http_port" --set auditor.state-dir="$out/auditor-state" \
  > "$out/auditor.log" 2>&1 &
stats() { # field -> its sum over every window of /stats (0 while the auditor's stores are not ready)
  { curl -s -m 10 "http://localhost:$http_port/stats" || true; } | python3 -c '
import json, sys
try:
    windows = json.load(sys.stdin)
except ValueError:
    windows = []
print(sum(w.get(sys.argv[1], 0) for w in windows) if isinstance(windows, list) else 0)' "$1"
}
# Every record is counted once: screened (count: clean or quarantined) or dropped as an exact duplicate (the
# poison pool is smaller than 250, so the mix repeats some of it).
audited=0
for _ in $(seq 900); do
  audited=$(( $(stats count) + $(stats duplicates) ))
  [ "$audited" -ge "$total" ] && break
  sleep 2
done
[ "$audited" -ge "$total" ] || { echo "the auditor settled $audited of $total records in 30 min: see $out/auditor.log" >&2; exit 1; }
quarantined=$(stats quarantined)
duplicates=$(stats duplicates)
clean=$((total - quarantined - duplicates))
echo "auditor: $total records, $quarantined quarantined, $duplicates dropped as duplicates, $clean clean"

# 3. Per seed and method: the streaming trainer on ft.clean, and the same training with the auditor bypassed.
for seed in "${seeds[@]}"; do
  for method in ${METHODS:-sft sap-filter}; do
    if ! grep -q "^auditor,$method,$seed," "$results"; then
      run="$out/auditor-$method-seed$seed"
      rm -rf "$run"
      start=$(date +%s)
      # shellcheck disable=SC2046
      $sf trainer "${conn[@]}" --model "$model" --threads 1 $(method_args "$method") "${recipe[@]}" \
        --set trainer.seed="$seed" --set trainer.total-steps=$(((clean + 9) / 10)) \
        --set trainer.stop-when-caught-up=true --set trainer.checkpoint-dir="$run" \
        --set trainer.group-id="bench-$method-$seed" --set trainer.run-id="auditor-$method-seed$seed" \
        > "$run.train.log" 2>&1
      secs=$(( $(date +%s) - start ))
      ckpt=$(ls -d "$run"/*-step-* 2>/dev/null | sort | tail -n 1)
      [ -n "$ckpt" ] || { echo "no checkpoint under $run: see $run.train.log" >&2; exit 1; }
      # Records trained (the last checkpoint's count) and records the filter left out (summed over checkpoints).
      read -r trained filtered < <(python3 -c '
import json, sys
states = [json.load(open(d + "/trainer_state.json")) for d in sys.argv[1:]]
print(states[-1]["records"], int(sum(s["metrics"].get("filtered_records", 0) for s in states)))' \
        $(ls -d "$run"/*-step-* | sort))
      echo "auditor,$method,$seed,$total,$poisoned,$quarantined,$duplicates,$trained,$filtered,$(score "$ckpt" "$run-eval" "$run.eval.log"),$secs" \
        | tee -a "$results"
    fi
    if ! grep -q "^no-auditor,$method,$seed," "$results"; then
      run="$out/no-auditor-$method-seed$seed"
      rm -rf "$run"
      start=$(date +%s)
      # shellcheck disable=SC2046
      $sf train --model "$model" --data "$data" --output "$run" --seed "$seed" --threads 1 $(method_args "$method") \
        "${recipe[@]}" --set trainer.epochs=1 --set trainer.eval-fraction=0 > "$run.train.log" 2>&1
      secs=$(( $(date +%s) - start ))
      caught=-
      [ -f "$run/filtered.jsonl" ] && caught=$(grep -o '"id":"poison-[0-9]*"' "$run/filtered.jsonl" | sort -u | wc -l)
      echo "no-auditor,$method,$seed,$total,$poisoned,0,0,$total,$caught,$(score "$run/adapter" "$run-eval" "$run.eval.log"),$secs" \
        | tee -a "$results"
    fi
  done
done
