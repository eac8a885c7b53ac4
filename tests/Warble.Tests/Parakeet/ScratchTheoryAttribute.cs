namespace Warble.Tests.Parakeet;

/// <summary>A theory skipped when the scratch weight dump (<see cref="ScratchParakeetWeights"/>) is missing.</summary>
internal sealed class ScratchTheoryAttribute : TheoryAttribute
{
    public ScratchTheoryAttribute()
    {
        if (!ScratchParakeetWeights.Available)
        {
            Skip = $"{ScratchParakeetWeights.Folder} is missing (dev dump of the .nemo weights)";
        }
    }
}
