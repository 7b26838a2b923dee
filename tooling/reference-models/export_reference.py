#!/usr/bin/python3
"""Regenerate the reference ONNX exports and their JSON reference data.

    /usr/bin/python3 tooling/reference-models/export_reference.py

Builds tiny seeded re-implementations of timm DeiT, timm DeiT-distilled, TokenLabeling LV-ViT-S and
HuggingFace BertForSequenceClassification, exports each with the TorchScript exporter twice
(do_constant_folding True/False), checks every file with onnx.checker (full_check), writes
out/<model>.json (hyperparameters, seeded batch-2 input, PyTorch logits, state_dict names and shapes, and
per export the op types and initializer provenance) and refreshes the generated block of README.md.
Then, where node and onnxruntime-node are installed (pnpm install), runs test/onnx-matches-torch.test.mjs,
which runs every .onnx in onnxruntime and compares with the PyTorch logits.
"""

import io
import json
import os
import re
import shutil
import subprocess
import sys

sys.dont_write_bytecode = True  # keep __pycache__ out of the working tree

import numpy as np  # noqa: E402
import onnx  # noqa: E402
import torch  # noqa: E402
from torch import nn  # noqa: E402

from ref_bert import BertForSequenceClassification  # noqa: E402
from ref_inspect import describe_initializers, naming_summary, op_type_counts  # noqa: E402
from ref_lvvit import LV_ViT  # noqa: E402
from ref_sensitivity import sensitivity  # noqa: E402
from ref_vit import VisionTransformer, VisionTransformerDistilled  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "out")
README = os.path.join(HERE, "README.md")
OPSET = 17  # highest opset Debian's torch 1.13 exports; torch >= 2.1's default too (LayerNorm -> LayerNormalization)
BATCH = 2

VIT_IMAGE = {"image_size": 32, "patch_size": 8, "in_chans": 3, "num_classes": 10}

MODELS = [
    {
        "name": "deit",
        "reproduces": "timm VisionTransformer as built by deit_*_patch16_224",
        "cls": VisionTransformer,
        "config": {**VIT_IMAGE, "family": "deit", "embed_dim": 48, "depth": 2, "num_heads": 3, "mlp_ratio": 4.0,
                   "qkv_bias": True, "layer_norm_eps": 1e-6, "num_prefix_tokens": 1},
        "seed": 1001,
    },
    {
        "name": "deit-distilled",
        "reproduces": "timm VisionTransformerDistilled as built by deit_*_distilled_patch16_224",
        "cls": VisionTransformerDistilled,
        "config": {**VIT_IMAGE, "family": "deit-distilled", "embed_dim": 48, "depth": 2, "num_heads": 3,
                   "mlp_ratio": 4.0, "qkv_bias": True, "layer_norm_eps": 1e-6, "num_prefix_tokens": 2},
        "seed": 1002,
    },
    {
        "name": "lvvit",
        "reproduces": "TokenLabeling LV_ViT as built by lvvit_s (p_emb='4_2', return_dense=True)",
        "cls": LV_ViT,
        "config": {**VIT_IMAGE, "family": "lvvit", "embed_dim": 32, "depth": 2, "num_heads": 2, "mlp_ratio": 3.0,
                   "qkv_bias": False, "layer_norm_eps": 1e-5, "skip_lam": 2.0, "num_prefix_tokens": 1,
                   "stem_channels": 64, "stem_kernel": 7, "stem_stride": 2, "proj_kernel": 4, "proj_stride": 4,
                   "batch_norm_eps": 1e-5, "aux_head_weight": 0.5},
        "seed": 1003,
    },
    {
        "name": "bert",
        "reproduces": "HuggingFace transformers BertForSequenceClassification (eager attention, absolute positions)",
        "cls": BertForSequenceClassification,
        "config": {"family": "bert", "vocab_size": 100, "hidden_size": 32, "num_hidden_layers": 2,
                   "num_attention_heads": 4, "intermediate_size": 64, "max_position_embeddings": 32,
                   "type_vocab_size": 2, "layer_norm_eps": 1e-12, "num_labels": 3, "hidden_act": "gelu",
                   "sequence_length": 16, "attention_mask_fill": "finfo(float32).min"},
        "seed": 1004,
    },
]


def with_derived(config: dict) -> dict:
    """Add the sizes an importer checks against the graph, so tests need not recompute them."""
    c = dict(config)
    if c["family"] == "bert":
        c["head_dim"] = c["hidden_size"] // c["num_attention_heads"]
    else:
        c["mlp_hidden_dim"] = int(c["embed_dim"] * c["mlp_ratio"])
        c["head_dim"] = c["embed_dim"] // c["num_heads"]
        c["num_patches"] = (c["image_size"] // c["patch_size"]) ** 2
        c["num_tokens"] = c["num_patches"] + c["num_prefix_tokens"]
    return c


def build(spec: dict) -> nn.Module:
    c = spec["config"]
    if c["family"] == "bert":
        return spec["cls"](num_labels=c["num_labels"], vocab_size=c["vocab_size"], hidden=c["hidden_size"],
                           num_layers=c["num_hidden_layers"], num_heads=c["num_attention_heads"],
                           intermediate=c["intermediate_size"], max_positions=c["max_position_embeddings"],
                           type_vocab=c["type_vocab_size"], eps=c["layer_norm_eps"])
    kwargs = dict(img_size=c["image_size"], patch_size=c["patch_size"], in_chans=c["in_chans"],
                  num_classes=c["num_classes"], embed_dim=c["embed_dim"], depth=c["depth"],
                  num_heads=c["num_heads"], mlp_ratio=c["mlp_ratio"], qkv_bias=c["qkv_bias"],
                  eps=c["layer_norm_eps"])
    if c["family"] == "lvvit":
        kwargs["skip_lam"] = c["skip_lam"]
    return spec["cls"](**kwargs)


@torch.no_grad()
def randomize_(model: nn.Module, seed: int) -> None:
    """Seeded non-trivial values for every parameter and BN running statistic, so a wrong import (a swapped
    LayerNorm gain/bias, a missed BN fold, a transposed weight) changes the logits."""
    g = torch.Generator().manual_seed(seed)
    modules = dict(model.named_modules())
    for name, tensor in sorted(list(model.named_parameters()) + list(model.named_buffers())):
        owner = modules[name.rsplit(".", 1)[0]] if "." in name else model
        leaf = name.rsplit(".", 1)[-1]
        if leaf in ("num_batches_tracked", "position_ids"):
            continue
        if leaf == "running_mean":
            tensor.copy_(0.2 * torch.randn(tensor.shape, generator=g))
        elif leaf == "running_var":
            tensor.copy_(0.5 + 1.5 * torch.rand(tensor.shape, generator=g))
        elif isinstance(owner, (nn.LayerNorm, nn.BatchNorm2d)) and leaf == "weight":
            tensor.copy_(1.0 + 0.3 * torch.randn(tensor.shape, generator=g))
        elif leaf == "bias":
            tensor.copy_(0.1 * torch.randn(tensor.shape, generator=g))
        elif isinstance(owner, (nn.Linear, nn.Conv2d)):
            fan_in = tensor[0].numel()
            tensor.copy_(torch.randn(tensor.shape, generator=g) / fan_in**0.5)
        else:  # cls/dist tokens, pos_embed, embedding tables
            tensor.copy_(0.5 * torch.randn(tensor.shape, generator=g))


def make_inputs(spec: dict) -> dict:
    c = spec["config"]
    g = torch.Generator().manual_seed(spec["seed"] + 500)
    if c["family"] != "bert":
        shape = (BATCH, c["in_chans"], c["image_size"], c["image_size"])
        return {"pixel_values": torch.randn(shape, generator=g)}
    s = c["sequence_length"]
    input_ids = torch.randint(1, c["vocab_size"], (BATCH, s), generator=g)
    attention_mask = torch.ones(BATCH, s, dtype=torch.int64)
    attention_mask[1, 11:] = 0  # second sequence is padded: the mask must change its logits
    input_ids[1, 11:] = 0  # [PAD]
    token_type_ids = torch.zeros(BATCH, s, dtype=torch.int64)
    token_type_ids[0, 7:] = 1  # sentence pairs: segment B
    token_type_ids[1, 6:11] = 1
    return {"input_ids": input_ids, "attention_mask": attention_mask, "token_type_ids": token_type_ids}


def export(model: nn.Module, inputs: dict, fold: bool) -> onnx.ModelProto:
    names = list(inputs)
    if "input_ids" in inputs:
        axes = {n: {0: "batch", 1: "sequence"} for n in names}
    else:
        axes = {n: {0: "batch"} for n in names}
    axes["logits"] = {0: "batch"}
    buf = io.BytesIO()
    torch.onnx.export(model, tuple(inputs.values()), buf, input_names=names, output_names=["logits"],
                      dynamic_axes=axes, opset_version=OPSET, do_constant_folding=fold,
                      training=torch.onnx.TrainingMode.EVAL, export_params=True)
    proto = onnx.load_from_string(buf.getvalue())
    onnx.checker.check_model(proto, full_check=True)
    return proto


def tensor_json(t: torch.Tensor) -> dict:
    arr = t.detach().cpu().numpy()
    # float(x) of a float32 prints the exact double value of that float32, so JSON round-trips bit-exactly.
    data = [float(v) for v in arr.reshape(-1)] if arr.dtype == np.float32 else [int(v) for v in arr.reshape(-1)]
    return {"dtype": str(arr.dtype), "shape": list(arr.shape), "data": data}


@torch.no_grad()
def bn_folds(model: nn.Module) -> dict:
    """What the exporter's eval-mode Conv+BatchNorm fusion should produce for each convK/bnK pair:
    W' = W * g / sqrt(var + eps) per output channel, b' = (b - mean) * g / sqrt(var + eps) + beta."""
    out = {}
    modules = dict(model.named_modules())
    for name, bn in modules.items():
        if not isinstance(bn, nn.BatchNorm2d):
            continue
        conv_name = name[: -len(name.rsplit(".", 1)[-1])] + "conv" + name.rsplit("bn", 1)[-1]
        conv = modules.get(conv_name)
        if not isinstance(conv, nn.Conv2d):
            continue
        scale = bn.weight / torch.sqrt(bn.running_var + bn.eps)
        bias = conv.bias if conv.bias is not None else torch.zeros_like(bn.running_mean)
        w = (conv.weight * scale[:, None, None, None]).numpy()
        b = ((bias - bn.running_mean) * scale + bn.bias).numpy()
        base = {"state_dict": f"{conv_name}.weight", "transform": "bn_fold", "batch_norm": name}
        out[f"fold({conv_name}, {name}).weight"] = (w, {**base, "part": "weight"})
        out[f"fold({conv_name}, {name}).bias"] = (b, {**base, "part": "bias"})
    return out


def dump_json(record: dict) -> str:
    """Indented JSON with every list of numbers on one line, so the files stay readable and diffable."""
    text = json.dumps(record, indent=1)
    numbers = re.compile(r"\[\s*(-?[0-9][-0-9.e+]*(?:,\s*-?[0-9][-0-9.e+]*)*)\s*\]")
    return numbers.sub(lambda m: "[" + ", ".join(x.strip() for x in m.group(1).split(",")) + "]", text) + "\n"


def run_model(spec: dict) -> dict:
    torch.manual_seed(spec["seed"])
    model = build(spec)
    randomize_(model, spec["seed"])
    model.eval()
    inputs = make_inputs(spec)
    with torch.no_grad():
        logits = model(*inputs.values())
    state = {k: v.detach().numpy().copy() for k, v in model.state_dict().items()}
    record = {
        "name": spec["name"],
        "reproduces": spec["reproduces"],
        "config": with_derived(spec["config"]),
        "generator": {"torch": torch.__version__, "onnx": onnx.__version__, "opset": OPSET,
                      "exporter": "torch.onnx.export (TorchScript)", "weight_seed": spec["seed"],
                      "input_seed": spec["seed"] + 500},
        "inputs": {k: tensor_json(v) for k, v in inputs.items()},
        "outputs": {"logits": tensor_json(logits)},
        "mistake_sensitivity": sensitivity(model, inputs, logits),
        "state_dict": [{"name": k, "shape": list(v.shape)} for k, v in state.items()],
        "exports": {},
    }
    for fold in (True, False):
        key = "folded" if fold else "unfolded"
        proto = export(model, inputs, fold)
        file = f"{spec['name']}-{key}.onnx"
        with open(os.path.join(OUT, file), "wb") as fh:
            fh.write(proto.SerializeToString())
        inits = describe_initializers(proto, state, bn_folds(model))
        record["exports"][key] = {
            "file": file, "do_constant_folding": fold, "bytes": os.path.getsize(os.path.join(OUT, file)),
            "op_types": op_type_counts(proto), "initializers": inits, "naming": naming_summary(inits),
        }
    with open(os.path.join(OUT, f"{spec['name']}.json"), "w") as fh:
        fh.write(dump_json(record))
    return record


def readme_block(records: list) -> str:
    lines = []
    for r in records:
        for key, e in r["exports"].items():
            ops = ", ".join(f"{op}×{n}" for op, n in e["op_types"].items())
            lines += [f"#### `{e['file']}` ({e['bytes']:,} bytes)", "", f"Ops: {ops}", "", "Initializers:"]
            for g in e["naming"]:
                members = ", ".join(f"`{m}`" for m in g["members"])
                lines.append(f"- {g['pattern']} ({g['count']}): {members}")
            lines.append("")
    return "\n".join(lines)


def refresh_readme(block: str) -> None:
    begin, end = "<!-- BEGIN GENERATED by export_reference.py -->", "<!-- END GENERATED -->"
    if not os.path.exists(README):
        return
    text = open(README).read()
    if begin not in text or end not in text:
        return
    head, rest = text.split(begin, 1)
    tail = rest.split(end, 1)[1]
    with open(README, "w") as fh:
        fh.write(f"{head}{begin}\n\n{block}\n{end}{tail}")


def verify_in_onnxruntime() -> int:
    test = os.path.join(HERE, "test", "onnx-matches-torch.test.mjs")
    ort = os.path.join(HERE, "node_modules", "onnxruntime-node")
    if shutil.which("node") is None or not os.path.isdir(ort):
        print("skipped onnxruntime check: run `pnpm install` then `pnpm --filter @trex/reference-models test`")
        return 0
    return subprocess.run(["node", "--test", test], cwd=HERE).returncode


def main() -> int:
    torch.use_deterministic_algorithms(True)
    torch.set_num_threads(1)
    os.makedirs(OUT, exist_ok=True)
    records = []
    for spec in MODELS:
        r = run_model(spec)
        records.append(r)
        sizes = ", ".join(f"{e['file']} {e['bytes']:,} B" for e in r["exports"].values())
        print(f"{r['name']}: logits {r['outputs']['logits']['data'][:3]}... ; {sizes}")
    refresh_readme(readme_block(records))
    return verify_in_onnxruntime()


if __name__ == "__main__":
    sys.exit(main())
