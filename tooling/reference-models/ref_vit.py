"""Minimal plain-torch re-implementation of timm's VisionTransformer (DeiT) and VisionTransformerDistilled.

Module names, parameter names and the eval-mode forward follow timm/models/vision_transformer.py and
timm/models/deit.py so that a state_dict of this module has exactly timm's keys. Only what DeiT uses is
kept: no LayerScale, no qk_norm, no register tokens, no global-pool variants, no dropout/drop-path at
inference (timm's Dropout/DropPath are identities in eval mode, so they are omitted here).
"""

import torch
from torch import nn


class PatchEmbed(nn.Module):
    """timm PatchEmbed: Conv2d with kernel = stride = patch, then NCHW -> NLC (flatten=True, norm=Identity)."""

    def __init__(self, img_size: int, patch_size: int, in_chans: int, embed_dim: int):
        super().__init__()
        self.img_size = (img_size, img_size)
        self.patch_size = (patch_size, patch_size)
        self.grid_size = (img_size // patch_size, img_size // patch_size)
        self.num_patches = self.grid_size[0] * self.grid_size[1]
        self.proj = nn.Conv2d(in_chans, embed_dim, kernel_size=patch_size, stride=patch_size, bias=True)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.proj(x)
        return x.flatten(2).transpose(1, 2)


class Attention(nn.Module):
    """timm Attention, non-fused path (fused_attn=False): q is scaled before q @ k^T."""

    def __init__(self, dim: int, num_heads: int, qkv_bias: bool):
        super().__init__()
        self.num_heads = num_heads
        self.head_dim = dim // num_heads
        self.scale = self.head_dim**-0.5
        self.qkv = nn.Linear(dim, dim * 3, bias=qkv_bias)
        self.proj = nn.Linear(dim, dim)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        B, N, C = x.shape
        qkv = self.qkv(x).reshape(B, N, 3, self.num_heads, self.head_dim).permute(2, 0, 3, 1, 4)
        q, k, v = qkv.unbind(0)
        q = q * self.scale
        attn = q @ k.transpose(-2, -1)
        attn = attn.softmax(dim=-1)
        x = attn @ v
        x = x.transpose(1, 2).reshape(B, N, C)
        return self.proj(x)


class Mlp(nn.Module):
    """timm Mlp: fc1 -> GELU (exact, erf) -> fc2."""

    def __init__(self, dim: int, hidden: int):
        super().__init__()
        self.fc1 = nn.Linear(dim, hidden)
        self.act = nn.GELU()
        self.fc2 = nn.Linear(hidden, dim)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc2(self.act(self.fc1(x)))


class Block(nn.Module):
    """timm Block, pre-norm: x + attn(norm1(x)); x + mlp(norm2(x))."""

    def __init__(self, dim: int, num_heads: int, mlp_hidden: int, qkv_bias: bool, eps: float):
        super().__init__()
        self.norm1 = nn.LayerNorm(dim, eps=eps)
        self.attn = Attention(dim, num_heads, qkv_bias)
        self.norm2 = nn.LayerNorm(dim, eps=eps)
        self.mlp = Mlp(dim, mlp_hidden)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x + self.attn(self.norm1(x))
        return x + self.mlp(self.norm2(x))


class VisionTransformer(nn.Module):
    """timm VisionTransformer with class token, learned pos_embed over [cls] + patches, head on x[:, 0]."""

    num_prefix_tokens = 1

    def __init__(self, *, img_size: int, patch_size: int, in_chans: int, num_classes: int, embed_dim: int,
                 depth: int, num_heads: int, mlp_ratio: float, qkv_bias: bool = True, eps: float = 1e-6):
        super().__init__()
        self.patch_embed = PatchEmbed(img_size, patch_size, in_chans, embed_dim)
        self.cls_token = nn.Parameter(torch.zeros(1, 1, embed_dim))
        self._init_extra_tokens(embed_dim)
        n_tokens = self.patch_embed.num_patches + self.num_prefix_tokens
        self.pos_embed = nn.Parameter(torch.zeros(1, n_tokens, embed_dim))
        mlp_hidden = int(embed_dim * mlp_ratio)
        self.blocks = nn.Sequential(*[Block(embed_dim, num_heads, mlp_hidden, qkv_bias, eps) for _ in range(depth)])
        self.norm = nn.LayerNorm(embed_dim, eps=eps)
        self.head = nn.Linear(embed_dim, num_classes)
        self._init_extra_heads(embed_dim, num_classes)

    def _init_extra_tokens(self, embed_dim: int) -> None:
        pass

    def _init_extra_heads(self, embed_dim: int, num_classes: int) -> None:
        pass

    def _prefix_tokens(self, B: int) -> list:
        return [self.cls_token.expand(B, -1, -1)]

    def forward_features(self, x: torch.Tensor) -> torch.Tensor:
        x = self.patch_embed(x)
        x = torch.cat(self._prefix_tokens(x.shape[0]) + [x], dim=1)
        x = x + self.pos_embed
        x = self.blocks(x)
        return self.norm(x)

    def forward_head(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(x[:, 0])

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.forward_head(self.forward_features(x))


class VisionTransformerDistilled(VisionTransformer):
    """timm VisionTransformerDistilled (DeiT distilled): extra dist_token and head_dist; eval output averages heads."""

    num_prefix_tokens = 2

    def _init_extra_tokens(self, embed_dim: int) -> None:
        self.dist_token = nn.Parameter(torch.zeros(1, 1, embed_dim))

    def _init_extra_heads(self, embed_dim: int, num_classes: int) -> None:
        self.head_dist = nn.Linear(embed_dim, num_classes)

    def _prefix_tokens(self, B: int) -> list:
        return [self.cls_token.expand(B, -1, -1), self.dist_token.expand(B, -1, -1)]

    def forward_head(self, x: torch.Tensor) -> torch.Tensor:
        x, x_dist = self.head(x[:, 0]), self.head_dist(x[:, 1])
        # timm: distilled_training is False at inference -> average of both classifier predictions.
        return (x + x_dist) / 2
