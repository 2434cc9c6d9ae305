#!/usr/bin/env bash
# run.sh: PrairieLearn's external grader runs this in the grading container for every
# submission. The student's files are in /grade/student, the question's tests/ folder is in
# /grade/tests, and /grade/results/results.json is the grade the student sees.
set -uo pipefail

GRADE="${GRADE_ROOT:-/grade}"
TRAINER="${TRAINER:-trainer}"
ANSWERS="${ANSWERS_FILE:-answers.yaml}"  # the file-name of the question's pl-file-editor
RESULTS="$GRADE/results/results.json"

mkdir -p "$GRADE/results"
"$TRAINER" grade --assignment "$GRADE/tests/assignment.yaml" "$GRADE/student/$ANSWERS" \
    --format prairielearn --out "$RESULTS"
status=$?

# Exit 0 graded it; exit 2 with a results.json means the file could not be read, and
# results.json says so ("gradable": false, which costs the student no attempt). No
# results.json at all means the assignment itself is invalid: fail the grading job.
if [ ! -s "$RESULTS" ]; then
    exit "$status"
fi
exit 0
