#!/usr/bin/env bash
# Development aid: the verbose scores of the samples, the devset and the corpus dev half,
# saved under /tmp/score-<name>.txt; with two names, their difference.
#   bash tools/score_diff.sh now          # save
#   bash tools/score_diff.sh base now     # compare
set -u
cd "$(dirname "$0")/.."
if [ $# -ge 2 ]; then diff "/tmp/score-$1.txt" "/tmp/score-$2.txt"; exit 0; fi
VLINES=400 bash tools/score_all.sh --verbose > "/tmp/score-$1.txt" 2>&1
grep -E "summary" "/tmp/score-$1.txt"
