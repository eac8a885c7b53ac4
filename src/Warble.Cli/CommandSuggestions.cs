using System.CommandLine;
using Warble.Hub;

namespace Warble.Cli;

/// <summary>"Did you mean 'transcribe'?" for a misspelled command or option, from the names the command being parsed knows.</summary>
internal static class CommandSuggestions
{
    public static IEnumerable<string> For(ParseResult parsed)
    {
        Command command = parsed.CommandResult.Command;
        foreach (string token in parsed.UnmatchedTokens)
        {
            IEnumerable<string> names = token.StartsWith('-')
                ? command.Options.Concat(parsed.RootCommandResult.Command.Options).SelectMany(o => o.Aliases.Prepend(o.Name))
                : command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name);
            IReadOnlyList<string> close = NameSuggestions.Closest(token, names.Distinct());
            if (close.Count > 0)
            {
                yield return $"'{token}' is not a {command.Name} {(token.StartsWith('-') ? "option" : "command")}. Did you mean {string.Join(" or ", close.Select(c => $"'{c}'"))}?";
            }
        }
    }
}
