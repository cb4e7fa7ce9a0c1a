#!/usr/bin/env bash
# Refreshes the vendored copies under vendor/ from the shared contract folder beside the repository
# (../shared: the AWS service models, the SAM schema and the product contract). The repository never
# reads ../shared otherwise; it builds and tests from these copies. Prints what changed.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
shared="${1:-$repo/../shared}"
[ -d "$shared" ] || { echo "no shared folder at $shared" >&2; exit 2; }

copy() { # copy SRC DEST: copy when different, say so
  if ! cmp -s "$1" "$2"; then cp "$1" "$2"; chmod 644 "$2"; echo "updated ${2#$repo/}"; fi
}

while read -r name; do
  copy "$shared/aws/models/$name.service-2.json" "$repo/vendor/aws/models/$name.service-2.json"
done < <(sed -n 's/^| `\([a-z]*\)` |.*/\1/p' "$repo/vendor/README.md")
copy "$shared/sam/sam.schema.json" "$repo/vendor/sam/sam.schema.json"
copy "$shared/spec/SPEC.md" "$repo/vendor/spec/SPEC.md"
echo "vendor/ is in step with $shared"
