using Warble.Models.Common;

namespace Warble.Models.Whisper.Decoding;

/// <summary>
/// openai-whisper's <c>detect_language</c>: one forward pass of the sot token, every
/// non-language logit set to −∞, then argmax and softmax over what is left.
/// </summary>
internal static class LanguageDetection
{
    /// <summary>Runs the detection pass on <paramref name="session"/> (its KV cache is reset).</summary>
    /// <returns>the most probable language token and the probability of every language, in the
    /// tokenizer's language order.</returns>
    public static (int LanguageToken, Dictionary<string, double> Probabilities) Detect(
        IWhisperDecoderSession session, WhisperSpecialTokens special)
    {
        if (!special.IsMultilingual)
        {
            throw new ArgumentException("This model doesn't have language tokens so it can't perform lang id");
        }

        var logits = new float[session.NVocab];
        session.Reset(1);
        session.Forward([special.Sot], 1, 1, [0], logits);

        var languageLogits = new float[special.LanguageTokens.Count];
        for (int i = 0; i < languageLogits.Length; i++)
        {
            languageLogits[i] = logits[special.LanguageTokens[i]];
        }

        int best = Nn.Argmax(languageLogits);
        var probabilities = new Dictionary<string, double>(languageLogits.Length);
        for (int i = 0; i < languageLogits.Length; i++)
        {
            probabilities[special.LanguageCodes[i]] = LogitMath.SoftmaxAt(languageLogits, i);
        }

        return (special.LanguageTokens[best], probabilities);
    }

    /// <summary><c>max(probs, key=probs.get)</c>: the first code with the highest probability.</summary>
    public static string MostProbable(IReadOnlyDictionary<string, double> probabilities)
    {
        string best = "";
        double bestProbability = double.NegativeInfinity;
        foreach (var (code, probability) in probabilities)
        {
            if (probability > bestProbability)
            {
                best = code;
                bestProbability = probability;
            }
        }

        return best;
    }
}
