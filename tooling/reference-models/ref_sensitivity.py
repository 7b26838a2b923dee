"""How much the reference logits move under import mistakes that load without a shape error.

Each probe copies the model, applies one mistake, and reports max |logits - reference|. The exporter
fails loudly if a probe that must be caught moves the logits by less than MIN_VISIBLE: then the seeded
weights would be too tame for the reference to catch that mistake."""

import copy

import torch
from torch import nn

MIN_VISIBLE = 1e-2
EPS_PROBE = 1e-3  # an eps far from 1e-6/1e-5/1e-12: shows whether the data can detect a wrong epsilon at all


def _norm_identity(model: nn.Module) -> None:
    for m in model.modules():
        if isinstance(m, nn.LayerNorm):
            m.weight.fill_(1.0)
            m.bias.fill_(0.0)


def _bn_identity(model: nn.Module) -> None:
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            m.running_mean.fill_(0.0)
            m.running_var.fill_(1.0)


def _transpose_square_linears(model: nn.Module) -> None:
    for m in model.modules():
        if isinstance(m, nn.Linear) and m.weight.shape[0] == m.weight.shape[1]:
            m.weight.copy_(m.weight.t().clone())


def _ln_eps(model: nn.Module) -> None:
    for m in model.modules():
        if isinstance(m, nn.LayerNorm):
            m.eps = EPS_PROBE


PROBES = {
    # name: (mistake, must be caught)
    "layer_norm_affine_ignored": (_norm_identity, True),
    "batch_norm_running_stats_ignored": (_bn_identity, True),
    "square_linear_weights_not_transposed": (_transpose_square_linears, True),
    "layer_norm_eps_1e-3": (_ln_eps, False),
}


@torch.no_grad()
def sensitivity(model: nn.Module, inputs: dict, reference: torch.Tensor) -> dict:
    out = {}
    for name, (mistake, must) in PROBES.items():
        wrong = copy.deepcopy(model)
        before = [t.clone() for t in wrong.state_dict().values()]
        mistake(wrong)
        changed = any(not torch.equal(a, b) for a, b in zip(before, wrong.state_dict().values()))
        if not changed and name != "layer_norm_eps_1e-3":
            continue  # the model has no such part (e.g. no BatchNorm outside LV-ViT)
        delta = float((wrong(*inputs.values()) - reference).abs().max())
        if must and delta < MIN_VISIBLE:
            raise RuntimeError(f"probe {name} moves the logits by only {delta:.2e} (< {MIN_VISIBLE}): "
                               "increase the spread of the seeded weights in randomize_()")
        out[name] = delta
    return out
