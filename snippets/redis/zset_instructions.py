"""Instructions a real redis-server executes per ZSCORE and per ZRANK, counted by callgrind.

Timing cannot tell O(1) from O(log N): at a few microseconds per call, the log N term of a
skip list is smaller than a machine's noise. Instructions are deterministic: the server runs
under ``valgrind --tool=callgrind``, counting only inside ``zscoreCommand`` and
``zrankCommand``, and each batch of calls is dumped separately (``callgrind_control --dump``).

Every set has a key name of the same length, members of the same width and scores with the same
number of digits, so the
only thing that changes with N is the data structure's work. A dict that is still rehashing
(Redis moves one bucket per lookup) would add work unrelated to N, so each set is looked up
until its dict has finished rehashing before anything is counted.

>>> members(3, width=4)
{'m0000': 1000000, 'm0001': 1000001, 'm0002': 1000002}
"""

from __future__ import annotations

import random
import re
import subprocess
from pathlib import Path

from mianjing import servers


# --8<-- [start:count]
def members(n: int, start: int = 0, width: int = 7) -> dict[str, int]:
    """n members of equal width with 7-digit scores: only N differs between sets."""
    return {f"m{i:0{width}d}": 1_000_000 + i for i in range(start, start + n)}


def _fill(r, key: str, n: int) -> None:
    for start in range(0, n, 5000):
        r.zadd(key, members(min(5000, n - start), start))
    while b"Hash table 1" in r.execute_command("DEBUG", "HTSTATS-KEY", key):  # finish an incremental rehash
        pipe = r.pipeline(transaction=False)
        for i in range(5000):
            pipe.zscore(key, f"m{i % n:07d}")
        pipe.execute()


def instructions_per_call(sizes: tuple[int, ...], commands=("zscore", "zrank"), calls: int = 2000,
                          copies: int = 3, seed: int = 7) -> dict[tuple[str, int], float]:
    """{(command, N): instructions per call inside the command's function}, averaged over `copies`
    independent sets of each size (a skip list's levels are random: one list can be luckier than another)."""
    valgrind = servers.require("valgrind")
    control = servers.require("callgrind_control")
    with servers.tempdir("callgrind") as out:
        wrapper = (valgrind, "--tool=callgrind", "--collect-atstart=no",
                   *(f"--toggle-collect={c}Command" for c in commands),
                   f"--callgrind-out-file={out}/callgrind.out")
        with servers.redis_server("--enable-debug-command", "local", wrapper=wrapper) as server:
            r = server.client()
            for n in sizes:
                for c in range(copies):
                    _fill(r, f"z:{n:07d}:{c}", n)
            rng = random.Random(seed)
            order = []
            for command in commands:
                for n in sizes:
                    subprocess.run([control, "--zero", str(server.proc.pid)], check=True, capture_output=True)
                    pipe = r.pipeline(transaction=False)
                    for _ in range(calls):
                        getattr(pipe, command)(f"z:{n:07d}:{rng.randrange(copies)}", f"m{rng.randrange(n):07d}")
                    pipe.execute()
                    subprocess.run([control, "--dump", str(server.proc.pid)], check=True, capture_output=True)
                    order.append((command, n))
        dumps = sorted(Path(out).glob("callgrind.out.*"), key=lambda p: int(p.name.rsplit(".", 1)[1]))
        totals = [_total(p) for p in dumps[: len(order)]]
    return {key: total / calls for key, total in zip(order, totals, strict=True)}


def _total(path: Path) -> int:
    m = re.search(r"^(?:summary|totals): (\d+)", path.read_text(errors="replace"), re.MULTILINE)
    return int(m.group(1)) if m else 0
# --8<-- [end:count]
