#!/usr/bin/env python3
"""Regenerates core/src/analysis/uri/data/{tlds,suffixes2,suffixes3}.txt from the
Public Suffix List (ICANN section only: registry suffixes, not hosting providers).

Usage: apt-get install -y publicsuffix && python3 scripts/gen-suffixes.py
"""
import pathlib
import sys

PSL = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/publicsuffix/public_suffix_list.dat")
OUT = pathlib.Path(__file__).resolve().parent.parent / "core/src/analysis/uri/data"


def ace(name: str) -> str:
    return ".".join(label.encode("idna").decode("ascii") if not label.isascii() else label
                    for label in name.split("."))


def main() -> None:
    by_labels = {1: set(), 2: set(), 3: set()}
    in_icann = False
    for line in PSL.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line.startswith("// ===BEGIN ICANN DOMAINS==="):
            in_icann = True
        elif line.startswith("// ===END ICANN DOMAINS==="):
            in_icann = False
        if not in_icann or not line or line.startswith("//") or line[0] in "*!":
            continue
        name = ace(line.lower())
        labels = name.count(".") + 1
        if labels in by_labels:
            by_labels[labels].add(name)
    for labels, file in ((1, "tlds.txt"), (2, "suffixes2.txt"), (3, "suffixes3.txt")):
        (OUT / file).write_text("".join(f"{name}\n" for name in sorted(by_labels[labels])))
        print(f"{file}: {len(by_labels[labels])} entries")


main()
