namespace Warble.Formats;

/// <summary>A mel filterbank stored in the model file: <see cref="NMel"/> rows of <see cref="NFft"/> weights, row-major.</summary>
internal sealed record MelFilters(int NMel, int NFft, float[] Values);
