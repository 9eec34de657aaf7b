// Generates the bed board's California county map from the US Census counties in us-atlas.
// Usage (from this folder): npm ci && npm run generate
// Output: ../../src/ConnectedCalifornia.Web/wwwroot/maps/california-counties.json, an object
// { width, height, counties: [{ fips, name, path }] } with the 58 counties (FIPS 06xxx) projected
// with an equal-area conic projection fitted to a fixed viewBox, paths rounded to 0.1 px.
import { readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { feature } from "topojson-client";
import { geoConicEqualArea, geoPath } from "d3-geo";

const width = 600;
const height = 700;
const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const atlasFile = require.resolve("us-atlas/counties-10m.json");
const output = path.resolve(here, "../../src/ConnectedCalifornia.Web/wwwroot/maps/california-counties.json");

const topology = JSON.parse(await readFile(atlasFile, "utf8"));
const all = feature(topology, topology.objects.counties);
const california = {
  type: "FeatureCollection",
  features: all.features.filter((f) => String(f.id).startsWith("06")),
};
if (california.features.length !== 58) {
  throw new Error(`Expected 58 California counties, found ${california.features.length}`);
}

// California Albers (EPSG:3310) parameters: parallels 34° and 40.5°, centered on 120°W.
const projection = geoConicEqualArea().parallels([34, 40.5]).rotate([120, 0]).fitExtent([[8, 8], [width - 8, height - 8]], california);
const toPath = geoPath(projection).digits(1);

const counties = california.features
  .map((f) => ({ fips: String(f.id), name: f.properties.name, path: toPath(f) }))
  .sort((a, b) => a.fips.localeCompare(b.fips));

await writeFile(output, JSON.stringify({ width, height, source: "us-atlas 3.0.1 counties-10m (US Census Bureau cartographic boundaries)", counties }) + "\n");
console.log(`Wrote ${counties.length} counties to ${path.relative(process.cwd(), output)}`);
