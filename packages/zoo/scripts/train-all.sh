#!/usr/bin/env bash
# The exact commands that trained the embedded checkpoints (run from the repository root after `pnpm build`).
# Each run writes resumable checkpoints to packages/zoo/work/<id>.trxc while it trains (resume an interrupted
# run with `pnpm trex train --resume packages/zoo/work/<id>.trxc`), then the final file without optimizer
# state, which is copied to packages/zoo/checkpoints/. Logs (progress with ETA) go to packages/zoo/work/<id>.log.
# Usage: packages/zoo/scripts/train-all.sh [deit-fmnist|lvvit-fmnist|bert-accept ...]   (default: all, one after another)
set -euo pipefail
cd "$(dirname "$0")/../../.."
mkdir -p packages/zoo/work
ids=("$@")
[ ${#ids[@]} -eq 0 ] && ids=(deit-fmnist bert-accept lvvit-fmnist)
for id in "${ids[@]}"; do
  case "$id" in
    deit-fmnist)
      args=(--model deit-fmnist --init --dataset fmnist --epochs 1.5 --batch 32 --lr 0.0015 --warmup 150 --seed 0
            --checkpoint-every 200 --eval-every 1000 --eval-limit 1000) ;;
    bert-accept)
      args=(--model bert-accept --init --dataset accept --epochs 8 --batch 32 --lr 0.0002 --warmup 200 --seed 0
            --checkpoint-every 200 --eval-every 250 --eval-limit 2000) ;;
    lvvit-fmnist)
      args=(--model lvvit-fmnist --init --dataset fmnist --epochs 0.8 --batch 32 --lr 0.0015 --warmup 150 --seed 0
            --checkpoint-every 200 --eval-every 1000 --eval-limit 1000) ;;
    *) echo "unknown id $id" >&2; exit 2 ;;
  esac
  node apps/cli/dist/main.js train "${args[@]}" --out "packages/zoo/work/$id.trxc" --json \
    > "packages/zoo/work/$id.json" 2> "packages/zoo/work/$id.log"
  cp "packages/zoo/work/$id.trxc" "packages/zoo/checkpoints/$id.trxc"
done
