using Warble.Tensors;

namespace Warble.Formats;

/// <summary>Named tensors in file order, looked up by their checkpoint key.</summary>
internal sealed class WeightSet
{
    private readonly Dictionary<string, TensorView> byName = new(StringComparer.Ordinal);
    private readonly List<string> names = [];

    public WeightSet(string file)
    {
        File = file;
    }

    /// <summary>The file the weights came from, for error messages.</summary>
    public string File { get; }

    public int Count => names.Count;

    /// <summary>Names in the order the file stores them.</summary>
    public IReadOnlyList<string> Names => names;

    public TensorView this[string name] => byName.TryGetValue(name, out TensorView view)
        ? view
        : throw new ModelFormatException(ErrorText.OneLine($"{File}: tensor '{name}' is missing"));

    public void Add(string name, TensorView view)
    {
        if (!byName.TryAdd(name, view))
        {
            throw new ModelFormatException(ErrorText.OneLine($"{File}: tensor '{name}' appears twice"));
        }

        names.Add(name);
    }

    /// <summary>Replaces a tensor already present (e.g. a reshaped view of it).</summary>
    public void Replace(string name, TensorView view)
    {
        if (!byName.ContainsKey(name))
        {
            throw new ModelFormatException(ErrorText.OneLine($"{File}: tensor '{name}' is missing"));
        }

        byName[name] = view;
    }

    public bool TryGet(string name, out TensorView view) => byName.TryGetValue(name, out view);

    public bool Contains(string name) => byName.ContainsKey(name);
}
