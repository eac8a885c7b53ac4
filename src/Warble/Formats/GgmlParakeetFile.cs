// whisper.cpp's Parakeet ggml reader (whisper.cpp src/parakeet.cpp parakeet_model_load, written by
// models/convert-parakeet-to-ggml.py and examples/parakeet-quantize). Little-endian throughout:
//  1. magic 0x67676d6c ("ggml"), then 15 int32 hparams: n_vocab, n_audio_ctx, n_audio_state, n_audio_head,
//     n_audio_layer, n_mels, ftype, n_fft, subsampling_factor, n_subsampling_channels, n_conv_kernel, n_pred_dim,
//     n_pred_layers, n_tdt_durations, n_max_tokens.
//  2. mel filters: int32 n_mel, int32 n_fb, then n_mel × n_fb float32 (NeMo's preprocessor.featurizer.fb).
//  3. window: int32 n_window, then n_window float32 (preprocessor.featurizer.window).
//  4. n_tdt_durations uint32 TDT durations.
//  5. vocabulary: int32 count, then per token an int32 length and its UTF-8 bytes (the pieces of tokenizer.vocab).
//  6. tensors until the end of the file, as GgmlTensorRecord (0-dim scalars allowed), named by NeMo's state dict.
// The layout shares its magic with whisper.cpp's Whisper files; it is told apart by section 2's n_mel and n_fb
// matching n_mels and n_fft where a Whisper file holds mel filter values.
// Validated: every hparam's range (ParakeetGgmlHparams), n_mel = n_mels, n_fb = n_fft/2 + 1, the window's length,
// every count and length against the bytes left, the vocabulary size, each tensor record, then the NeMo config and
// weight table as for a .nemo.
using System.Runtime.InteropServices;
using Warble.Models.Parakeet;
using Warble.Tensors;
using Warble.Text;

namespace Warble.Formats;

/// <summary>Reads whisper.cpp's Parakeet ggml .bin files into a Parakeet <see cref="LoadedModel"/>; tensors are views over the mapping.</summary>
internal static class GgmlParakeetFile
{
    private const long NMelsOffset = 4 + (5 * 4);
    private const long NFftOffset = 4 + (7 * 4);
    private const long FiltersOffset = 4 + (ParakeetGgmlHparams.Count * 4);
    private const string Window = "preprocessor.featurizer.window";
    private const string Filterbank = "preprocessor.featurizer.fb";

    /// <summary>
    /// Whether a ggml file has the Parakeet layout: the filters' n_mel repeats the n_mels hparam, or their n_fb is the
    /// n_fft hparam's n_fft/2 + 1 (either, so that one hostile value still gets the Parakeet reader's error). In a
    /// Whisper file both places hold mel filter values, whose bits are never such small integers.
    /// </summary>
    public static bool IsParakeet(ByteRegion region)
    {
        if (!GgmlWhisperFile.IsGgml(region) || region.Length < FiltersOffset + 8)
        {
            return false;
        }

        int At(long offset) => BitConverter.ToInt32(region.Span(offset, 4));
        int nMels = At(NMelsOffset), nFft = At(NFftOffset);
        return (nMels > 0 && At(FiltersOffset) == nMels) || (nFft > 0 && At(FiltersOffset + 4) == (nFft / 2) + 1);
    }

    public static LoadedModel Load(ByteRegion region, string path, List<IDisposable> owners)
    {
        var cursor = new BinaryCursor(region, 4);
        Span<int> values = stackalloc int[ParakeetGgmlHparams.Count];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = cursor.ReadI32();
        }

        ParakeetGgmlHparams hparams = ParakeetGgmlHparams.FromValues(values);
        hparams.Validate(region.Name);
        var weights = new WeightSet(region.Name);
        weights.Add(Filterbank, ReadFilters(cursor, hparams));
        TensorView window = ReadWindow(cursor, hparams);
        weights.Add(Window, window);
        int[] durations = ReadDurations(cursor, hparams.NTdtDurations);
        byte[][] vocabulary = ReadVocabulary(cursor, hparams.NVocab);
        if (cursor.Remaining == 0)
        {
            throw cursor.Fail("the file ends after its vocabulary, before its tensors: the tensor data is missing");
        }

        while (cursor.Remaining > 0)
        {
            var (name, view) = GgmlTensorRecord.Read(cursor, minDims: 0);
            ParakeetGgmlTensors.Add(weights, name, view);
        }

        ParakeetConfig config = ParakeetConfig.Parse(hparams.ToYaml(durations, (int)window.ElementCount), region.Name);
        ParakeetWeights.Check(config, weights);
        return new LoadedModel(owners)
        {
            Source = path,
            Format = ModelFileFormat.GgmlParakeet,
            Architecture = ModelArchitecture.Parakeet,
            Parakeet = config,
            Tokenizer = new TokenizerSource
            {
                Kind = TokenizerKind.SentencePiece,
                SentencePieceModel = SentencePieceModelBuilder.FromPieces(vocabulary, region.Name),
            },
            Weights = weights,
        };
    }

    private static TensorView ReadFilters(BinaryCursor cursor, ParakeetGgmlHparams hparams)
    {
        int nMel = cursor.ReadI32();
        int nFb = cursor.ReadI32();
        if (nMel != hparams.NMels || nFb != (hparams.NFft / 2) + 1)
        {
            throw cursor.Fail($"mel filters are {nMel} × {nFb}, expected n_mels × (n_fft/2 + 1) = {hparams.NMels} × {(hparams.NFft / 2) + 1}");
        }

        TensorView flat = ReadFloats(cursor, nMel * nFb, "the mel filters");
        return new TensorView(DType.F32, flat.Data, 1, nMel, nFb);
    }

    // NeMo's window_size range, [0.001, 0.1] s, and no longer than the FFT frame it is centred in.
    private static TensorView ReadWindow(BinaryCursor cursor, ParakeetGgmlHparams hparams)
    {
        int length = cursor.ReadI32();
        int max = Math.Min(1600, hparams.NFft);
        return length is >= 16 && length <= max
            ? ReadFloats(cursor, length, "the window")
            : throw cursor.Fail($"the window has {length} samples, expected [16, {max}] (at most n_fft and 0.1 s)");
    }

    private static TensorView ReadFloats(BinaryCursor cursor, int count, string what)
    {
        if (count <= 0 || count > cursor.Remaining / 4)
        {
            throw cursor.Fail($"{what} claims {count} float32 values; {cursor.Remaining} bytes remain");
        }

        var view = new TensorView(DType.F32, cursor.Region.Memory(cursor.Position, count * 4L), count);
        cursor.Skip(count * 4L);
        return view;
    }

    private static int[] ReadDurations(BinaryCursor cursor, int count)
    {
        cursor.RequireItems((ulong)count, 4, "the TDT durations");
        int[] durations = MemoryMarshal.Cast<byte, int>(cursor.Take(count * 4L)).ToArray();
        if (!BitConverter.IsLittleEndian || durations.Any(d => d is < 0 or > 1024))
        {
            throw cursor.Fail($"TDT durations [{string.Join(", ", durations)}] are not all in [0, 1024]");
        }

        return durations;
    }

    private static byte[][] ReadVocabulary(BinaryCursor cursor, int nVocab)
    {
        int count = cursor.ReadI32();
        if (count != nVocab)
        {
            throw cursor.Fail($"the vocabulary holds {count} tokens but n_vocab is {nVocab}");
        }

        cursor.RequireItems((ulong)count, 4, "the vocabulary");
        var vocabulary = new byte[count][];
        for (int i = 0; i < count; i++)
        {
            int length = cursor.ReadI32();
            vocabulary[i] = length is < 0 or > 1024 ? throw cursor.Fail($"token {i} has length {length}") : cursor.Take(length).ToArray();
        }

        return vocabulary;
    }
}
