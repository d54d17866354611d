"""Deep fuzz run: real documents mutated, every result checked against the contract.

    python benchmarks/fuzz.py [-n 100000] [--cli-every 10] [--seed 1] [--timeout 20]

Draws ``n`` mutated inputs (seeds and mutations of ``tests/fuzz``) through ``load_json``,
``load_csv`` and ``parse``, then every writer of what was read; every ``cli-every``-th input
also runs one command line in process. Prints the inputs run, the seconds, and the contract
breaks by class (with one example each) and the inputs by cause; exits 1 when there is any
break.
"""

from __future__ import annotations

import argparse
import random
import signal
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "src")]

import fuzz  # noqa: E402  (tests/fuzz, found through the path set above)


def _alarm(_signum: int, _frame: object) -> None:
    raise fuzz.Timeout


def _edits(rng: random.Random) -> list[fuzz.Edit]:
    return [
        fuzz.Edit(rng.randrange(64), rng.random(), rng.randrange(1 << 16), rng.choice(
            (1, 1, 2, 8, 64, 512)))
        for _ in range(rng.choice((1, 1, 1, 2, 3, 5)))
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    parser.add_argument("-n", type=int, default=100_000, help="inputs (default 100000)")
    parser.add_argument("--cli-every", type=int, default=10, help="a CLI run every k inputs")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=20.0, help="seconds per input")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    breaks: Counter[str] = Counter()
    examples: dict[str, str] = {}
    inputs = cli_runs = broken_inputs = 0
    causes: Counter[str] = Counter()
    use_alarm = hasattr(signal, "setitimer")
    if use_alarm:
        signal.signal(signal.SIGALRM, _alarm)
    started = time.perf_counter()
    with fuzz.workdir() as work:
        for i in range(args.n):
            seed = rng.choice(fuzz.SEEDS)
            data = fuzz.mutate(seed, _edits(rng))
            found: list[fuzz.Break] = []
            if use_alarm:
                signal.setitimer(signal.ITIMER_REAL, args.timeout)
            try:
                found = fuzz.exercise_api(seed.kind, data)
                if args.cli_every and i % args.cli_every == 0:
                    cli_runs += 1
                    found += fuzz.exercise_cli(seed.kind, data, rng.randrange(1 << 16), work)
            except fuzz.Timeout:
                found.append(fuzz.Break(f"timeout > {args.timeout:g} s ({seed.kind})",
                                        f"{seed.name}, {len(data)} bytes"))
            finally:
                if use_alarm:
                    signal.setitimer(signal.ITIMER_REAL, 0)
            inputs += 1
            broken_inputs += bool(found)
            for cause in {b.kind.split(": ", 1)[-1] for b in found}:
                causes[cause] += 1
            for b in found:
                breaks[b.kind] += 1
                examples.setdefault(b.kind, f"{seed.name}: {b.detail}")
            if (i + 1) % 10_000 == 0:
                print(f"… {i + 1} inputs, {sum(breaks.values())} breaks, "
                      f"{time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    seconds = time.perf_counter() - started
    print(f"inputs: {inputs} (of which {cli_runs} also through the CLI), {seconds:.0f} s, "
          f"{inputs / seconds:.0f} inputs/s")
    print(f"contract breaks: {sum(breaks.values())} in {len(breaks)} classes, "
          f"in {broken_inputs} inputs")
    print("inputs by cause (the class without its target):")
    for cause, count in causes.most_common():
        print(f"{count:8d}  {cause}")
    print("breaks by class:")
    for kind, count in breaks.most_common():
        example = " ".join(examples[kind].split())[:160]
        print(f"{count:8d}  {kind}\n          e.g. {example!r}")
    return 1 if breaks else 0


if __name__ == "__main__":
    sys.exit(main())
