"""Describe an exported ONNX graph for the importer author: op types, and for every initializer its
consumers and which PyTorch state_dict tensor (if any) it holds, as is or transposed."""

from collections import Counter

import numpy as np
import onnx
from onnx import numpy_helper


def op_type_counts(model: onnx.ModelProto) -> dict:
    counts = Counter(node.op_type for node in model.graph.node)
    return dict(sorted(counts.items()))


def _consumers(model: onnx.ModelProto) -> dict:
    uses: dict = {}
    for node in model.graph.node:
        for index, name in enumerate(node.input):
            uses.setdefault(name, []).append({"op": node.op_type, "input": index, "node": node.name})
    return uses


def _origin(array: np.ndarray, state: dict) -> dict | None:
    """Find the state_dict tensor this initializer holds. Exact float equality is intended: the exporter
    copies or transposes weights, it does not recompute them; anything else is reported as derived."""
    for name, tensor in state.items():
        if tensor.dtype != array.dtype or tensor.size != array.size:
            continue
        if tensor.shape == array.shape and np.array_equal(tensor, array):
            return {"state_dict": name, "transform": "identity"}
        if tensor.ndim == 2 and tensor.T.shape == array.shape and np.array_equal(tensor.T, array):
            return {"state_dict": name, "transform": "transpose"}
    return None


def _derived_origin(array: np.ndarray, derived: dict) -> dict | None:
    """Match against tensors the exporter is expected to compute (BatchNorm folded into the conv before it)."""
    for label, (tensor, info) in derived.items():
        if tensor.shape == array.shape and np.allclose(tensor, array, rtol=1e-5, atol=1e-6):
            return {**info, "derived_as": label}
    return None


def describe_initializers(model: onnx.ModelProto, state: dict, derived: dict) -> list:
    uses = _consumers(model)
    out = []
    for init in model.graph.initializer:
        array = numpy_helper.to_array(init)
        entry = {
            "name": init.name,
            "dtype": str(array.dtype),
            "shape": list(array.shape),
            "consumers": [{"op": u["op"], "input": u["input"]} for u in uses.get(init.name, [])],
            "origin": _origin(array, state) if array.size > 1 else None,
        }
        if entry["origin"] is None and array.size > 1:
            entry["origin"] = _derived_origin(array, derived)
        if entry["origin"] is None:
            # Small tensors are shape/axis/scalar constants; larger unmatched ones were computed by folding.
            entry["derived"] = "constant" if array.size <= 8 else "folded"
        out.append(entry)
    return out


def naming_summary(inits: list) -> list:
    """Group initializers by naming pattern and origin, e.g. 'onnx::MatMul_* = transpose of ...'."""
    groups: dict = {}
    for e in inits:
        name = e["name"]
        prefix = name.rsplit("_", 1)[0] + "_*" if name.startswith("onnx::") else None
        if e["origin"] is not None:
            sd, tr = e["origin"]["state_dict"], e["origin"]["transform"]
            if tr == "bn_fold":
                key = f"`{prefix or name}`: conv {'bias' if e['origin']['part'] == 'bias' else 'weight'} with the following BatchNorm folded in"
                label = f"{name} ← {e['origin']['derived_as']}"
            elif name == sd:
                key = "named as in the state_dict, values as is"
            else:
                key = f"`{prefix or name}`: {'transposed' if tr == 'transpose' else 'unchanged'} state_dict tensor"
            if tr != "bn_fold":
                label = sd if name == sd else f"{name} ← {sd}{'ᵀ' if tr == 'transpose' else ''}"
        else:
            key = f"`{prefix or 'other names'}`: {e['derived']} (no state_dict counterpart)"
            label = f"{name} {e['shape']}"
        groups.setdefault(key, []).append(label)
    return [{"pattern": k, "count": len(v), "members": v} for k, v in groups.items()]
