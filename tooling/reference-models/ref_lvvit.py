"""Minimal plain-torch re-implementation of TokenLabeling's LV_ViT (lvvit_s configuration).

Follows TokenLabeling tlt/models/lvvit.py and models/layers.py: PatchEmbed4_2 conv stem (p_emb='4_2'),
Block with residual branches divided by skip_lam, Attention without qkv bias that scales q before q @ k^T
and picks q, k, v by indexing, nn.LayerNorm with torch's default eps 1e-5, and with return_dense=True the
eval output head(cls) + 0.5 * max over patch tokens of aux_head(tokens). Training-only parts (MixToken,
dropout, drop-path) are left out: they are identities in eval mode.
"""

import torch
from torch import nn

STEM_CHANNELS = 64  # PatchEmbed4_2 hard-codes 64 (PatchEmbed4_2_128, used by lvvit_l, uses 128)


class PatchEmbed4_2(nn.Module):
    """conv1 7x7 s2 p3 (no bias) + bn1 + relu, conv2/conv3 3x3 s1 p1 (no bias) + BN + relu, then
    proj Conv2d(64, dim, kernel = stride = patch_size // 2): the stem halves the image, so tokens are
    still patch_size x patch_size pixels. lvvit_s: patch 16 -> 8x8 s8 projection."""

    def __init__(self, img_size: int, patch_size: int, in_chans: int, embed_dim: int):
        super().__init__()
        new_patch = patch_size // 2
        self.num_patches = (img_size // patch_size) ** 2
        self.conv1 = nn.Conv2d(in_chans, STEM_CHANNELS, kernel_size=7, stride=2, padding=3, bias=False)
        self.bn1 = nn.BatchNorm2d(STEM_CHANNELS)
        self.relu = nn.ReLU(inplace=True)
        self.conv2 = nn.Conv2d(STEM_CHANNELS, STEM_CHANNELS, kernel_size=3, stride=1, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(STEM_CHANNELS)
        self.conv3 = nn.Conv2d(STEM_CHANNELS, STEM_CHANNELS, kernel_size=3, stride=1, padding=1, bias=False)
        self.bn3 = nn.BatchNorm2d(STEM_CHANNELS)
        self.proj = nn.Conv2d(STEM_CHANNELS, embed_dim, kernel_size=new_patch, stride=new_patch)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.relu(self.bn1(self.conv1(x)))
        x = self.relu(self.bn2(self.conv2(x)))
        x = self.relu(self.bn3(self.conv3(x)))
        return self.proj(x)


class Attention(nn.Module):
    def __init__(self, dim: int, num_heads: int, qkv_bias: bool):
        super().__init__()
        self.num_heads = num_heads
        self.head_dim = dim // num_heads
        self.scale = self.head_dim**-0.5
        self.qkv = nn.Linear(dim, self.head_dim * num_heads * 3, bias=qkv_bias)
        self.proj = nn.Linear(self.head_dim * num_heads, dim)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        B, N, C = x.shape
        qkv = self.qkv(x).reshape(B, N, 3, self.num_heads, self.head_dim).permute(2, 0, 3, 1, 4)
        q, k, v = qkv[0], qkv[1], qkv[2]
        attn = (q * self.scale) @ k.transpose(-2, -1)
        attn = attn.softmax(dim=-1)
        x = (attn @ v).transpose(1, 2).reshape(B, N, self.head_dim * self.num_heads)
        return self.proj(x)


class Mlp(nn.Module):
    def __init__(self, dim: int, hidden: int):
        super().__init__()
        self.fc1 = nn.Linear(dim, hidden)
        self.fc2 = nn.Linear(hidden, dim)
        self.act = nn.GELU()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc2(self.act(self.fc1(x)))


class Block(nn.Module):
    def __init__(self, dim: int, num_heads: int, mlp_hidden: int, qkv_bias: bool, skip_lam: float, eps: float):
        super().__init__()
        self.skip_lam = skip_lam
        self.norm1 = nn.LayerNorm(dim, eps=eps)
        self.attn = Attention(dim, num_heads, qkv_bias)
        self.norm2 = nn.LayerNorm(dim, eps=eps)
        self.mlp = Mlp(dim, mlp_hidden)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x + self.attn(self.norm1(x)) / self.skip_lam
        return x + self.mlp(self.norm2(x)) / self.skip_lam


class LV_ViT(nn.Module):
    def __init__(self, *, img_size: int, patch_size: int, in_chans: int, num_classes: int, embed_dim: int,
                 depth: int, num_heads: int, mlp_ratio: float, qkv_bias: bool = False, skip_lam: float = 2.0,
                 eps: float = 1e-5):
        super().__init__()
        self.patch_embed = PatchEmbed4_2(img_size, patch_size, in_chans, embed_dim)
        self.cls_token = nn.Parameter(torch.zeros(1, 1, embed_dim))
        self.pos_embed = nn.Parameter(torch.zeros(1, self.patch_embed.num_patches + 1, embed_dim))
        mlp_hidden = int(embed_dim * mlp_ratio)
        self.blocks = nn.ModuleList(
            [Block(embed_dim, num_heads, mlp_hidden, qkv_bias, skip_lam, eps) for _ in range(depth)])
        self.norm = nn.LayerNorm(embed_dim, eps=eps)
        self.head = nn.Linear(embed_dim, num_classes)
        self.aux_head = nn.Linear(embed_dim, num_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.patch_embed(x)
        x = x.flatten(2).transpose(1, 2)
        cls_tokens = self.cls_token.expand(x.shape[0], -1, -1)
        x = torch.cat((cls_tokens, x), dim=1)
        x = x + self.pos_embed
        for blk in self.blocks:
            x = blk(x)
        x = self.norm(x)
        x_cls = self.head(x[:, 0])
        x_aux = self.aux_head(x[:, 1:])
        return x_cls + 0.5 * x_aux.max(1)[0]
