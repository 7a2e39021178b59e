#!/usr/bin/env python3
"""Writes a realistic HXL-tagged 3W CSV for import benchmarks (Python stdlib only).

    python3 bench/gen_3w.py --rows 1000000 --out bench/work/afg_3w_1m.csv [--seed 42]

Header row + HXL tag row, then one activity per row: implementing organization (name and
acronym, ~300 of them), IASC cluster name, an activity title fitting the cluster, a real
Afghan adm1/adm2 p-code pair with names (from data/demo/global_pcodes_adm1_adm2.csv), start/end
dates, status, targeted/reached people, budget and currency. The output is deterministic for a
given seed, and rows are almost all unique by who/what/where/when (the import's identity key).
"""
import argparse
import csv
import os
import random
import sys
from datetime import date, timedelta

HEADERS = ["Organization", "Acronym", "Cluster", "Activity", "Province code", "Province",
           "District code", "District", "Start", "End", "Status", "Targeted", "Reached",
           "Budget", "Currency"]
TAGS = ["#org+impl+name", "#org+impl+acronym", "#sector+name", "#activity+name", "#adm1+code",
        "#adm1+name", "#adm2+code", "#adm2+name", "#date+start", "#date+end", "#status",
        "#targeted+total", "#reached+total", "#value+budget", "#currency"]

# IASC clusters / areas of responsibility, with typical activities of each.
SECTORS = {
    "Camp Coordination and Camp Management": [
        "Site management and coordination", "Camp committee training",
        "Site improvement works", "Community feedback mechanism"],
    "Child Protection": [
        "Child friendly spaces", "Case management for children at risk",
        "Family tracing and reunification", "Psychosocial support for children"],
    "Early Recovery": [
        "Cash for work rehabilitation", "Debris removal", "Community infrastructure repair",
        "Vocational training for youth"],
    "Education": [
        "Community based education classes", "Teacher training", "Distribution of learning kits",
        "Temporary learning spaces", "School rehabilitation"],
    "Emergency Shelter and NFI": [
        "Emergency shelter kits", "Winterization assistance", "Non-food item kits distribution",
        "Transitional shelter construction", "Rental subsidies"],
    "Emergency Telecommunications": [
        "Security telecommunications services", "Internet connectivity for responders"],
    "Food Security and Agriculture": [
        "General food distribution", "Cash for food", "Seeds and tools distribution",
        "Livestock protection", "Kitchen garden support", "Food for assets"],
    "Gender-Based Violence": [
        "Women and girls safe spaces", "GBV case management", "Dignity kits distribution",
        "GBV awareness sessions"],
    "Health": [
        "Mobile health teams", "Primary health care consultations", "Trauma care",
        "Measles vaccination campaign", "Mental health and psychosocial support",
        "Reproductive health services"],
    "Logistics": ["Common transport services", "Warehouse management"],
    "Mine Action": [
        "Explosive ordnance risk education", "Non-technical survey", "Clearance of contaminated land",
        "Victim assistance"],
    "Multi-purpose Cash": ["Multi-purpose cash assistance", "Emergency cash transfers"],
    "Nutrition": [
        "Treatment of severe acute malnutrition", "Treatment of moderate acute malnutrition",
        "Infant and young child feeding counselling", "Micronutrient supplementation",
        "Nutrition screening"],
    "Protection": [
        "Protection monitoring", "Legal assistance on civil documentation",
        "Individual protection assistance", "Community based protection"],
    "Water, Sanitation and Hygiene": [
        "Water trucking", "Borehole rehabilitation", "Latrine construction",
        "Hygiene kit distribution", "Hygiene promotion sessions", "Water supply network repair"],
}

STATUSES = ["Planned", "Ongoing", "Ongoing", "Ongoing", "Completed", "Completed", "Suspended"]

ORG_KINDS = ["Organization", "Society", "Foundation", "Association", "Agency", "Committee",
             "Network", "Initiative", "Council", "Trust"]
ORG_PURPOSES = ["Relief", "Development", "Rehabilitation", "Reconstruction", "Welfare",
                "Health", "Education", "Peace", "Humanitarian Aid", "Women Empowerment",
                "Children", "Rural Development", "Water and Sanitation", "Mine Clearance",
                "Social Services", "Human Rights", "Youth", "Community Development"]
ORG_PREFIXES = ["Afghan", "Afghanistan", "International", "Global", "Coordination of",
                "Hope", "New", "Sanayee", "Shuhada", "Aga Khan", "Care for", "Voice of",
                "Bright Future", "Mercy", "Green", "United", "Helping Hands", "Ariana",
                "Kabul", "Hindu Kush", "Amu", "Pamir", "Helmand", "Herat", "Balkh"]
REAL_ORGS = [("World Food Programme", "WFP"), ("UNICEF", "UNICEF"),
             ("World Health Organization", "WHO"), ("UNHCR", "UNHCR"),
             ("International Organization for Migration", "IOM"),
             ("Norwegian Refugee Council", "NRC"), ("Danish Refugee Council", "DRC"),
             ("Save the Children", "SCI"), ("International Rescue Committee", "IRC"),
             ("Action Contre la Faim", "ACF"), ("CARE International", "CARE"),
             ("Mercy Corps", "MC"), ("Oxfam", "OXFAM"), ("World Vision International", "WVI"),
             ("Première Urgence Internationale", "PUI"), ("HALO Trust", "HALO"),
             ("Danish Demining Group", "DDG"), ("Medair", "MEDAIR"),
             ("Catholic Relief Services", "CRS"), ("Islamic Relief Worldwide", "IRW")]


def org_names(rng, count):
    """~count distinct (name, acronym) pairs: well-known agencies plus generated NGOs."""
    orgs = list(REAL_ORGS)
    seen = {name for name, _ in orgs}
    while len(orgs) < count:
        name = f"{rng.choice(ORG_PREFIXES)} {rng.choice(ORG_PURPOSES)} {rng.choice(ORG_KINDS)}"
        if name in seen:
            continue
        seen.add(name)
        acronym = "".join(w[0] for w in name.replace(" of", "").replace(" and", "").split())
        orgs.append((name, acronym.upper()))
    return orgs


def afg_places(pcodes_path):
    """[(adm1 code, adm1 name, adm2 code, adm2 name)] for every Afghan district."""
    adm1, adm2 = {}, []
    with open(pcodes_path, newline="", encoding="utf-8-sig") as f:
        for row in csv.DictReader(f):
            if row["Location"] != "AFG":
                continue
            if row["Admin Level"] == "1":
                adm1[row["P-Code"]] = row["Name"]
            elif row["Admin Level"] == "2":
                adm2.append((row["Parent P-Code"], row["P-Code"], row["Name"]))
    return [(p, adm1[p], code, name) for p, code, name in adm2 if p in adm1]


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--out", default="-")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--orgs", type=int, default=300)
    parser.add_argument("--pcodes",
                        default=os.path.join(here, "..", "data", "demo",
                                             "global_pcodes_adm1_adm2.csv"))
    args = parser.parse_args()

    rng = random.Random(args.seed)
    orgs = org_names(rng, args.orgs)
    places = afg_places(args.pcodes)
    if not places:
        sys.exit(f"gen_3w: no AFG districts in {args.pcodes}")
    sectors = list(SECTORS.items())
    first_day = date(2020, 1, 1)
    out = sys.stdout if args.out == "-" else open(args.out, "w", newline="", encoding="utf-8")
    with out:
        w = csv.writer(out, lineterminator="\n")
        w.writerow(HEADERS)
        w.writerow(TAGS)
        for _ in range(args.rows):
            name, acronym = rng.choice(orgs)
            sector, activities = rng.choice(sectors)
            a1code, a1name, a2code, a2name = rng.choice(places)
            start = first_day + timedelta(days=rng.randrange(4 * 365))
            end = start + timedelta(days=rng.choice((30, 60, 90, 91, 180, 182, 365)))
            targeted = rng.randrange(50, 20000)
            reached = rng.randrange(0, targeted + 1)
            budget = rng.randrange(1000, 2_000_000, 50)
            currency = "USD" if rng.random() < 0.9 else rng.choice(("EUR", "AFN"))
            w.writerow([name, acronym, sector, rng.choice(activities), a1code, a1name, a2code,
                        a2name, start.isoformat(), end.isoformat(), rng.choice(STATUSES),
                        targeted, reached, budget, currency])


if __name__ == "__main__":
    main()
