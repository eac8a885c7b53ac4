using System.CommandLine;
using System.Globalization;
using Spectre.Console;

namespace Warble.Cli.Commands;

/// <summary>
/// `warble models list` and `warble models pull NAME...`: the library's <see cref="ModelCatalog"/> and
/// <see cref="ModelStore"/>; a pulled model is then `-m NAME` everywhere a model is taken.
/// </summary>
internal static class ModelsCommand
{
    public static Command Create()
    {
        var models = new Command("models", "List the models known by name and pull them into the model cache");
        models.Subcommands.Add(List());
        models.Subcommands.Add(Pull());
        return models;
    }

    private static Command List()
    {
        var list = new Command("list", "The models 'pull' knows: name, family, languages, size, whether pulled, source");
        list.SetAction(_ =>
        {
            var store = new ModelStore();
            Console.WriteLine($"{"NAME",-22} {"FAMILY",-9} {"LANGUAGES",-13} {"SIZE",9}  {"PULLED",-6}  SOURCE");
            foreach (ModelInfo model in ModelCatalog.All)
            {
                Console.WriteLine($"{model.Name,-22} {model.Family,-9} {model.Languages,-13} {Size(model.ApproximateBytes),9}  {(store.IsPulled(model) ? "yes" : "no"),-6}  {model.Source(store.Endpoint)}");
            }

            Console.WriteLine($"models folder: {store.Directory} (WARBLE_MODELS overrides); each pull checks the SHA-256 Hugging Face publishes for the file");
            return 0;
        });
        return list;
    }

    private static Command Pull()
    {
        var names = new Argument<string[]>("name") { Description = "Model names, as 'warble models list' shows them", Arity = ArgumentArity.OneOrMore };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No progress bar on standard error" };
        var pull = new Command("pull", "Download models by name (resumes an interrupted download; checks SHA-256)") { names, quiet };
        pull.SetAction(async (parse, cancellation) =>
        {
            var store = new ModelStore();
            foreach (string name in parse.GetValue(names)!)
            {
                // An unknown name is a usage error (exit 2), with the closest names.
                _ = ModelCatalog.Find(name) ?? throw new UsageException(ModelStore.UnknownModel(name).Message);
                bool bar = ProgressDisplay.IsEnabled(parse.GetValue(quiet));
                string path = await ProgressDisplay.RunAsync(bar, (_, context) =>
                    store.PullAsync(name, context is null ? null : new DownloadBar(context.AddTask(name)), cancellation)).ConfigureAwait(false);
                Console.WriteLine(path);
            }

            return 0;
        });
        return pull;
    }

    private static string Size(long bytes) => bytes >= 1L << 30
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):F1} GiB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes >> 20} MiB");

    /// <summary>Bytes done out of the server's length on the bar.</summary>
    private sealed class DownloadBar(ProgressTask task) : IProgress<ModelDownloadProgress>
    {
        public void Report(ModelDownloadProgress value)
        {
            if (value.TotalBytes is { } total)
            {
                task.MaxValue = total;
            }

            task.Value = value.Bytes;
        }
    }
}
