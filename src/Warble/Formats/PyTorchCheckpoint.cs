using Warble.Tensors;

namespace Warble.Formats;

/// <summary>
/// A torch.save zip checkpoint: <c>PREFIX/data.pkl</c> (the pickle, evaluated by <see cref="Unpickler"/>)
/// and <c>PREFIX/data/KEY</c> (raw little-endian storages, mapped in place). The prefix is the file
/// name torch.save was given, so it is found, not assumed.
/// </summary>
internal static class PyTorchCheckpoint
{
    /// <summary>Evaluates the checkpoint's pickle; tensors come back as views over the mapping.</summary>
    public static object? Load(ByteRegion zip)
    {
        if (!ZipDirectory.IsZip(zip.Span(0, (int)Math.Min(4, zip.Length))))
        {
            throw zip.Fail(0, "not a PyTorch zip checkpoint (legacy non-zip torch.save files are not supported)");
        }

        Dictionary<string, ByteRegion> members = ZipDirectory.Read(zip);
        var pickles = members.Keys.Where(k => k == "data.pkl" || k.EndsWith("/data.pkl", StringComparison.Ordinal)).ToList();
        if (pickles.Count != 1)
        {
            throw zip.Fail(0, $"expected one data.pkl in the checkpoint, found {pickles.Count}");
        }

        string prefix = pickles[0][..^"data.pkl".Length];
        return Unpickler.Load(members[pickles[0]], key =>
            members.TryGetValue($"{prefix}data/{key}", out ByteRegion? storage)
                ? storage
                : throw zip.Fail(0, $"checkpoint has no storage '{prefix}data/{key}'"));
    }

    /// <summary>Adds the tensors of a state dict (name → tensor) to <paramref name="weights"/>.</summary>
    public static void AddStateDict(object? stateDict, WeightSet weights, string what)
    {
        if (stateDict is not PickleDict dict)
        {
            throw new ModelFormatException(ErrorText.OneLine($"{weights.File}: {what} is not a dict of tensors"));
        }

        foreach (var (key, value) in dict.Items)
        {
            if (key is not string name || value is not TensorView tensor)
            {
                throw new ModelFormatException(ErrorText.OneLine($"{weights.File}: {what} holds an entry that is not name → tensor"));
            }

            weights.Add(name, tensor);
        }
    }
}
