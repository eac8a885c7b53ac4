using Warble.Models.Parakeet;
using Warble.Models.Whisper;

namespace Warble.Formats;

/// <summary>
/// What every loader produces, whatever the file format: the architecture, its hyper-parameters,
/// the raw tokenizer data, optional mel filters and alignment heads, and the weights by checkpoint
/// key (openai names for Whisper, NeMo state-dict names for Parakeet). Weights point into the
/// memory-mapped file: they are valid until the model is disposed.
/// </summary>
internal sealed class LoadedModel : IDisposable
{
    private readonly IReadOnlyList<IDisposable> owners;

    public LoadedModel(IReadOnlyList<IDisposable> owners)
    {
        this.owners = owners;
    }

    public required string Source { get; init; }

    public required ModelFileFormat Format { get; init; }

    public required ModelArchitecture Architecture { get; init; }

    /// <summary>Set for <see cref="ModelArchitecture.Whisper"/>.</summary>
    public WhisperDimensions? Whisper { get; init; }

    /// <summary>Set for <see cref="ModelArchitecture.Parakeet"/>.</summary>
    public ParakeetConfig? Parakeet { get; init; }

    public required TokenizerSource Tokenizer { get; init; }

    /// <summary>The mel filterbank stored in the file (whisper.cpp files and GGUF made from them), else null.</summary>
    public MelFilters? MelFilters { get; init; }

    /// <summary>Alignment heads the file names (HF generation_config, GGUF), else null: openai-whisper's default then applies.</summary>
    public IReadOnlyList<AlignmentHead>? AlignmentHeads { get; init; }

    public required WeightSet Weights { get; init; }

    /// <summary>The Whisper dimensions, or a one-line error if this is another architecture.</summary>
    public WhisperDimensions RequireWhisper() => Whisper ?? throw new ModelFormatException($"{Source}: not a Whisper model ({Architecture})");

    /// <summary>The Parakeet config, or a one-line error if this is another architecture.</summary>
    public ParakeetConfig RequireParakeet() => Parakeet ?? throw new ModelFormatException($"{Source}: not a Parakeet model ({Architecture})");

    public void Dispose()
    {
        foreach (IDisposable owner in owners)
        {
            owner.Dispose();
        }
    }
}
