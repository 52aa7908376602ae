"""What ``newsclean status`` shows: the state of a state file, as data and as text."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

from newsclean.corpus.state.store import StateStore


def status(store: StateStore, *, runs: int = 5, hosts: int = 5) -> dict[str, Any]:
    """Sources, the last runs, article counts, the last run's outcomes by reason, the hosts
    that fail most, and how many pages are due for a re-check now."""
    db = store.db
    now = store.now()
    last = store.runs(runs)
    outcomes: dict[str, int] = {}
    if last:
        for row in db.execute("SELECT outcome, count(*) AS n FROM fetches WHERE run_id = ? "
                              "GROUP BY outcome", (last[0]["id"],)):
            outcomes[f"fetch/{row['outcome']}"] = row["n"]
        # fetch failures are in the fetch history already; the other stages' are here
        for row in db.execute("SELECT stage, reason, count(*) AS n FROM failures "
                              "WHERE run_id = ? AND stage != 'fetch' GROUP BY stage, reason",
                              (last[0]["id"],)):
            outcomes[f"{row['stage']}/{row['reason']}"] = row["n"]
    failing: dict[str, list[int]] = {}
    for row in db.execute("SELECT url, failures FROM urls WHERE failures > 0"):
        host = urlsplit(row["url"]).hostname or row["url"]
        tally = failing.setdefault(host, [0, 0])
        tally[0] += 1
        tally[1] += row["failures"]
    worst = sorted(failing.items(), key=lambda kv: (-kv[1][0], -kv[1][1], kv[0]))[:hosts]
    return {
        "state": str(store.path),
        "sources": [dict(r) for r in db.execute(
            "SELECT source, kind, first_seen, last_seen FROM sources ORDER BY source")],
        "runs": [{**dict(r), "counts": json.loads(r["counts"]) if r["counts"] else None}
                 for r in last],
        "articles": db.execute("SELECT count(DISTINCT id) FROM articles").fetchone()[0],
        "versions": db.execute("SELECT count(*) FROM articles").fetchone()[0],
        "duplicates": db.execute("SELECT count(*) FROM fingerprints "
                                 "WHERE duplicate_of IS NOT NULL").fetchone()[0],
        "urls": db.execute("SELECT count(*) FROM urls").fetchone()[0],
        "due_now": db.execute("SELECT count(*) FROM urls WHERE next_check IS NULL "
                              "OR next_check <= ?", (now,)).fetchone()[0],
        "last_run_outcomes": dict(sorted(outcomes.items())),
        "worst_hosts": [{"host": h, "failing_urls": n, "failed_checks": f}
                        for h, (n, f) in worst],
    }


def format_status(data: dict[str, Any]) -> str:
    """The status as a few lines a person reads in a minute."""
    lines = [f"state {data['state']}: {data['articles']} articles ({data['versions']} "
             f"versions, {data['duplicates']} duplicates), {data['urls']} URLs, "
             f"{data['due_now']} due for a check now"]
    lines.append(f"sources ({len(data['sources'])}):")
    lines += [f"  {s['kind']:<8} {s['source']}  (last seen {s['last_seen']})"
              for s in data["sources"]] or ["  none yet"]
    lines.append("last runs:")
    for run in data["runs"]:
        counts = run["counts"] or {}
        summary = ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "-"
        lines.append(f"  #{run['id']} {run['started']} -> {run['ended'] or '...'} "
                     f"{run['status']}: {summary}")
    if not data["runs"]:
        lines.append("  none yet")
    lines.append("last run by outcome: " + (", ".join(
        f"{k} {v}" for k, v in data["last_run_outcomes"].items()) or "-"))
    lines.append("worst hosts: " + (", ".join(
        f"{h['host']} ({h['failing_urls']} failing URLs)" for h in data["worst_hosts"])
        or "none"))
    return "\n".join(lines)
