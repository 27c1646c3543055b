"""Every source names the version it was read for: in its URL, or in a `version:` field.

A source that moves under the reader ("latest" documentation, a branch of a repository) can
silently change what it says: Helm's `helm upgrade` reference at helm.sh/docs/ moved from Helm 3
to Helm 4, which has no `--atomic`. So the schema accepts a source only when

- its URL is pinned: a GitHub blob or tree at a tag or commit (not a branch), or a path with a
  version in it (`refman/8.0/`, `/docs/v3/`, `/en/v5.5.3/`, `/3.11/library/`), or a DOI; or
- it has a `version:` field saying which release the page read it for (for sites that have no
  versioned URLs, such as redis.io, man7.org or kubernetes.io).

Sites that do publish versioned URLs must be cited by one: there, "latest" and branch URLs are
refused even with a `version:` field, because the versioned page exists.
"""

from __future__ import annotations

import re
from urllib.parse import urlparse

MOVING = {"main", "master", "head", "develop", "dev", "devel", "trunk", "latest", "stable", "current", "nightly",
          "gh-pages", "unstable"}
# Hosts that publish a page per version: a citation must use the versioned one.
VERSIONED_HOSTS = {
    "github.com": "a blob/tree URL at a tag or a commit, e.g. github.com/redis/redis/blob/7.0.15/src/t_zset.c",
    "docs.celeryq.dev": "the versioned manual, e.g. docs.celeryq.dev/en/v5.5.3/…",
    "docs.python.org": "the versioned library reference, e.g. docs.python.org/3.11/library/…",
    "dev.mysql.com": "the versioned manual, e.g. dev.mysql.com/doc/refman/8.0/en/…",
    "helm.sh": "the Helm 3 reference under helm.sh/docs/v3/…",
    "flask.palletsprojects.com": "the versioned docs, e.g. flask.palletsprojects.com/en/stable/ → /en/3.1.x/",
    "docs.kernel.org": "the versioned docs at kernel.org/doc/html/v6.1/…",
}
_VERSION_TOKEN = re.compile(r"(?<![A-Za-z0-9])(?:v|go|rel|release-|r)?\d+(?:[._-]\d+)+(?![A-Za-z0-9])|/v\d+(?=/|$)",
                            re.IGNORECASE)
_GITHUB_REF = re.compile(r"^/[^/]+/[^/]+/(?:blob|tree|raw|blame)/([^/]+)/")
_GITHUB_FIXED = re.compile(r"^/[^/]+/[^/]+/(?:commit|releases/tag|compare)/")
_SHA = re.compile(r"^[0-9a-f]{7,40}$")


def pinned_by_url(url: str) -> bool:
    """True when the URL itself names a version, tag or commit (or is immutable, like a DOI)."""
    parts = urlparse(url)
    host, path = parts.netloc.lower(), parts.path
    if host in ("doi.org", "dx.doi.org", "www.rfc-editor.org", "datatracker.ietf.org"):
        return True
    if re.match(r"^v\d+-\d+\.docs\.kubernetes\.io$", host):  # the archived docs of one release
        return True
    if host == "github.com":
        if _GITHUB_FIXED.match(path):
            return True
        m = _GITHUB_REF.match(path)
        if not m:
            return False  # an issue, a pull request, a repository home: name the release in version:
        ref = m.group(1)
        return ref.lower() not in MOVING and (_SHA.match(ref) is not None or any(c.isdigit() for c in ref))
    segments = [s.lower() for s in path.split("/") if s]
    if any(s in MOVING for s in segments):
        return False
    return bool(_VERSION_TOKEN.search(path))


def check_source_version(url: str, version: object) -> str | None:
    """None if the source is pinned; otherwise what to write (for the schema's error message)."""
    host = urlparse(url).netloc.lower()
    if pinned_by_url(url):
        return None
    moving_blob = host == "github.com" and _GITHUB_REF.match(urlparse(url).path)
    if host in VERSIONED_HOSTS and (host != "github.com" or moving_blob):
        hint = VERSIONED_HOSTS[host]
        return f"{url!r} is not pinned to a version, and {host} publishes versioned pages: cite {hint}"
    if isinstance(version, str) and version.strip():
        return None
    return (f"{url!r} names no version: add `version:` (the release this page read it for, e.g. 'Redis 7.0', "
            "'man-pages 6.03', 'Kubernetes 1.33'), or cite a URL at a tag or with the version in its path")
