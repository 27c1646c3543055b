"""Check data/ and the answer pages against the schema without building the site.

    python -m mianjing.check                      # every page; exit 1, one line per problem
    python -m mianjing.check docs/redis/x.md …    # only the problems of these pages

Each problem is one line: file:line: field: message.
"""

from __future__ import annotations

import sys

from .data import load_registry
from .errors import ContentError
from .pages import load_site


def main(argv: list[str]) -> int:
    only = {a.removeprefix("./") for a in argv}
    try:
        reg = load_registry()
        site = load_site(reg)
    except ContentError as exc:
        problems = [p for p in exc.problems if not only or p.file in only]
        for p in problems:
            print(p, file=sys.stderr)
        if problems:
            print(f"{len(problems)} problem(s)", file=sys.stderr)
            return 1
        print(f"ok: {', '.join(sorted(only))} (other pages have {len(exc.problems)} problem(s))")
        return 0
    print(f"ok: {len(site.pages)} answer pages, {len(site.by_id)}/{len(reg.questions)} ids answered, "
          f"{sum(len(p.errata) for p in site.pages)} errata")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
