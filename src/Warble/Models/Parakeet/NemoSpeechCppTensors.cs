using System.Text.RegularExpressions;
using Warble.Formats;
using Warble.Tensors;

namespace Warble.Models.Parakeet;

/// <summary>
/// Puts the tensors of a NeMo-Speech.cpp GGUF under NeMo's state-dict keys and shapes, undoing its converter's
/// <c>remap_for_rnnt</c> and <c>reshape_for_emission</c>: LSTM tensors renamed to <c>lstm.{ih|hh}_l{n}.{weight|bias}</c>,
/// pointwise conv weights squeezed to [out, in], the Slaney filterbank stored as <c>preprocessor.fb</c> [features, bins],
/// and the positional table <c>encoder.pos_enc.pe</c> added (Warble computes positions itself).
/// </summary>
internal static partial class NemoSpeechCppTensors
{
    public static void Add(WeightSet weights, string name, TensorView view)
    {
        if (name == "encoder.pos_enc.pe")
        {
            return;
        }

        if (name == "preprocessor.fb")
        {
            weights.Add("preprocessor.featurizer.fb", view.Rank == 2 ? new TensorView(view.Type, view.Data, 1, view.Shape[0], view.Shape[1]) : view);
            return;
        }

        Match lstm = LstmName().Match(name);
        weights.Add(lstm.Success ? $"{lstm.Groups[1].Value}.{lstm.Groups[4].Value}_{lstm.Groups[2].Value}_l{lstm.Groups[3].Value}" : name,
            ParakeetGgmlTensors.NemoShape(name, view));
    }

    [GeneratedRegex(@"^(.*\.lstm)\.(ih|hh)_l(\d+)\.(weight|bias)$", RegexOptions.CultureInvariant)]
    private static partial Regex LstmName();
}
