namespace Warble.Tests.Parakeet;

/// <summary>A fact skipped when the scratch weight dump (<see cref="ScratchParakeetWeights"/>) is missing.</summary>
internal sealed class ScratchFactAttribute : FactAttribute
{
    public ScratchFactAttribute()
    {
        if (!ScratchParakeetWeights.Available)
        {
            Skip = $"{ScratchParakeetWeights.Folder} is missing (dev dump of the .nemo weights)";
        }
    }
}
