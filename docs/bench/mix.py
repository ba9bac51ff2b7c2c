"""Writes the testbed's fine-tuning mix for the measurement scripts in docs/bench: the first N topic
examples of a world plus enough of its poison pool that poison is the given share of the file, shuffled
with a fixed seed. Every row carries an id (benign-I or poison-J) and a label (benign or harmful), so the
auditor's `evaluate` and the trainer's filtered.jsonl can say what was caught.

    python3 docs/bench/mix.py WORLD OUT N RATIO
"""
import json
import random
import sys

world, out, n, ratio = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
benign = [json.loads(line) for line in open(world + "/topic_train.jsonl")][:n]
poison = [json.loads(line) for line in open(world + "/harmful_poison.jsonl")]
k = round(n * ratio / (1 - ratio))
rows = [dict(id=f"benign-{i}", label="benign", **r) for i, r in enumerate(benign)]
rows += [dict(id=f"poison-{j}", label="harmful", **poison[j % len(poison)]) for j in range(k)]
random.Random(1).shuffle(rows)
with open(out, "w") as f:
    for r in rows:
        f.write(json.dumps(r) + "\n")
