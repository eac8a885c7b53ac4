namespace Warble.Formats;

/// <summary>Whisper's hyper-parameters, named exactly as openai-whisper's <c>ModelDimensions</c>.</summary>
internal sealed record WhisperDimensions(
    int NMels,
    int NAudioCtx,
    int NAudioState,
    int NAudioHead,
    int NAudioLayer,
    int NVocab,
    int NTextCtx,
    int NTextState,
    int NTextHead,
    int NTextLayer)
{
    /// <summary>As openai-whisper <c>Whisper.is_multilingual</c>.</summary>
    public bool IsMultilingual => NVocab >= 51865;

    /// <summary>As openai-whisper <c>Whisper.num_languages</c>.</summary>
    public int NumLanguages => NVocab - 51765 - (IsMultilingual ? 1 : 0);

    /// <summary>Checks the values are positive and small enough that shapes derived from them cannot overflow.</summary>
    public void Validate(string file)
    {
        int[] all = [NMels, NAudioCtx, NAudioState, NAudioHead, NAudioLayer, NVocab, NTextCtx, NTextState, NTextHead, NTextLayer];
        foreach (int value in all)
        {
            if (value <= 0 || value > 1 << 20)
            {
                throw new ModelFormatException($"{file}: Whisper hyper-parameter out of range in {this}");
            }
        }

        if (NAudioState % NAudioHead != 0 || NTextState % NTextHead != 0)
        {
            throw new ModelFormatException($"{file}: state width is not a multiple of the head count in {this}");
        }
    }
}
