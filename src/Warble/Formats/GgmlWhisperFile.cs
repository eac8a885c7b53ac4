// whisper.cpp ggml model reader (whisper.cpp src/whisper.cpp whisper_model_load, and
// models/convert-pt-to-ggml.py which writes it). All integers are int32 little-endian:
//  1. magic 0x67676d6c ("ggml" read as an int), then 11 hparams: n_vocab, n_audio_ctx,
//     n_audio_state, n_audio_head, n_audio_layer, n_text_ctx, n_text_state, n_text_head,
//     n_text_layer, n_mels, ftype (modulo 1000, the quantization version factor).
//  2. mel filters: n_mel, n_fft, then n_mel × n_fft float32.
//  3. vocabulary: a count, then per BPE rank a length and that many raw bytes (specials are implied).
//  4. tensors until the end of the file: n_dims, name length, ggml type, n_dims dims innermost
//     first, the name, then the data with no alignment padding.
// Validated: magic, hparams ranges, every count and length against the bytes left, known types,
// whole quantization blocks, the name table of WhisperWeights. A file that ends right after its
// vocabulary (whisper.cpp's for-tests files) is reported as such in one line.
using Warble.Models.Whisper;

namespace Warble.Formats;

/// <summary>Reads whisper.cpp's ggml .bin files; tensors are views over the mapping.</summary>
internal static class GgmlWhisperFile
{
    public const uint Magic = 0x67676d6c;

    public static bool IsGgml(ByteRegion region) => region.Length >= 4 && BitConverter.ToUInt32(region.Span(0, 4)) == Magic;

    public static GgmlWhisperHeader ReadHeader(ByteRegion region)
    {
        var cursor = new BinaryCursor(region);
        if (!IsGgml(region))
        {
            throw region.Fail(0, "not a whisper.cpp ggml file (bad magic)");
        }

        cursor.Skip(4);
        int[] h = new int[11];
        for (int i = 0; i < h.Length; i++)
        {
            h[i] = cursor.ReadI32();
        }

        var dims = new WhisperDimensions(NMels: h[9], NAudioCtx: h[1], NAudioState: h[2], NAudioHead: h[3], NAudioLayer: h[4],
            NVocab: h[0], NTextCtx: h[5], NTextState: h[6], NTextHead: h[7], NTextLayer: h[8]);
        dims.Validate(region.Name);
        int nMel = cursor.ReadI32();
        int nFft = cursor.ReadI32();
        if (nMel <= 0 || nFft <= 0 || (long)nMel * nFft > cursor.Remaining / 4)
        {
            throw cursor.Fail($"mel filters of {nMel} × {nFft} do not fit in the file");
        }

        var filters = new float[nMel * nFft];
        System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(cursor.Take(filters.Length * 4L)).CopyTo(filters);
        int count = cursor.ReadI32();
        cursor.RequireItems((ulong)Math.Max(count, 0), 4, "the vocabulary");
        if (count < 0)
        {
            throw cursor.Fail($"vocabulary count {count} is negative");
        }

        var vocabulary = new byte[count][];
        for (int i = 0; i < count; i++)
        {
            int length = cursor.ReadI32();
            vocabulary[i] = length < 0 ? throw cursor.Fail($"token {i} has length {length}") : cursor.Take(length).ToArray();
        }

        return new GgmlWhisperHeader(dims, h[10] % 1000, new MelFilters(nMel, nFft, filters), vocabulary, cursor.Position);
    }

    public static LoadedModel Load(ByteRegion region, string path, List<IDisposable> owners)
    {
        GgmlWhisperHeader header = ReadHeader(region);
        var weights = new WeightSet(region.Name);
        var cursor = new BinaryCursor(region, header.TensorsOffset);
        if (cursor.Remaining == 0)
        {
            throw cursor.Fail("the file ends after its vocabulary, before its tensors: the tensor data is missing");
        }

        while (cursor.Remaining > 0)
        {
            var (name, view) = GgmlTensorRecord.Read(cursor);
            weights.Add(name, view);
        }

        WhisperWeights.Check(header.Dims, weights);
        return new LoadedModel(owners)
        {
            Source = path,
            Format = ModelFileFormat.Ggml,
            Architecture = ModelArchitecture.Whisper,
            Whisper = header.Dims,
            Tokenizer = new TokenizerSource { Kind = TokenizerKind.GgmlVocab, TokenBytes = header.Vocabulary },
            MelFilters = header.MelFilters,
            Weights = weights,
        };
    }
}
