namespace Warble;

/// <summary>The output of one pipeline stage (features, encoder output): row-major float32 values and their shape.</summary>
/// <param name="Values">The values, row-major.</param>
/// <param name="Shape">The dimensions, outermost first; their product is the number of values.</param>
public sealed record StageOutput(float[] Values, IReadOnlyList<int> Shape);
