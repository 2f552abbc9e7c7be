"""The source texts' runs of ten words, kept as short hashes: enough to find a copied run, not the texts.

The seeds (the public texts the Nottingham content is written from) stay outside the repository. To make
`tests/seed_runs.txt` again after they change: `.venv/bin/python -m tests.seed_runs ../shared/seeds`.
"""

import hashlib
import re
import sys
from pathlib import Path

RUN = 10
HASHES = Path(__file__).with_name("seed_runs.txt")


def words(text: str) -> list[str]:
    """Return the words of a text in lower case, without punctuation ("under-achievement" is two words)."""
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    return re.findall(r"[a-z0-9£%]+(?:'[a-z]+)?", text)


def runs(tokens: list[str]) -> set[tuple[str, ...]]:
    """Return every run of RUN words in a row."""
    return {tuple(tokens[i : i + RUN]) for i in range(len(tokens) - RUN + 1)}


def digest(run: tuple[str, ...]) -> str:
    """Return the short hash a run of words is kept as."""
    return hashlib.sha256(" ".join(run).encode()).hexdigest()[:16]


def seed_digests() -> frozenset[str]:
    """Return the hashes of the seeds' runs, as tests/seed_runs.txt keeps them."""
    return frozenset(HASHES.read_text().split())


def main(folder: str) -> None:
    found = set()
    for path in sorted(Path(folder).glob("*.txt")):
        found |= {digest(run) for run in runs(words(path.read_text()))}
    HASHES.write_text("\n".join(sorted(found)) + "\n")
    print(f"{len(found)} runs of {RUN} words written to {HASHES}")


if __name__ == "__main__":
    main(sys.argv[1])
