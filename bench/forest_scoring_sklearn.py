"""scikit-learn's IsolationForest on the scoring benchmark's feature matrix, one thread.

  python bench/forest_scoring_sklearn.py time MATRIX [REPEATS]
      fit IsolationForest(n_estimators=100, max_samples=256, n_jobs=1) on the matrix, then time
      score_samples on all its rows REPEATS times (default 5); prints one JSON line.
  python bench/forest_scoring_sklearn.py report MATRIX JMH_JSON CPU_JSON SKLEARN_JSON...
      the side-by-side table: rows/s of each scorer in wall-clock time (JMH; scikit-learn's
      perf_counter) and in CPU time (ForestScoringCpuTime; scikit-learn's process_time), ratios,
      and the ROC AUC of our scores and scikit-learn's against the generator's labels.

MATRIX is the path the Java side wrote without suffix: MATRIX.f64 (rows x features float64,
little-endian, row-major), MATRIX.labels (uint8, 0 = normal, else 1 + AnomalyKind ordinal),
MATRIX.json (shape), MATRIX.scores.f64 (our scores, written by the JMH setup).
"""
import json
import statistics
import sys
import time

import numpy as np
import sklearn
from sklearn.ensemble import IsolationForest
from sklearn.metrics import roc_auc_score

KINDS = ["BOT_BURST", "EXTREME_VALUE", "ODD_HOUR", "PURCHASE_WITHOUT_VIEW"]


def load(base):
    with open(base + ".json") as f:
        meta = json.load(f)
    x = np.fromfile(base + ".f64", dtype="<f8").reshape(meta["rows"], len(meta["columns"]))
    labels = np.fromfile(base + ".labels", dtype=np.uint8)
    return x, labels


def time_sklearn(base, repeats):
    x, labels = load(base)
    started = time.perf_counter()
    model = IsolationForest(n_estimators=100, max_samples=256, n_jobs=1, random_state=42).fit(x)
    fit_seconds = time.perf_counter() - started
    seconds = []
    cpu_seconds = []
    for _ in range(repeats):
        started, cpu_started = time.perf_counter(), time.process_time()
        scores = model.score_samples(x)
        seconds.append(time.perf_counter() - started)
        cpu_seconds.append(time.process_time() - cpu_started)
    np.save(base + ".sklearn-scores.npy", -scores)  # higher = more anomalous, as ours
    print(json.dumps({
        "sklearn": sklearn.__version__, "numpy": np.__version__, "rows": int(x.shape[0]),
        "features": int(x.shape[1]), "fit_s": round(fit_seconds, 3),
        "score_samples_s": [round(s, 3) for s in seconds],
        "rows_per_s": [round(x.shape[0] / s) for s in seconds],
        "score_samples_cpu_s": [round(s, 3) for s in cpu_seconds],
    }))


def aucs(scores, labels):
    result = {"ALL": roc_auc_score(labels > 0, scores)}
    for i, kind in enumerate(KINDS, start=1):
        keep = (labels == 0) | (labels == i)
        if (labels == i).any():
            result[kind] = roc_auc_score(labels[keep] == i, scores[keep])
    return result


def report(base, jmh_json, cpu_json, sklearn_jsons):
    with open(jmh_json) as f:
        jmh = json.load(f)
    wall = {}
    for entry in jmh:
        metric = entry["primaryMetric"]
        wall[entry["benchmark"].rsplit(".", 1)[1]] = (metric["score"], metric["scoreError"])
    with open(cpu_json) as f:
        cpu = {name: statistics.median(rates) for name, rates in json.load(f)["cpu_rows_per_s"].items()}
    runs = [json.loads(line) for path in sklearn_jsons for line in open(path) if line.strip()]
    sk_wall = statistics.median(rate for run in runs for rate in run["rows_per_s"])
    sk_cpu = statistics.median(run["rows"] / s for run in runs for s in run["score_samples_cpu_s"])

    names = {
        "compiledScoreBlock": "ours: CompiledForest.scoreBlock",
        "compiledScoreRowByRow": "ours: CompiledForest.score, row by row (before)",
        "smileScoreRowByRow": "Smile 3.1.1 IsolationForest.score, same trees",
    }
    print("| scorer, one thread | wall-clock rows/s (JMH) | vs scikit-learn | CPU-time rows/s | vs scikit-learn |")
    print("|---|---:|---:|---:|---:|")
    for name, label in names.items():
        score, error = wall[name]
        print(f"| {label} | {score:,.0f} ± {error:,.0f} | {score / sk_wall:.2f}× "
              f"| {cpu[name]:,.0f} | {cpu[name] / sk_cpu:.2f}× |")
    print(f"| scikit-learn {runs[0]['sklearn']} score_samples, n_jobs=1 "
          f"| {sk_wall:,.0f} (median of {sum(len(r['rows_per_s']) for r in runs)}) | 1.00× "
          f"| {sk_cpu:,.0f} | 1.00× |")
    block_wall, block_cpu = wall["compiledScoreBlock"][0], cpu["compiledScoreBlock"]
    print(f"scoreBlock vs row by row: {block_wall / wall['compiledScoreRowByRow'][0]:.2f}× wall-clock, "
          f"{block_cpu / cpu['compiledScoreRowByRow']:.2f}× CPU time")
    print(f"scoreBlock vs Smile: {block_wall / wall['smileScoreRowByRow'][0]:.2f}× wall-clock, "
          f"{block_cpu / cpu['smileScoreRowByRow']:.2f}× CPU time")
    print(f"scikit-learn fit (100 trees, max_samples=256): {[run['fit_s'] for run in runs]} s")

    _, labels = load(base)
    ours_auc = aucs(np.fromfile(base + ".scores.f64", dtype="<f8"), labels)
    sk_auc = aucs(np.load(base + ".sklearn-scores.npy"), labels)
    print()
    print("| ROC AUC vs the generator's labels | events | ours | scikit-learn |")
    print("|---|---:|---:|---:|")
    for kind in ours_auc:
        n = int((labels > 0).sum()) if kind == "ALL" else int((labels == KINDS.index(kind) + 1).sum())
        print(f"| {kind} | {n:,} | {ours_auc[kind]:.4f} | {sk_auc[kind]:.4f} |")


if __name__ == "__main__":
    if sys.argv[1] == "time":
        time_sklearn(sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 5)
    elif sys.argv[1] == "report":
        report(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:])
    else:
        sys.exit("usage: forest_scoring_sklearn.py time MATRIX [REPEATS] | report MATRIX JMH_JSON CPU_JSON SKLEARN_JSON...")
