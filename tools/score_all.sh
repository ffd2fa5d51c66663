#!/usr/bin/env bash
# Scores the samples, the devset and both corpus halves in one go (a development aid).
#   bash tools/score_all.sh [--verbose]   (verbose: seeds, devset and the corpus dev half)
set -u
cd "$(dirname "$0")/.."
py=${PYTHON:-python}
shared=../shared
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
verbose=${1:-}
mkdir -p "$work/seeds" "$work/devset"
grep -E '^(title|newspaper):' site.yaml > "$work/seeds/site.yaml"
(cd "$work/seeds" && $py -m site_builder build --quiet --no-cache --seeds "$OLDPWD/seeds" >/dev/null 2>&1)
echo "seeds:  $(cd "$work/seeds" && $py -m site_builder eval "$OLDPWD/tests/data/gold_seeds.yaml" $verbose | tail -n ${VLINES:-1})"
if [ -d "$shared/devset" ]; then
  printf 'newspaper: 人民日报\n' > "$work/devset/site.yaml"
  (cd "$work/devset" && $py -m site_builder build --quiet --no-cache --seeds "$OLDPWD/$shared/devset/pages" >/dev/null 2>&1)
  echo "devset: $(cd "$work/devset" && $py -m site_builder eval "$OLDPWD/$shared/devset/gold.yaml" $verbose | tail -n ${VLINES:-1})"
  $py tools/corpus_eval.py $verbose
fi
