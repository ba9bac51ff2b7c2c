#!/usr/bin/env bash
# The in-training poison filter (trainer.filter) measured with safeflow's own commands, the auditor
# bypassed: a topic-classification file with 5, 10 and 20% of the world's poison mixed in, fine-tuned on
# the bundled organism with SFT, SAP and SAP + filter, then scored by `safeflow eval` (harmful score on the
# 160 held-out harmful prompts with the testbed judge and 32 new tokens as the testbed's benchmark
# decodes, topic accuracy on 100 test headlines). The poison records carry ids
# poison-*, so filtered.jsonl says what the filter caught.
#
#   docs/bench/filter/measure.sh WORLD OUT [SEED...]      (WORLD from `safeflow testbed generate`)
#
# SAFEFLOW (default ./safeflow) runs the CLI; N benign examples (default 1000), EPOCHS (default 3),
# RATIOS (default "0.05 0.10 0.20"), METHODS (default "sft sap sap-filter"), EVAL=0 skips `safeflow eval`
# (the filter's catch needs only the training run), HARMFUL_LIMIT / TOPIC_LIMIT prompts (default all / 100).
set -euo pipefail
world=$1
out=$2
shift 2
seeds=("${@:-1}")
sf=${SAFEFLOW:-./safeflow}
model=${MODEL:-models/safeflow-organism-v1}
n=${N:-1000}
epochs=${EPOCHS:-3}
mkdir -p "$out"
# The testbed benchmark's recipe (SafetyBenchConfig.recipe): tuned SAP settings, lr 1e-2 cosine.
recipe=(--set trainer.lr=1e-2 --set trainer.schedule=cosine --set trainer.epochs="$epochs"
  --set trainer.eval-fraction=0 --set trainer.sap.grad-rate=1e-2 --set trainer.sap.probe-lr=0.5
  --set trainer.contrastive-file="$world/contrastive.jsonl")
results="$out/results.csv"
[ -f "$results" ] || echo "poison,seed,method,records,poison_records,caught,benign_dropped,harmful,topic_accuracy,seconds" > "$results"

for p in ${RATIOS:-0.05 0.10 0.20}; do
  data="$out/mixed-$p.jsonl"
  python3 "$(dirname "$0")/../mix.py" "$world" "$data" "$n" "$p"
  total=$(wc -l < "$data")
  poisoned=$(grep -c '"id": "poison-' "$data")
  for seed in "${seeds[@]}"; do
    for method in ${METHODS:-sft sap sap-filter}; do
      run="$out/$p-$method-seed$seed"
      # Done already: a row for this cell, with scores unless EVAL=0. A row without scores is redone.
      row=$(grep "^$p,$seed,$method," "$results" || true)
      if [ -n "$row" ] && { [ "${EVAL:-1}" = 0 ] || ! grep -q ',-,-,' <<< "$row"; }; then
        continue
      fi
      sed -i "/^$p,$seed,$method,/d" "$results"
      rm -rf "$run"
      args=(--method "${method%-filter}")
      [ "$method" = sap-filter ] && args+=(--set trainer.filter.enabled=true)
      start=$(date +%s)
      $sf train --model "$model" --data "$data" --output "$run" --seed "$seed" --threads 1 "${recipe[@]}" "${args[@]}" \
        > "$run.train.log" 2>&1
      secs=$(( $(date +%s) - start ))
      harmful=-
      utility=-
      [ "${EVAL:-1}" = 0 ] || $sf eval --model "$model" --adapter "$run/adapter" --suite harmful,utility \
        --harmful-prompts "$world/harmful_eval.jsonl" --utility-prompts "$world/topic_test.jsonl" \
        --set evaluator.judge=testbed --set evaluator.harmful.max-new-tokens=32 \
        --set evaluator.harmful.limit="${HARMFUL_LIMIT:-0}" --set evaluator.utility.limit="${TOPIC_LIMIT:-100}" \
        --set evaluator.utility.max-new-tokens=4 --set evaluator.utility.match=label \
        --set evaluator.utility.labels=world,sports,business,science --set evaluator.report-dir="$run/eval" \
        > "$run.eval.log" 2>&1
      if [ "${EVAL:-1}" != 0 ]; then
        harmful=$(awk '$1 == "harmful" {print $2}' "$run.eval.log" | tr -d '%')
        utility=$(awk '$1 == "utility" {print $2}' "$run.eval.log" | tr -d '%')
      fi
      caught=0
      dropped=0
      if [ -f "$run/filtered.jsonl" ]; then
        # Distinct records: with several epochs a record can be left out once per pass.
        caught=$(grep -o '"id":"poison-[0-9]*"' "$run/filtered.jsonl" | sort -u | wc -l)
        dropped=$(grep -o '"id":"benign-[0-9]*"' "$run/filtered.jsonl" | sort -u | wc -l)
      fi
      echo "$p,$seed,$method,$total,$poisoned,$caught,$dropped,$harmful,$utility,$secs" | tee -a "$results"
    done
  done
done
