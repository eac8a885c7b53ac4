namespace Warble.Formats;

/// <summary>
/// A pickled dict or OrderedDict, kept as pairs in insertion order. Keys are not hashed: hostile
/// keys (lists, self-referencing tuples) then cost nothing, and lookups are by string key only.
/// </summary>
internal sealed class PickleDict
{
    public List<KeyValuePair<object?, object?>> Items { get; } = [];

    /// <summary>The value of the last pair whose key is the string <paramref name="key"/>.</summary>
    public bool TryGet(string key, out object? value)
    {
        for (int i = Items.Count - 1; i >= 0; i--)
        {
            if (Items[i].Key is string s && s == key)
            {
                value = Items[i].Value;
                return true;
            }
        }

        value = null;
        return false;
    }
}
