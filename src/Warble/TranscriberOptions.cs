namespace Warble;

/// <summary>Settings fixed when a model is loaded.</summary>
public sealed record TranscriberOptions
{
    /// <summary>Worker threads for the compute kernels; null uses every core.</summary>
    public int? Threads { get; init; }
}
