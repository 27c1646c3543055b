"""Check data/ and every answer page against the schema without building the site.

    python -m mianjing.check     # exit 1 and one line per problem (file:line: field: message)
"""

from __future__ import annotations

import sys

from .data import load_registry
from .errors import ContentError
from .pages import load_site


def main() -> int:
    try:
        reg = load_registry()
        site = load_site(reg)
    except ContentError as exc:
        print(exc, file=sys.stderr)
        print(f"{len(exc.problems)} problem(s)", file=sys.stderr)
        return 1
    print(f"ok: {len(site.pages)} answer pages, {len(site.by_id)}/{len(reg.questions)} ids answered, "
          f"{sum(len(p.errata) for p in site.pages)} errata")
    return 0


if __name__ == "__main__":
    sys.exit(main())
