#!/usr/bin/env bash
# Rebuild static/ (the self-hosted map assets served at /app/static/...) from the npm registry.
#
# Versions are pinned to what folium 0.20 asks for by default (Leaflet 1.9.3, jQuery 3.7.1,
# Leaflet.markercluster 1.1.0), and each tarball is checked against the registry's sha512
# before anything is copied. The offline basemap is Natural Earth 110m country outlines from
# world-atlas, converted from TopoJSON to GeoJSON by a small decoder below.
#
# Usage: scripts/fetch_static_assets.sh          (needs npm, tar, python3; writes static/)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATIC="$ROOT/static"
PYTHON="${PYTHON:-python3}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# package@version  sha512 integrity (from `npm view <package>@<version> dist.integrity`)
PACKAGES=(
  "leaflet@1.9.3 sha512-iB2cR9vAkDOu5l3HAay2obcUHZ7xwUBBjph8+PGtmW/2lYhbLizWtG7nTeYht36WfOslixQF9D/uSIzhZgGMfQ=="
  "jquery@3.7.1 sha512-m4avr8yL8kmFN8psrbFFFmB/If14iN5o9nw/NgnnM+kybDJpRsAynV2BsfpTYrTRysYUdADVD7CkUUizgkpLfg=="
  "leaflet.markercluster@1.1.0 sha512-eI+XkCiLiHwCC3uZ4/n4+Vq3rXcqEHN2lhHRVG1WVziy/3Q0TTipWkzEa1zO0dKZI2AnI5ppFDWrOjnQ7MJLKQ=="
  "world-atlas@2.0.2 sha512-IXfV0qwlKXpckz1FhwXVwKRjiIhOnWttOskm5CtxMsjgE/MXAYRHWJqgXOpM8IkcPBoXnyTU5lFHcYa5ChG0LQ=="
)

for entry in "${PACKAGES[@]}"; do
  spec="${entry%% *}"
  integrity="${entry#* }"
  name="${spec%@*}"
  (cd "$WORK" && npm pack --silent "$spec" >/dev/null)
  tarball="$(ls "$WORK"/"${name}"-*.tgz)"
  actual="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
  if [[ "$actual" != "$integrity" ]]; then
    echo "integrity mismatch for $spec: $actual" >&2
    exit 1
  fi
  mkdir -p "$WORK/$name"
  tar -xzf "$tarball" -C "$WORK/$name"
done

# Start clean but keep the hand-written README.
find "$STATIC" -mindepth 1 ! -name README.md -delete 2>/dev/null || true
mkdir -p "$STATIC/leaflet/images" "$STATIC/jquery" "$STATIC/markercluster"

LEAFLET="$WORK/leaflet/package"
cp "$LEAFLET/dist/leaflet.js" "$LEAFLET/dist/leaflet.css" "$STATIC/leaflet/"
cp "$LEAFLET/LICENSE" "$STATIC/leaflet/LICENSE"
for image in marker-icon.png marker-icon-2x.png marker-shadow.png layers.png layers-2x.png; do
  cp "$LEAFLET/dist/images/$image" "$STATIC/leaflet/images/"
done

JQUERY="$WORK/jquery/package"
cp "$JQUERY/dist/jquery.min.js" "$STATIC/jquery/jquery.min.js"
cp "$JQUERY/LICENSE.txt" "$STATIC/jquery/LICENSE.txt"

CLUSTER="$WORK/leaflet.markercluster/package"
cp "$CLUSTER/dist/leaflet.markercluster.js" "$CLUSTER/dist/MarkerCluster.css" \
   "$CLUSTER/dist/MarkerCluster.Default.css" "$STATIC/markercluster/"
cp "$CLUSTER/MIT-LICENCE.txt" "$STATIC/markercluster/LICENSE.txt"

# The minified scripts end with a sourceMappingURL comment pointing at a .map file we do not ship;
# drop it so browsers' developer tools do not ask the app for a missing file.
for script in "$STATIC/leaflet/leaflet.js" "$STATIC/jquery/jquery.min.js" \
              "$STATIC/markercluster/leaflet.markercluster.js"; do
  sed -i '/^\/\/# sourceMappingURL=/d' "$script"
done

# Offline basemap: TopoJSON (world-atlas countries-110m) -> GeoJSON FeatureCollection.
"$PYTHON" - "$WORK/world-atlas/package/countries-110m.json" "$STATIC/countries.geojson" <<'PY'
"""A minimal TopoJSON decoder: quantized, delta-encoded arcs -> GeoJSON polygons."""
import json
import sys

source, target = sys.argv[1], sys.argv[2]
with open(source, encoding="utf-8") as handle:
    topology = json.load(handle)

scale_x, scale_y = topology["transform"]["scale"]
shift_x, shift_y = topology["transform"]["translate"]


def decode_arc(arc):
    x = y = 0
    points = []
    for dx, dy in arc:
        x += dx
        y += dy
        points.append([round(x * scale_x + shift_x, 2), round(y * scale_y + shift_y, 2)])
    return points


arcs = [decode_arc(arc) for arc in topology["arcs"]]


def ring(indexes):
    points = []
    for index in indexes:
        part = arcs[index] if index >= 0 else arcs[~index][::-1]
        # consecutive arcs share their joining point
        points.extend(part[1:] if points else part)
    # drop repeated points that rounding created, keep the ring closed
    cleaned = [points[0]]
    for point in points[1:]:
        if point != cleaned[-1]:
            cleaned.append(point)
    if cleaned[0] != cleaned[-1]:
        cleaned.append(cleaned[0])
    return unwrap(cleaned)


def unwrap(points):
    """Rings that cross the antimeridian (Fiji, Chukotka) jump from 180 to -180 and back, which a
    flat map draws as a line across the world: shift longitudes by 360 to keep such rings
    continuous. A ring around a pole (Antarctica) never comes back, so it stays as it is."""
    offset = 0.0
    shifted = [points[0]]
    for (previous_lon, _), (lon, lat) in zip(points, points[1:]):
        if lon - previous_lon > 180:
            offset -= 360.0
        elif previous_lon - lon > 180:
            offset += 360.0
        shifted.append([round(lon + offset, 2), lat])
    return shifted if offset == 0 else points


def polygon(rings):
    decoded = [ring(r) for r in rings]
    return [r for r in decoded if len(r) >= 4]


features = []
for geometry in topology["objects"]["countries"]["geometries"]:
    kind = geometry.get("type")
    if kind == "Polygon":
        coordinates = polygon(geometry["arcs"])
        if not coordinates:
            continue
    elif kind == "MultiPolygon":
        coordinates = [p for p in (polygon(rings) for rings in geometry["arcs"]) if p]
        if not coordinates:
            continue
    else:
        continue
    features.append({
        "type": "Feature",
        "properties": {"name": geometry.get("properties", {}).get("name", "")},
        "geometry": {"type": kind, "coordinates": coordinates},
    })

collection = {"type": "FeatureCollection", "features": features}
with open(target, "w", encoding="utf-8") as handle:
    json.dump(collection, handle, separators=(",", ":"), ensure_ascii=False)
print(f"{target}: {len(features)} countries")
PY
cp "$WORK/world-atlas/package/LICENSE" "$STATIC/countries.LICENSE.txt"

du -ab "$STATIC" | sort -k2
