using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Warble.Models.Parakeet;

/// <summary>
/// One mapping of a NeMo model_config.yaml, read with the scalar types OmegaConf's loader resolves (YAML 1.1 as
/// PyYAML, plus exponent floats such as 1e-5): a typed read rejects a value of another type or outside its range with a
/// one-line <see cref="ModelFormatException"/> naming the file and the key, and never truncates (512.5 is not an
/// integer, "16000" in quotes is a string). null, ~ and an empty value read as absent, as OmegaConf's None.
/// </summary>
internal sealed class YamlSection
{
    private const int MaxYamlChars = 16 << 20;
    private const int MaxNesting = 64;

    private static readonly string[] TrueSpellings = ["true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON"];
    private static readonly string[] FalseSpellings = ["false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF"];
    private static readonly string[] NullSpellings = ["", "~", "null", "Null", "NULL"];

    private readonly YamlMappingNode? mapping;
    private readonly string prefix;

    private YamlSection(YamlMappingNode? mapping, string prefix, string file)
    {
        this.mapping = mapping;
        this.prefix = prefix;
        File = file;
    }

    /// <summary>The file named in errors.</summary>
    public string File { get; }

    /// <summary>Parses model_config.yaml text into its root mapping; <paramref name="file"/> names it in errors.</summary>
    public static YamlSection Parse(string text, string file)
    {
        CheckNesting(text, file);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (Exception e) when (e is YamlException or InvalidOperationException or ArgumentException)
        {
            // YamlDotNet's scanner and node loader throw InvalidOperationException and ArgumentException on some malformed
            // input (found by fuzzing); the latter's "(Parameter 'parser')" names YamlDotNet's code, not the file's.
            string reason = e is ArgumentException { ParamName: { } name } ? e.Message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal) : e.Message;
            throw new ModelFormatException(Formats.ErrorText.OneLine($"{file}: model_config.yaml is not valid YAML: {reason}"));
        }

        return stream.Documents.Count == 1 && stream.Documents[0].RootNode is YamlMappingNode root
            ? new YamlSection(root, "", file)
            : throw new ModelFormatException($"{file}: model_config.yaml is not a single mapping");
    }

    /// <summary>Whether the key is present, even with a null value.</summary>
    public bool Contains(string key) => mapping is not null && mapping.Children.ContainsKey(new YamlScalarNode(key));

    /// <summary>Whether the key is present with a non-null value.</summary>
    public bool Has(string key) => Node(key) is not null;

    /// <summary>The nested mapping at <paramref name="key"/>; an absent key gives an empty section.</summary>
    public YamlSection Section(string key) => Node(key) switch
    {
        null => new YamlSection(null, $"{prefix}{key}.", File),
        YamlMappingNode child => new YamlSection(child, $"{prefix}{key}.", File),
        _ => throw Error(key, "is not a mapping"),
    };

    /// <summary>A plain or quoted scalar as text, or null when absent.</summary>
    public string? String(string key) => Scalar(key, out _);

    public string String(string key, string fallback, params string[] allowed)
    {
        string value = String(key) ?? fallback;
        return allowed.Length == 0 || allowed.Contains(value)
            ? value
            : throw Error(key, $"is '{value}', not one of {string.Join(", ", allowed)}");
    }

    /// <summary>An integer in [<paramref name="min"/>, <paramref name="max"/>], or null when absent.</summary>
    public int? Int(string key, int min, int max) => IntOf(Node(key), key, min, max);

    public int Int(string key, int fallback, int min, int max) => Int(key, min, max) ?? fallback;

    /// <summary>A finite number (integer or float) in [<paramref name="min"/>, <paramref name="max"/>], or null when absent.</summary>
    public double? Double(string key, double min, double max)
    {
        if (Scalar(key, out bool quoted) is not { } text)
        {
            return null;
        }

        if (quoted || !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
        {
            throw Error(key, $"is '{text}', not a number");
        }

        return value >= min && value <= max ? value : throw Error(key, $"is {text}, outside [{min}, {max}]");
    }

    public double Double(string key, double fallback, double min, double max) => Double(key, min, max) ?? fallback;

    /// <summary>A boolean in any YAML 1.1 spelling (true/yes/on, false/no/off), or null when absent.</summary>
    public bool? Bool(string key)
    {
        if (Scalar(key, out bool quoted) is not { } text)
        {
            return null;
        }

        return !quoted && TrueSpellings.Contains(text) ? true
            : !quoted && FalseSpellings.Contains(text) ? false
            : throw Error(key, $"is '{text}', not a boolean");
    }

    public bool Bool(string key, bool fallback) => Bool(key) ?? fallback;

    /// <summary>A list of at most <paramref name="maxCount"/> integers in [<paramref name="min"/>, <paramref name="max"/>], or null when absent.</summary>
    public int[]? Ints(string key, int min, int max, int maxCount)
    {
        if (Node(key) is not { } node)
        {
            return null;
        }

        if (node is not YamlSequenceNode sequence || sequence.Children.Count > maxCount)
        {
            throw Error(key, $"is not a list of at most {maxCount} integers");
        }

        return [.. sequence.Children.Select((item, i) => IntOf(item, $"{key}[{i}]", min, max) ?? throw Error(key, $"holds a null at {i}"))];
    }

    /// <summary>As <see cref="Ints"/>, but a list of lists stands for its first list (NeMo's multi-context att_context_size).</summary>
    public int[]? FirstInts(string key, int min, int max, int maxCount)
    {
        if (Node(key) is YamlSequenceNode { Children: [YamlSequenceNode first, ..] })
        {
            if (first.Children.Count > maxCount)
            {
                throw Error(key, $"is not a list of at most {maxCount} integers");
            }

            return [.. first.Children.Select((item, i) => IntOf(item, $"{key}[0][{i}]", min, max) ?? throw Error(key, $"holds a null at [0][{i}]"))];
        }

        return Ints(key, min, max, maxCount);
    }

    /// <summary>The one-line error for a key of this section.</summary>
    public ModelFormatException Error(string key, string problem) =>
        new(Formats.ErrorText.OneLine($"{File}: model_config.yaml {prefix}{key} {problem}"));

    // PyYAML's int resolver in decimal; NeMo configs write no octal, hex or sexagesimal integers.
    private static bool IsInteger(string text)
    {
        ReadOnlySpan<char> digits = text.AsSpan(text.Length > 0 && text[0] is '-' or '+' ? 1 : 0);
        return !digits.IsEmpty && !digits.ContainsAnyExceptInRange('0', '9');
    }

    // YamlDotNet parses nested collections recursively; bound the nesting before handing it the text.
    private static void CheckNesting(string text, string file)
    {
        if (text.Length > MaxYamlChars)
        {
            throw new ModelFormatException($"{file}: model_config.yaml is {text.Length} characters (limit {MaxYamlChars})");
        }

        int flow = 0;
        int indentDepth = 0;
        bool lineStart = true;
        foreach (char c in text)
        {
            if (c == '\n')
            {
                lineStart = true;
                indentDepth = 0;
                continue;
            }

            if (lineStart && (c == ' ' || c == '-' || c == '\t'))
            {
                indentDepth++;
            }
            else
            {
                lineStart = false;
            }

            flow += c is '[' or '{' ? 1 : c is ']' or '}' ? -1 : 0;
            if (flow > MaxNesting || indentDepth > 4 * MaxNesting)
            {
                throw new ModelFormatException($"{file}: model_config.yaml nests deeper than {MaxNesting} levels");
            }
        }
    }

    private YamlNode? Node(string key)
    {
        if (mapping is null || !mapping.Children.TryGetValue(new YamlScalarNode(key), out YamlNode? node))
        {
            return null;
        }

        return node is YamlScalarNode { Style: ScalarStyle.Plain, Value: var text } && NullSpellings.Contains(text ?? "") ? null : node;
    }

    private string? Scalar(string key, out bool quoted) => ScalarOf(Node(key), key, out quoted);

    private string? ScalarOf(YamlNode? node, string key, out bool quoted)
    {
        quoted = false;
        switch (node)
        {
            case null:
                return null;
            case YamlScalarNode scalar:
                quoted = scalar.Style is not ScalarStyle.Plain;
                return quoted || !NullSpellings.Contains(scalar.Value ?? "") ? scalar.Value ?? "" : null;
            default:
                throw Error(key, "is a list or mapping, not a single value");
        }
    }

    private int? IntOf(YamlNode? node, string key, int min, int max)
    {
        if (ScalarOf(node, key, out bool quoted) is not { } text)
        {
            return null;
        }

        if (quoted || !IsInteger(text))
        {
            throw Error(key, $"is '{text}', not an integer");
        }

        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value) && value >= min && value <= max
            ? (int)value
            : throw Error(key, $"is {text}, outside [{min}, {max}]");
    }
}
