#!/usr/bin/env bash
# make_autograder.sh WHEEL [ASSIGNMENT]: builds autograder.zip, the file to upload on the
# assignment's Configure Autograder page: setup.sh and run_autograder from this folder, the
# assignment (as assignment.yaml) and trainer's wheel, all at the root of the zip.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
WHEEL="${1:?usage: make_autograder.sh WHEEL [ASSIGNMENT]}"
ASSIGNMENT="${2:-$HERE/../assignment.yaml}"
OUT="${AUTOGRADER_ZIP:-$PWD/autograder.zip}"

STAGE="$(mktemp -d)"
trap 'rm -rf "$STAGE"' EXIT
cp "$HERE/setup.sh" "$HERE/run_autograder" "$STAGE/"
cp "$ASSIGNMENT" "$STAGE/assignment.yaml"
cp "$WHEEL" "$STAGE/"
chmod +x "$STAGE/setup.sh" "$STAGE/run_autograder"
rm -f "$OUT"
(cd "$STAGE" && python3 -m zipfile -c "$OUT" ./*)
echo "wrote $OUT"
