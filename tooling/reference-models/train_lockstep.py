"""PyTorch reference for @trex/train's training loop on BERT: 20 AdamW steps of the ref_bert model with the
trainer's recipe (hard-label CE with label smoothing + the token-level site loss, global-norm clipping,
warmup + cosine, decoupled weight decay on matrices except position embeddings), written with the seeded
init, the batch, the loss per step and the final weights to
packages/train/src/__tests__/fixtures/bert-train-lockstep.json. The TS test loads the init into our BERT,
runs `train()` and must land on the same weights.

Run: /usr/bin/python3 tooling/reference-models/train_lockstep.py   (Debian's python3-torch)
"""

import json
import math
import os

import torch
import torch.nn.functional as F

from ref_bert import BertForSequenceClassification

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "..", "packages", "train", "src", "__tests__", "fixtures", "bert-train-lockstep.json")

CONFIG = dict(vocab_size=40, hidden=16, num_layers=2, num_heads=2, intermediate=32, max_positions=16, type_vocab=2, eps=1e-12)
STEPS, PEAK, WARMUP, MIN_LR, WD, CLIP, SMOOTH, SITE = 20, 3e-3, 5, 1e-5, 0.05, 1.0, 0.1, 0.5

torch.manual_seed(0)
torch.set_num_threads(1)
model = BertForSequenceClassification(num_labels=2, **CONFIG)
with torch.no_grad():
    # Larger than BERT's 0.02 so attention is far from uniform and every gradient is well above float noise.
    for name, p in model.named_parameters():
        if "LayerNorm.weight" in name:
            p.copy_(1 + 0.1 * torch.randn_like(p))
        else:
            p.copy_(0.2 * torch.randn_like(p))
init = {n: p.detach().clone() for n, p in model.named_parameters()}

# 4 sentences ([CLS]=2 … [SEP]=3, [PAD]=0), token targets -1 on [CLS]/[SEP]/padding, 0 on a "damaged" token.
g = torch.Generator().manual_seed(1)
T, lengths = 12, [12, 9, 7, 11]
ids = torch.zeros(4, T, dtype=torch.long)
mask = torch.zeros(4, T, dtype=torch.long)
targets = torch.full((4, T), -1, dtype=torch.long)
for r, n in enumerate(lengths):
    ids[r, :n] = torch.randint(5, 40, (n,), generator=g)
    ids[r, 0], ids[r, n - 1] = 2, 3
    mask[r, :n] = 1
    targets[r, 1 : n - 1] = 1
labels = torch.tensor([0, 1, 0, 1])
targets[0, 4] = 0
targets[2, 2] = 0
types = torch.zeros(4, T, dtype=torch.long)


def token_logits(m, x_ids, x_mask, x_types):
    ext = (1.0 - x_mask[:, None, None, :].float()) * torch.finfo(torch.float32).min
    h = m.bert.encoder(m.bert.embeddings(x_ids, x_types), ext)
    return m.classifier(torch.tanh(m.bert.pooler.dense(h)))


def lr_at(step):
    if step < WARMUP:
        return PEAK * (step + 1) / WARMUP
    progress = min((step - WARMUP) / (STEPS - WARMUP), 1)
    return MIN_LR + 0.5 * (PEAK - MIN_LR) * (1 + math.cos(math.pi * progress))


decay = [p for n, p in model.named_parameters() if p.ndim >= 2 and "position_embeddings" not in n]
no_decay = [p for n, p in model.named_parameters() if not (p.ndim >= 2 and "position_embeddings" not in n)]
opt = torch.optim.AdamW([{"params": decay, "weight_decay": WD}, {"params": no_decay, "weight_decay": 0.0}], lr=PEAK, eps=1e-8)
losses = []
for step in range(STEPS):
    logits = token_logits(model, ids, mask, types)
    ce = F.cross_entropy(logits[:, 0], labels, label_smoothing=SMOOTH)
    flat, t = logits.reshape(-1, 2), targets.reshape(-1)
    site = 0.5 * (F.cross_entropy(flat[t == 0], t[t == 0]) + F.cross_entropy(flat[t == 1], t[t == 1]))
    loss = ce + SITE * site
    opt.zero_grad()
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), CLIP)
    for group in opt.param_groups:
        group["lr"] = lr_at(step)
    opt.step()
    losses.append([loss.item(), ce.item(), site.item()])

flat_list = lambda x: [float(v) for v in x.flatten().tolist()]
fixture = {
    "generator": "tooling/reference-models/train_lockstep.py (torch %s)" % torch.__version__,
    "config": {"vocabSize": 40, "hidden": 16, "layers": 2, "heads": 2, "intermediate": 32, "maxPositions": 16, "typeVocabSize": 2, "numClasses": 2},
    "settings": {"steps": STEPS, "lr": PEAK, "warmupSteps": WARMUP, "minLr": MIN_LR, "weightDecay": WD, "clipNorm": CLIP, "labelSmoothing": SMOOTH, "tokenSite": SITE},
    "batch": {"shape": [4, T], "inputIds": flat_list(ids), "attentionMask": flat_list(mask), "tokenTargets": flat_list(targets), "labels": labels.tolist()},
    "losses": losses,
    "init": {n: {"shape": list(p.shape), "data": flat_list(p)} for n, p in init.items()},
    "final": {n: {"shape": list(p.shape), "data": flat_list(p.detach())} for n, p in model.named_parameters()},
}
with open(OUT, "w") as f:
    json.dump(fixture, f, separators=(",", ":"))
print("wrote", OUT, "losses", losses[0], "->", losses[-1])
