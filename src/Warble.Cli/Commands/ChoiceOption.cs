using System.CommandLine;

namespace Warble.Cli.Commands;

/// <summary>Options whose value is one of a fixed set of words.</summary>
internal static class ChoiceOption
{
    /// <summary>An option <paramref name="name"/> that accepts only <paramref name="values"/>, <paramref name="defaultValue"/> when absent.</summary>
    public static Option<string> Create(string name, string defaultValue, string description, params string[] values)
    {
        var option = new Option<string>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        option.AcceptOnlyFromAmong(values);
        return option;
    }
}
