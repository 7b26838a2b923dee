"""Minimal plain-torch re-implementation of HuggingFace transformers' BertForSequenceClassification.

Module and parameter names match transformers/models/bert/modeling_bert.py (bert.embeddings.*,
bert.encoder.layer.i.attention.self.{query,key,value}, attention.output.{dense,LayerNorm},
intermediate.dense, output.{dense,LayerNorm}, bert.pooler.dense, classifier). The forward is the eager
("attn_implementation='eager'") path in eval mode with absolute position embeddings: post-norm layers,
scores / sqrt(head_dim), exact GELU, tanh pooler on [CLS]. Dropout is an identity in eval mode and omitted.
The attention mask becomes an additive bias (1 - mask) * finfo(float32).min, as in
BertModel.get_extended_attention_mask since transformers 4.21 (older releases used -10000.0).
"""

import math

import torch
from torch import nn


class BertEmbeddings(nn.Module):
    def __init__(self, vocab_size: int, hidden: int, max_positions: int, type_vocab: int, eps: float):
        super().__init__()
        self.word_embeddings = nn.Embedding(vocab_size, hidden, padding_idx=0)
        self.position_embeddings = nn.Embedding(max_positions, hidden)
        self.token_type_embeddings = nn.Embedding(type_vocab, hidden)
        self.LayerNorm = nn.LayerNorm(hidden, eps=eps)
        # HF keeps position_ids as a non-persistent buffer and slices it to the sequence length.
        self.register_buffer("position_ids", torch.arange(max_positions).expand((1, -1)), persistent=False)

    def forward(self, input_ids: torch.Tensor, token_type_ids: torch.Tensor) -> torch.Tensor:
        seq_length = input_ids.size(1)
        position_ids = self.position_ids[:, 0:seq_length]
        embeddings = self.word_embeddings(input_ids) + self.token_type_embeddings(token_type_ids)
        embeddings = embeddings + self.position_embeddings(position_ids)
        return self.LayerNorm(embeddings)


class BertSelfAttention(nn.Module):
    def __init__(self, hidden: int, num_heads: int):
        super().__init__()
        self.num_attention_heads = num_heads
        self.attention_head_size = hidden // num_heads
        self.all_head_size = hidden
        self.query = nn.Linear(hidden, hidden)
        self.key = nn.Linear(hidden, hidden)
        self.value = nn.Linear(hidden, hidden)

    def transpose_for_scores(self, x: torch.Tensor) -> torch.Tensor:
        new_shape = x.size()[:-1] + (self.num_attention_heads, self.attention_head_size)
        return x.view(new_shape).permute(0, 2, 1, 3)

    def forward(self, hidden_states: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        query_layer = self.transpose_for_scores(self.query(hidden_states))
        key_layer = self.transpose_for_scores(self.key(hidden_states))
        value_layer = self.transpose_for_scores(self.value(hidden_states))
        attention_scores = torch.matmul(query_layer, key_layer.transpose(-1, -2))
        attention_scores = attention_scores / math.sqrt(self.attention_head_size)
        attention_scores = attention_scores + attention_mask
        attention_probs = nn.functional.softmax(attention_scores, dim=-1)
        context_layer = torch.matmul(attention_probs, value_layer)
        context_layer = context_layer.permute(0, 2, 1, 3).contiguous()
        new_shape = context_layer.size()[:-2] + (self.all_head_size,)
        return context_layer.view(new_shape)


class BertSelfOutput(nn.Module):
    def __init__(self, hidden: int, eps: float):
        super().__init__()
        self.dense = nn.Linear(hidden, hidden)
        self.LayerNorm = nn.LayerNorm(hidden, eps=eps)

    def forward(self, hidden_states: torch.Tensor, input_tensor: torch.Tensor) -> torch.Tensor:
        return self.LayerNorm(self.dense(hidden_states) + input_tensor)


class BertAttention(nn.Module):
    def __init__(self, hidden: int, num_heads: int, eps: float):
        super().__init__()
        self.self = BertSelfAttention(hidden, num_heads)
        self.output = BertSelfOutput(hidden, eps)

    def forward(self, hidden_states: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        return self.output(self.self(hidden_states, attention_mask), hidden_states)


class BertIntermediate(nn.Module):
    def __init__(self, hidden: int, intermediate: int):
        super().__init__()
        self.dense = nn.Linear(hidden, intermediate)

    def forward(self, hidden_states: torch.Tensor) -> torch.Tensor:
        # hidden_act="gelu" -> GELUActivation -> exact erf GELU
        return nn.functional.gelu(self.dense(hidden_states))


class BertOutput(nn.Module):
    def __init__(self, hidden: int, intermediate: int, eps: float):
        super().__init__()
        self.dense = nn.Linear(intermediate, hidden)
        self.LayerNorm = nn.LayerNorm(hidden, eps=eps)

    def forward(self, hidden_states: torch.Tensor, input_tensor: torch.Tensor) -> torch.Tensor:
        return self.LayerNorm(self.dense(hidden_states) + input_tensor)


class BertLayer(nn.Module):
    def __init__(self, hidden: int, num_heads: int, intermediate: int, eps: float):
        super().__init__()
        self.attention = BertAttention(hidden, num_heads, eps)
        self.intermediate = BertIntermediate(hidden, intermediate)
        self.output = BertOutput(hidden, intermediate, eps)

    def forward(self, hidden_states: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        attention_output = self.attention(hidden_states, attention_mask)
        return self.output(self.intermediate(attention_output), attention_output)


class BertEncoder(nn.Module):
    def __init__(self, hidden: int, num_layers: int, num_heads: int, intermediate: int, eps: float):
        super().__init__()
        self.layer = nn.ModuleList([BertLayer(hidden, num_heads, intermediate, eps) for _ in range(num_layers)])

    def forward(self, hidden_states: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        for layer in self.layer:
            hidden_states = layer(hidden_states, attention_mask)
        return hidden_states


class BertPooler(nn.Module):
    def __init__(self, hidden: int):
        super().__init__()
        self.dense = nn.Linear(hidden, hidden)
        self.activation = nn.Tanh()

    def forward(self, hidden_states: torch.Tensor) -> torch.Tensor:
        return self.activation(self.dense(hidden_states[:, 0]))


class BertModel(nn.Module):
    def __init__(self, *, vocab_size: int, hidden: int, num_layers: int, num_heads: int, intermediate: int,
                 max_positions: int, type_vocab: int, eps: float):
        super().__init__()
        self.embeddings = BertEmbeddings(vocab_size, hidden, max_positions, type_vocab, eps)
        self.encoder = BertEncoder(hidden, num_layers, num_heads, intermediate, eps)
        self.pooler = BertPooler(hidden)

    def forward(self, input_ids, attention_mask, token_type_ids) -> torch.Tensor:
        dtype = torch.float32
        extended = attention_mask[:, None, None, :].to(dtype=dtype)
        extended = (1.0 - extended) * torch.finfo(dtype).min
        hidden = self.embeddings(input_ids, token_type_ids)
        return self.pooler(self.encoder(hidden, extended))


class BertForSequenceClassification(nn.Module):
    def __init__(self, *, num_labels: int, **config):
        super().__init__()
        self.bert = BertModel(**config)
        self.classifier = nn.Linear(config["hidden"], num_labels)

    def forward(self, input_ids, attention_mask, token_type_ids) -> torch.Tensor:
        return self.classifier(self.bert(input_ids, attention_mask, token_type_ids))
