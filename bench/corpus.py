"""A synthetic corpus of a given size, made from real documents, for benchmarks.

Not 1000 copies of one text: each synthetic document takes one source
document (the seeds, and the dev documents of ../shared when present, read
where they are and never copied into the project), keeps its title line,
shuffles its paragraphs, sometimes borrows paragraphs from another source,
and renames the organizations, Party organizations and brands that the
extractor finds in it with made-up names (a random prefix of the same
length, keeping the kind: …收费站, …党支部). Names are drawn from a finite
pool, so entities recur across documents the way they do in a real corpus
and the graph grows with the corpus, more slowly than the text.

    python bench/corpus.py --mb 10 /tmp/corpus10

Deterministic: the same sources, size and seed give the same files.
"""
from __future__ import annotations

import argparse
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [ROOT / "seeds", ROOT.parent / "shared" / "eval" / "dev" / "docs"]

# characters for made-up place and unit names (common in Chinese place names)
_NAME_CHARS = ("东南西北中安平和兴华新宁远长青山河湖江海川林阳泉水石桥岭峰城州县镇乡"
               "庄村坪湾洲源丰泰康乐永昌盛福顺德明光荣金银云龙凤嘉")
# characters for made-up brand names
_BRAND_CHARS = "红心先锋连民聚力同行初心暖光路桥志愿守望铸魂领航星火筑梦晨曦和畅"
# how many kind characters of a name survive renaming (收费站, 党支部, 分公司 …)
_KEEP = 3


def source_files(sources=SOURCES) -> list[Path]:
    files = []
    for src in sources:
        if Path(src).is_dir():
            files += sorted(p for p in Path(src).iterdir() if p.suffix == ".txt" and not p.name.startswith("."))
    if not files:
        sys.exit("bench/corpus.py: no source documents found (seeds/ missing?)")
    return files


def _names(path: Path) -> list[tuple[str, str]]:
    """(type, label) of the organizations, Party organizations and brands found in one source."""
    from kg.extract import extract
    from kg.ingest import read_document

    out = set()
    for doc in read_document(path):
        for (type_, label) in extract(doc).entities:
            if type_ in ("Organization", "PartyOrganization", "Brand") and len(label) >= 2:
                out.add((type_, label))
    return sorted(out, key=lambda t: (-len(t[1]), t))


def _made_up(type_: str, label: str, rng: random.Random, pool: int) -> str:
    if type_ == "Brand":
        chars = _BRAND_CHARS
        body, keep = label, ""
    else:
        chars = _NAME_CHARS
        cut = max(1, len(label) - _KEEP)
        body, keep = label[:cut], label[cut:]
    # a finite pool per length: the same made-up name comes back in other documents
    r = random.Random(f"{type_}:{len(body)}:{rng.randrange(pool)}")
    return "".join(r.choice(chars) for _ in body) + keep


def make_corpus(out_dir: str | Path, mb: float, seed: int = 0, sources=SOURCES, pool: int = 400,
                verbose: bool = True) -> tuple[int, int]:
    """Write synthetic .txt documents into ``out_dir`` until they hold ``mb``
    megabytes (UTF-8); returns (documents, bytes)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    files = source_files(sources)
    texts = [f.read_text(encoding="utf-8", errors="replace") for f in files]
    names = [_names(f) for f in files]
    rng = random.Random(seed)
    target = int(mb * 1_000_000)
    total = n = 0
    while total < target:
        i = rng.randrange(len(texts))
        paras = [p for p in texts[i].split("\n") if p.strip()]
        title, body = paras[0], paras[1:]
        rng.shuffle(body)
        if rng.random() < 0.5:  # borrow a few paragraphs from another source
            other = [p for p in texts[rng.randrange(len(texts))].split("\n")[1:] if p.strip()]
            body += rng.sample(other, min(len(other), rng.randint(1, 3)))
        text = "\n\n".join([title] + body) + "\n"
        mapping = {label: _made_up(type_, label, rng, pool) for type_, label in names[i]}
        if mapping:
            pattern = re.compile("|".join(map(re.escape, mapping)))
            text = pattern.sub(lambda m: mapping[m.group(0)], text)
        data = text.encode("utf-8")
        (out / f"doc{n:06d}.txt").write_bytes(data)
        total += len(data)
        n += 1
    if verbose:
        print(f"corpus: {n} documents, {total / 1e6:.1f} MB from {len(files)} sources → {out}", file=sys.stderr)
    return n, total


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out_dir")
    ap.add_argument("--mb", type=float, default=10.0)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    make_corpus(args.out_dir, args.mb, args.seed)


if __name__ == "__main__":
    main()
