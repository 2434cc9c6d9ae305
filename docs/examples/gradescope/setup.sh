#!/usr/bin/env bash
# setup.sh: Gradescope runs this once, as root, when it builds the autograder's image.
# It installs Python 3.11, the CPU build of PyTorch and trainer (from the wheel in the
# autograder zip) into a virtual environment of their own.
set -euo pipefail

SOURCE="${AUTOGRADER_SOURCE:-/autograder/source}"  # where Gradescope unzips the autograder
VENV="${TRAINER_VENV:-/autograder/trainer-venv}"   # run_autograder looks for trainer here
PYTHON="${TRAINER_PYTHON:-python3.11}"             # trainer needs Python 3.11 or newer

apt-get update
apt-get install -y "$PYTHON" "$PYTHON-venv"
"$PYTHON" -m venv "$VENV"

# The CPU build of PyTorch: the autograder has no GPU, and the default build brings the CUDA
# libraries along (gigabytes to download, and minutes more every time the image is built).
"$VENV/bin/pip" install torch --index-url https://download.pytorch.org/whl/cpu

# trainer itself, from the course's copy in the zip: pip keeps the torch installed above, and
# the bundled question bank comes inside the wheel.
"$VENV/bin/pip" install "$SOURCE"/trainer-*.whl
