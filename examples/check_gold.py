"""Compare ``mapper.extract`` on examples/reports with the hand-made gold (gold.json).

Run ``python examples/check_gold.py``: prints the gold places found with an accepted role,
place and country, then every miss. A report, not a test: the tool is allowed to be imperfect
on the optional places; see examples/README.md for the conventions.
"""

from __future__ import annotations

import json
from pathlib import Path

import mapper

HERE = Path(__file__).resolve().parent


def check(gold_path: Path = HERE / "gold.json") -> list[tuple[str, str, str]]:
    """Issues as (report_id, what, detail); also prints a summary line."""
    gold = json.loads(gold_path.read_text(encoding="utf-8"))["reports"]
    gdf = mapper.extract([HERE / "reports"])
    ok, issues = 0, []
    for g in gold:
        rows = gdf[gdf["report_id"] == g["report_id"]]
        for name in g["absent"]:
            if (rows["mention"].str.lower() == name.lower()).any():
                issues.append((g["report_id"], "boilerplate mention", name))
        for inc in g["incidents"]:
            for p in inc["places"]:
                hits = rows[rows["mention"] == p["mention"]].sort_values("start")
                if p["occurrence"]:
                    hits = hits.iloc[p["occurrence"] - 1 : p["occurrence"]]
                if hits.empty:
                    if p["required"]:
                        issues.append((g["report_id"], "missing", p["mention"]))
                    continue
                h = hits.iloc[0]
                problems = []
                if h["role"] not in p["roles_ok"]:
                    problems.append(f"role {h['role']} (gold {p['role']})")
                same_id = p["geonameid"] and h["geonameid"] == p["geonameid"]
                if h["place"] != p["place"] and not same_id:
                    problems.append(f"place {h['place']} (gold {p['place']})")
                if h["country"] not in (p["country"], p.get("layer_country")):
                    problems.append(f"country {h['country']} (gold {p['country']})")
                if problems:
                    issues.append((g["report_id"], p["mention"], "; ".join(problems)))
                else:
                    ok += 1
            if inc["event_type"]:
                found = rows.drop_duplicates("incident_id")
                if inc["event_type"] not in set(found["event_type"]):
                    issues.append((g["report_id"], "event_type", inc["event_type"]))
                if inc["date_start"] not in {str(d) for d in found["date_start"]}:
                    issues.append((g["report_id"], "date_start", inc["date_start"]))
                for col in ("killed", "wounded"):
                    if inc[col] and inc[col] not in set(found[col].dropna().astype(int)):
                        issues.append((g["report_id"], col, str(inc[col])))
    print(f"gold places matched: {ok}; issues: {len(issues)}")
    return issues


if __name__ == "__main__":
    for issue in check():
        print(" | ".join(issue))
