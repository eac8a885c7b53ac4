"""A FastConformer-CTC model whose maths and state-dict keys are NeMo's.

Module tree and parameter names follow NeMo's EncDecCTCModelBPE:
  preprocessor.featurizer  -> nemo.collections.asr.parts.preprocessing.features.FilterbankFeatures
  encoder                  -> nemo.collections.asr.modules.ConformerEncoder (dw_striding, rel_pos)
  decoder                  -> nemo.collections.asr.modules.ConvASRDecoder (1x1 Conv1d, blank last)
so torch.save(model.state_dict()) is a valid NeMo model_weights.ckpt.
"""
import math

import numpy as np
import torch
from torch import nn
import torch.nn.functional as F

LOG_ZERO_GUARD = 2.0 ** -24
NORM_EPS = 1e-5
PREEMPH = 0.97


def slaney_mel_filterbank(sample_rate, n_fft, n_mels, fmin=0.0, fmax=None):
    """librosa.filters.mel(htk=False, norm='slaney'), which NeMo's FilterbankFeatures uses."""
    fmax = sample_rate / 2 if fmax is None else fmax
    f_sp, min_log_hz, min_log_mel, logstep = 200.0 / 3, 1000.0, 15.0, math.log(6.4) / 27.0

    def hz_to_mel(f):
        f = np.asarray(f, dtype=np.float64)
        return np.where(f >= min_log_hz, min_log_mel + np.log(np.maximum(f, 1e-10) / min_log_hz) / logstep, f / f_sp)

    def mel_to_hz(m):
        return np.where(m >= min_log_mel, min_log_hz * np.exp(logstep * (m - min_log_mel)), f_sp * m)

    fftfreqs = np.linspace(0, sample_rate / 2, 1 + n_fft // 2)
    mel_f = mel_to_hz(np.linspace(hz_to_mel(fmin), hz_to_mel(fmax), n_mels + 2))
    fdiff = np.diff(mel_f)
    ramps = mel_f[:, None] - fftfreqs[None, :]
    weights = np.zeros((n_mels, 1 + n_fft // 2), dtype=np.float32)
    for i in range(n_mels):
        lower = -ramps[i] / fdiff[i]
        upper = ramps[i + 2] / fdiff[i + 1]
        weights[i] = np.maximum(0, np.minimum(lower, upper))
    enorm = 2.0 / (mel_f[2:n_mels + 2] - mel_f[:n_mels])
    weights *= enorm[:, None]
    return weights


class FilterbankFeatures(nn.Module):
    """NeMo FilterbankFeatures with Parakeet's settings (see the fixture README's "Preprocessor facts")."""

    def __init__(self, sample_rate=16000, n_mels=80, n_fft=512, win_length=400, hop_length=160, dither=1e-5):
        super().__init__()
        self.n_fft, self.win_length, self.hop_length, self.dither = n_fft, win_length, hop_length, dither
        self.register_buffer("window", torch.hann_window(win_length, periodic=False))
        fb = torch.from_numpy(slaney_mel_filterbank(sample_rate, n_fft, n_mels)).unsqueeze(0)
        self.register_buffer("fb", fb)

    def get_seq_len(self, length):
        pad_amount = self.n_fft // 2 * 2
        return torch.div(length + pad_amount - self.n_fft, self.hop_length, rounding_mode="floor").long()

    def forward(self, x, length):
        seq_len = self.get_seq_len(length)
        if self.training and self.dither > 0:
            x = x + self.dither * torch.randn_like(x)
        time_mask = torch.arange(x.shape[1], device=x.device)[None, :] < length[:, None]
        x = torch.cat((x[:, :1], x[:, 1:] - PREEMPH * x[:, :-1]), dim=1).masked_fill(~time_mask, 0.0)
        spec = torch.stft(x, n_fft=self.n_fft, hop_length=self.hop_length, win_length=self.win_length,
                          window=self.window, center=True, pad_mode="constant", return_complex=True)
        spec = torch.view_as_real(spec)
        power = torch.sqrt(spec.pow(2).sum(-1)).pow(2.0)
        mel = torch.log(torch.matmul(self.fb.to(power.dtype), power) + LOG_ZERO_GUARD)
        valid = torch.arange(mel.shape[-1], device=x.device)[None, :] < seq_len[:, None]
        mel = normalize_per_feature(mel, seq_len, valid)
        return mel.masked_fill(~valid.unsqueeze(1), 0.0), seq_len


def normalize_per_feature(x, seq_len, valid):
    """NeMo normalize_batch(per_feature): n-1 std over valid frames, then std + 1e-5."""
    m = valid.unsqueeze(1).to(x.dtype)
    n = seq_len.to(x.dtype)[:, None]
    mean = (x * m).sum(-1) / n
    var = (((x - mean.unsqueeze(-1)) * m) ** 2).sum(-1) / (n - 1)
    std = torch.sqrt(var) + NORM_EPS
    return (x - mean.unsqueeze(-1)) / std.unsqueeze(-1)


class AudioToMelSpectrogramPreprocessor(nn.Module):
    def __init__(self, n_mels=80):
        super().__init__()
        self.featurizer = FilterbankFeatures(n_mels=n_mels)

    def forward(self, input_signal, length):
        return self.featurizer(input_signal, length)


def conv_out_length(length):
    """One 3x3 stride-2 pad-1 conv: floor((L + 2 - 3) / 2 + 1), NeMo calc_length."""
    return torch.div(length - 1, 2, rounding_mode="floor") + 1


class ConvSubsampling(nn.Module):
    """NeMo ConvSubsampling(subsampling='dw_striding', factor 8) with MaskedConvSequential time masking."""

    def __init__(self, feat_in, d_model, channels):
        super().__init__()
        layers = [nn.Conv2d(1, channels, 3, stride=2, padding=1), nn.ReLU()]
        for _ in range(2):
            layers += [nn.Conv2d(channels, channels, 3, stride=2, padding=1, groups=channels),
                       nn.Conv2d(channels, channels, 1), nn.ReLU()]
        self.conv = nn.Sequential(*layers)
        freq = feat_in
        for _ in range(3):
            freq = (freq - 1) // 2 + 1
        self.out = nn.Linear(channels * freq, d_model)

    def forward(self, x, lengths):
        x = x.unsqueeze(1)  # [B, 1, T, F]
        for layer in self.conv:
            x = x * time_mask(lengths, x.shape[2]).to(x.dtype)[:, None, :, None]
            x = layer(x)
            if isinstance(layer, nn.Conv2d) and layer.stride[0] == 2:
                lengths = conv_out_length(lengths)
        x = x * time_mask(lengths, x.shape[2]).to(x.dtype)[:, None, :, None]
        b, c, t, f = x.shape
        return self.out(x.transpose(1, 2).reshape(b, t, c * f)), lengths


def time_mask(lengths, max_len):
    return torch.arange(max_len, device=lengths.device)[None, :] < lengths[:, None]


class RelPositionalEncoding(nn.Module):
    """NeMo RelPositionalEncoding (xscaling false): positions T-1 ... -(T-1); pe is not persistent."""

    def __init__(self, d_model, dropout, dropout_emb):
        super().__init__()
        self.d_model = d_model
        self.dropout = nn.Dropout(dropout)
        self.dropout_emb = nn.Dropout(dropout_emb)

    def forward(self, x):
        t = x.shape[1]
        pos = torch.arange(t - 1, -t, -1, dtype=torch.float32, device=x.device).unsqueeze(1)
        div_term = torch.exp(torch.arange(0, self.d_model, 2, dtype=torch.float32, device=x.device)
                             * -(math.log(10000.0) / self.d_model))
        pe = torch.zeros(2 * t - 1, self.d_model, device=x.device)
        pe[:, 0::2] = torch.sin(pos * div_term)
        pe[:, 1::2] = torch.cos(pos * div_term)
        return self.dropout(x), self.dropout_emb(pe.unsqueeze(0).to(x.dtype))


class RelPositionMultiHeadAttention(nn.Module):
    """NeMo RelPositionMultiHeadAttention (Transformer-XL scores, untied pos_bias_u/v per layer)."""

    def __init__(self, n_head, d_model, dropout_att, use_bias=False):
        super().__init__()
        self.h, self.d_k = n_head, d_model // n_head
        self.linear_q = nn.Linear(d_model, d_model, bias=use_bias)
        self.linear_k = nn.Linear(d_model, d_model, bias=use_bias)
        self.linear_v = nn.Linear(d_model, d_model, bias=use_bias)
        self.linear_out = nn.Linear(d_model, d_model, bias=use_bias)
        self.linear_pos = nn.Linear(d_model, d_model, bias=False)
        self.pos_bias_u = nn.Parameter(torch.zeros(self.h, self.d_k))
        self.pos_bias_v = nn.Parameter(torch.zeros(self.h, self.d_k))
        self.dropout = nn.Dropout(dropout_att)

    @staticmethod
    def rel_shift(x):
        b, h, qlen, pos_len = x.shape
        x = F.pad(x, (1, 0))
        return x.view(b, h, -1, qlen)[:, :, 1:].view(b, h, qlen, pos_len)

    def forward(self, x, pos_emb, mask):
        b, t, _ = x.shape
        q = self.linear_q(x).view(b, t, self.h, self.d_k)
        k = self.linear_k(x).view(b, t, self.h, self.d_k).transpose(1, 2)
        v = self.linear_v(x).view(b, t, self.h, self.d_k).transpose(1, 2)
        p = self.linear_pos(pos_emb).view(pos_emb.shape[0], -1, self.h, self.d_k).transpose(1, 2)
        matrix_ac = torch.matmul((q + self.pos_bias_u).transpose(1, 2), k.transpose(-2, -1))
        matrix_bd = torch.matmul((q + self.pos_bias_v).transpose(1, 2), p.transpose(-2, -1))
        matrix_bd = self.rel_shift(matrix_bd)[:, :, :, :t]
        scores = (matrix_ac + matrix_bd) / math.sqrt(self.d_k)
        scores = scores.masked_fill(mask.unsqueeze(1), -10000.0)
        attn = torch.softmax(scores, dim=-1).masked_fill(mask.unsqueeze(1), 0.0)
        out = torch.matmul(self.dropout(attn), v).transpose(1, 2).reshape(b, t, self.h * self.d_k)
        return self.linear_out(out)


class ConformerFeedForward(nn.Module):
    def __init__(self, d_model, d_ff, dropout, use_bias=False):
        super().__init__()
        self.linear1 = nn.Linear(d_model, d_ff, bias=use_bias)
        self.activation = nn.SiLU()
        self.dropout = nn.Dropout(dropout)
        self.linear2 = nn.Linear(d_ff, d_model, bias=use_bias)

    def forward(self, x):
        return self.linear2(self.dropout(self.activation(self.linear1(x))))


class ConformerConvolution(nn.Module):
    """pointwise (d->2d) -> GLU -> zero padding -> depthwise k -> BatchNorm -> SiLU -> pointwise."""

    def __init__(self, d_model, kernel_size, use_bias=False):
        super().__init__()
        self.pointwise_conv1 = nn.Conv1d(d_model, 2 * d_model, 1, bias=use_bias)
        self.depthwise_conv = nn.Conv1d(d_model, d_model, kernel_size, padding=(kernel_size - 1) // 2,
                                        groups=d_model, bias=use_bias)
        self.batch_norm = nn.BatchNorm1d(d_model)
        self.activation = nn.SiLU()
        self.pointwise_conv2 = nn.Conv1d(d_model, d_model, 1, bias=use_bias)

    def forward(self, x, pad_mask):
        x = F.glu(self.pointwise_conv1(x.transpose(1, 2)), dim=1)
        x = x.masked_fill(pad_mask.unsqueeze(1), 0.0)
        x = self.activation(self.batch_norm(self.depthwise_conv(x)))
        return self.pointwise_conv2(x).transpose(1, 2)


class ConformerLayer(nn.Module):
    """NeMo ConformerLayer: macaron FF halves, rel_pos MHA, conv module, final LayerNorm."""

    def __init__(self, d_model, n_heads, ff_expansion, kernel_size, dropout, dropout_att):
        super().__init__()
        d_ff = d_model * ff_expansion
        self.norm_feed_forward1 = nn.LayerNorm(d_model)
        self.feed_forward1 = ConformerFeedForward(d_model, d_ff, dropout)
        self.norm_conv = nn.LayerNorm(d_model)
        self.conv = ConformerConvolution(d_model, kernel_size)
        self.norm_self_att = nn.LayerNorm(d_model)
        self.self_attn = RelPositionMultiHeadAttention(n_heads, d_model, dropout_att)
        self.norm_feed_forward2 = nn.LayerNorm(d_model)
        self.feed_forward2 = ConformerFeedForward(d_model, d_ff, dropout)
        self.dropout = nn.Dropout(dropout)
        self.norm_out = nn.LayerNorm(d_model)

    def forward(self, x, att_mask, pos_emb, pad_mask):
        residual = x + 0.5 * self.dropout(self.feed_forward1(self.norm_feed_forward1(x)))
        residual = residual + self.dropout(self.self_attn(self.norm_self_att(residual), pos_emb, att_mask))
        residual = residual + self.dropout(self.conv(self.norm_conv(residual), pad_mask))
        residual = residual + 0.5 * self.dropout(self.feed_forward2(self.norm_feed_forward2(residual)))
        return self.norm_out(residual)


class ConformerEncoder(nn.Module):
    def __init__(self, feat_in=80, d_model=192, n_layers=8, n_heads=4, subsampling_conv_channels=192,
                 ff_expansion_factor=4, conv_kernel_size=9, dropout=0.1, dropout_pre_encoder=0.1,
                 dropout_emb=0.0, dropout_att=0.1):
        super().__init__()
        self.pre_encode = ConvSubsampling(feat_in, d_model, subsampling_conv_channels)
        self.pos_enc = RelPositionalEncoding(d_model, dropout_pre_encoder, dropout_emb)
        self.layers = nn.ModuleList(
            ConformerLayer(d_model, n_heads, ff_expansion_factor, conv_kernel_size, dropout, dropout_att)
            for _ in range(n_layers))

    def forward(self, audio_signal, length):
        """audio_signal [B, feat_in, T] -> ([B, d_model, T'], lengths), as NeMo's ConformerEncoder."""
        x, length = self.pre_encode(audio_signal.transpose(1, 2), length)
        x, pos_emb = self.pos_enc(x)
        valid = time_mask(length, x.shape[1])
        pad_mask = ~valid
        att_mask = ~(valid.unsqueeze(1) & valid.unsqueeze(2))
        for layer in self.layers:
            x = layer(x, att_mask, pos_emb, pad_mask)
        return x.transpose(1, 2), length


class ConvASRDecoder(nn.Module):
    """NeMo ConvASRDecoder: 1x1 Conv1d to vocab+1 classes (blank last), log-softmax."""

    def __init__(self, feat_in, num_classes):
        super().__init__()
        self.decoder_layers = nn.Sequential(nn.Conv1d(feat_in, num_classes + 1, 1, bias=True))

    def forward(self, encoder_output):
        return F.log_softmax(self.decoder_layers(encoder_output).transpose(1, 2), dim=-1)


class EncDecCTCModelBPE(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.cfg = dict(cfg)
        self.preprocessor = AudioToMelSpectrogramPreprocessor(cfg["n_mels"])
        self.encoder = ConformerEncoder(
            feat_in=cfg["n_mels"], d_model=cfg["d_model"], n_layers=cfg["n_layers"], n_heads=cfg["n_heads"],
            subsampling_conv_channels=cfg["subsampling_conv_channels"],
            ff_expansion_factor=cfg["ff_expansion_factor"], conv_kernel_size=cfg["conv_kernel_size"],
            dropout=cfg["dropout"], dropout_pre_encoder=cfg["dropout"], dropout_att=cfg["dropout"])
        self.decoder = ConvASRDecoder(cfg["d_model"], cfg["vocab_size"])

    def forward(self, features, feature_lengths):
        encoded, encoded_len = self.encoder(features, feature_lengths)
        return self.decoder(encoded), encoded_len


DEFAULT_CONFIG = {
    "n_mels": 80, "d_model": 192, "n_layers": 8, "n_heads": 4, "subsampling_conv_channels": 192,
    "ff_expansion_factor": 4, "conv_kernel_size": 9, "dropout": 0.1, "vocab_size": 128,
}


def count_parameters(model):
    return sum(p.numel() for p in model.parameters())
