namespace Warble.Formats;

/// <summary>A class or function named by a pickle GLOBAL; the unpickler only ever compares it to an allow-list.</summary>
internal sealed record PickleGlobal(string Module, string Name)
{
    public override string ToString() => $"{Module}.{Name}";
}
