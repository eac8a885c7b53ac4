using Warble.Formats;

namespace Warble.Models.Whisper;

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
    /// <summary>Bins of a Whisper mel filterbank row: N_FFT / 2 + 1 with openai-whisper's N_FFT = 400.</summary>
    public const int MelFilterBins = 201;

    private const int MaxContext = 1 << 16;
    private const int MaxState = 1 << 13;
    private const int MaxHeads = 256;
    private const int MaxLayers = 256;
    private const int MaxVocab = 1 << 20;

    /// <summary>As openai-whisper <c>Whisper.is_multilingual</c>.</summary>
    public bool IsMultilingual => NVocab >= 51865;

    /// <summary>As openai-whisper <c>Whisper.num_languages</c>.</summary>
    public int NumLanguages => NVocab - 51765 - (IsMultilingual ? 1 : 0);

    /// <summary>
    /// Checks every value is inside the range the released checkpoints span with room to spare (n_mels ≤ 512, contexts
    /// ≤ 65536, widths ≤ 8192, ≤ 256 heads and layers), that each width divides into its heads, and that the text and
    /// audio widths agree (openai's cross-attention projects audio features with text-width weights). Within these
    /// bounds no shape derived from the dimensions overflows an int.
    /// </summary>
    public void Validate(string file)
    {
        Check(file, "n_mels", NMels, 512);
        Check(file, "n_audio_ctx", NAudioCtx, MaxContext);
        Check(file, "n_audio_state", NAudioState, MaxState);
        Check(file, "n_audio_head", NAudioHead, MaxHeads);
        Check(file, "n_audio_layer", NAudioLayer, MaxLayers);
        Check(file, "n_vocab", NVocab, MaxVocab);
        Check(file, "n_text_ctx", NTextCtx, MaxContext);
        Check(file, "n_text_state", NTextState, MaxState);
        Check(file, "n_text_head", NTextHead, MaxHeads);
        Check(file, "n_text_layer", NTextLayer, MaxLayers);
        if (NAudioState % NAudioHead != 0 || NTextState % NTextHead != 0)
        {
            throw new ModelFormatException($"{file}: Whisper state width is not a multiple of the head count in {this}");
        }

        if (NAudioState != NTextState)
        {
            throw new ModelFormatException($"{file}: Whisper n_audio_state {NAudioState} differs from n_text_state {NTextState}");
        }
    }

    /// <summary>Checks a stored mel filterbank is [n_mels, 201], as <c>WhisperLogMel</c> applies it.</summary>
    public void ValidateMelFilters(MelFilters? filters, string file)
    {
        if (filters is not null && (filters.NMel != NMels || filters.NFft != MelFilterBins || filters.Values.Length != NMels * MelFilterBins))
        {
            throw new ModelFormatException(
                $"{file}: the stored mel filterbank is {filters.NMel} × {filters.NFft}, expected n_mels × (n_fft/2 + 1) = {NMels} × {MelFilterBins}");
        }
    }

    /// <summary>Checks each alignment head names a decoder layer and head of this model.</summary>
    public void ValidateAlignmentHeads(IReadOnlyList<AlignmentHead>? heads, string file)
    {
        foreach (AlignmentHead head in heads ?? [])
        {
            if ((uint)head.Layer >= (uint)NTextLayer || (uint)head.Head >= (uint)NTextHead)
            {
                throw new ModelFormatException($"{file}: alignment head ({head.Layer}, {head.Head}) is outside the decoder's {NTextLayer} layers × {NTextHead} heads");
            }
        }
    }

    private void Check(string file, string name, int value, int max)
    {
        if (value < 1 || value > max)
        {
            throw new ModelFormatException($"{file}: Whisper {name} = {value} is outside [1, {max}]");
        }
    }
}
