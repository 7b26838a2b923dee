#!/usr/bin/env bash
# The TReX study of the README (issue 6), as it was run: deit-fmnist, lvvit-fmnist and bert-accept on
# fefet-32nm at 1.6x, 2.3x and 3.5x lower EDAP. Run from the repository root after `pnpm build`.
# Each model is one `trex study` run writing packages/method-trex/study/<model>.{json,md}; two run at a time
# (one per core: the study is single-threaded). The image models get the closed-form fit + 900-step
# distillation recipe; bert-accept (at chance, see packages/zoo/README.md) gets the closed-form fit only, and
# non-ideal accuracy on its first 200 held-out sentences (a 12-layer BERT on the crossbar simulator is slow).
set -euo pipefail
cd "$(dirname "$0")/../../.."
out=packages/method-trex/study
mkdir -p "$out"
common=(--edap-ratios 1.6,2.3,3.5 --preset fefet-32nm --mode closed-form --batch 32 --nonideal-seeds 3 --seed 0)
image=(--final-steps 900 --lr 3e-4 --noise none --nonideal-limit 500)
study() { # study <model> <extra args...>
  local m=$1
  shift
  node apps/cli/dist/main.js study --models "$m" "${common[@]}" "$@" --out "$out/$m.json" --markdown "$out/$m.md" 2> "$out/$m.log"
}
study deit-fmnist "${image[@]}" &
deit=$!
study lvvit-fmnist "${image[@]}" &
lvvit=$!
wait "$deit"
wait "$lvvit"
study bert-accept --nonideal-limit 200
# The matched controls for the image models: the unmodified model given the same 900 extra distillation
# steps (same lr, schedule, loss weights, batch), so the reused models' accuracy is compared with equal training.
for m in deit-fmnist lvvit-fmnist; do
  node apps/cli/dist/main.js train --model "$m" --teacher "$m" --dataset fmnist --steps 900 --batch 32 \
    --lr 0.0003 --min-lr 0 --seed 0 --json > "$out/$m-control.json" 2> "$out/$m-control.log" &
done
wait
# Variation-aware fine-tuning probe (README, Study): the 2.3x deit-fmnist point (0.6 ms, 5 reusing encoders),
# closed-form fit, then 150 or 600 steps of distillation with FeFET noise in the forward pass (--noise fefet),
# evaluated ideally on the full test set and on all-FeFET crossbars (3 seeds, first 500 images).
for n in 150 600; do
  node apps/cli/dist/main.js search --model deit-fmnist --dataset fmnist --delay-target 0.6 --mode closed-form --final-steps "$n" \
    --lr 3e-4 --noise fefet --batch 32 --seed 0 --out "$out/deit-fmnist-va$n.trxc" --json > "$out/deit-fmnist-va$n-search.json" 2> "$out/deit-fmnist-va$n-search.log"
  node apps/cli/dist/main.js eval --model "$out/deit-fmnist-va$n.trxc" --dataset fmnist --json > "$out/deit-fmnist-va$n-ideal.json"
  node apps/cli/dist/main.js eval --model "$out/deit-fmnist-va$n.trxc" --dataset fmnist --limit 500 --nonideal --preset fefet --seeds 3 \
    --json > "$out/deit-fmnist-va$n-nonideal.json"
  rm "$out/deit-fmnist-va$n.trxc"
done
