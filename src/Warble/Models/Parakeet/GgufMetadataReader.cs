using System.Globalization;

namespace Warble.Models.Parakeet;

/// <summary>
/// Typed reads of GGUF metadata that other engines use to carry a Parakeet config: each missing, mistyped or out-of-range
/// key is a one-line <see cref="ModelFormatException"/> naming the file and the key; floats are read as the decimal
/// float32 prints (0.01f is 0.01, not 0.009999999776), as the converters wrote them.
/// </summary>
internal sealed class GgufMetadataReader(IReadOnlyDictionary<string, object> metadata, string file)
{
    public bool Has(string key) => metadata.ContainsKey(key);

    public int Int(string key) => metadata.GetValueOrDefault(key) switch
    {
        uint u when u is > 0 and <= int.MaxValue => (int)u,
        int i when i > 0 => i,
        _ => throw Error(key, "is missing or not a positive 32-bit integer"),
    };

    /// <summary>A float32 as the decimal it prints as: what a converter meant by 0.01f or 0.97f.</summary>
    public double Float(string key) => double.Parse(FloatValue(key).ToString("R", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    /// <summary>A float32's exact value (a power of two such as 2⁻²⁴ is exact in float32 and not in its decimal).</summary>
    public double ExactFloat(string key) => FloatValue(key);

    private float FloatValue(string key) =>
        metadata.GetValueOrDefault(key) is float f && float.IsFinite(f) ? f : throw Error(key, "is missing or not a finite float32");

    public bool Bool(string key) => metadata.GetValueOrDefault(key) is bool b ? b : throw Error(key, "is missing or not a bool");

    public string String(string key, params string[] allowed) => metadata.GetValueOrDefault(key) is string s && allowed.Contains(s, StringComparer.Ordinal)
        ? s
        : throw Error(key, $"is missing or not one of {string.Join(", ", allowed)}");

    public int[] Ints(string key) => metadata.GetValueOrDefault(key) switch
    {
        int[] values => values,
        uint[] values when values.All(v => v <= int.MaxValue) => [.. values.Select(v => (int)v)],
        long[] values when values.All(v => v is >= int.MinValue and <= int.MaxValue) => [.. values.Select(v => (int)v)],
        _ => throw Error(key, "is missing or not an integer array"),
    };

    public ModelFormatException Error(string key, string what) => new($"{file}: GGUF key '{key}' {what}");
}
