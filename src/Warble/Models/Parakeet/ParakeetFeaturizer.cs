using Warble.Audio;
using Warble.Formats;
using Warble.Models.Common;
using Warble.Tensors;
using Warble.Tensors.Gemm;

namespace Warble.Models.Parakeet;

/// <summary>
/// The preprocessor of a loaded Parakeet file, as NeMo's <c>FilterbankFeatures</c> holds it: the config's settings with
/// the checkpoint's own <c>preprocessor.featurizer.window</c> [win_length] and <c>.fb</c> [1, features, n_fft/2 + 1]
/// buffers when the file has them.
/// </summary>
internal static class ParakeetFeaturizer
{
    private const string Window = "preprocessor.featurizer.window";
    private const string Filterbank = "preprocessor.featurizer.fb";

    public static NemoFilterbank FromLoaded(LoadedModel loaded)
    {
        NemoPreprocessorSettings settings = loaded.RequireParakeet().Preprocessor;
        CheckBuffers(settings, loaded.Weights);
        float[] window = loaded.Weights.TryGet(Window, out TensorView w) ? WeightSource.ToFloats(w) : [];
        MelFilterBank? filters = loaded.Weights.TryGet(Filterbank, out TensorView fb)
            ? new MelFilterBank(WeightSource.ToFloats(fb), settings.Features, (settings.EffectiveNFft / 2) + 1)
            : null;
        return new NemoFilterbank(settings, window, filters);
    }

    /// <summary>Checks the stored window and filterbank, when present, have the shapes the settings imply.</summary>
    public static void CheckBuffers(NemoPreprocessorSettings settings, WeightSet weights)
    {
        int bins = (settings.EffectiveNFft / 2) + 1;
        if (weights.TryGet(Window, out TensorView w) && (w.ElementCount != settings.WinLength || !WeightMatrix.IsSupported(w.Type)))
        {
            throw Mismatch(weights.File, Window, w, $"[{settings.WinLength}] (window_size × sample_rate)");
        }

        if (weights.TryGet(Filterbank, out TensorView fb)
            && (fb.Shape.Length < 2 || fb.Shape[^1] != bins || fb.Shape[^2] != settings.Features
                || fb.ElementCount != (long)settings.Features * bins || !WeightMatrix.IsSupported(fb.Type)))
        {
            throw Mismatch(weights.File, Filterbank, fb, $"[1, {settings.Features}, {bins}] (features, n_fft/2 + 1)");
        }
    }

    private static ModelFormatException Mismatch(string file, string name, TensorView view, string expected) =>
        new($"{file}: {name} is {view.Type.Name()} [{string.Join(", ", view.Shape)}], expected {expected}");
}
