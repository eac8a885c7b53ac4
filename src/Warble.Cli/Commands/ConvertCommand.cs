using System.CommandLine;
using Warble.Formats;
using Warble.Tensors;

namespace Warble.Cli.Commands;

/// <summary>`warble convert MODEL -o OUT.gguf [--type f32|f16|q8_0]`: any supported model to GGUF.</summary>
internal static class ConvertCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("MODEL") { Description = "Model file or Hugging Face folder to convert" };
        var output = new Option<string>("--output", "-o") { Description = "The GGUF file to write", Required = true };
        var type = ChoiceOption.Create("--type", "f16", "Stored type of the large 2-D matrices (norms, biases and embeddings of positions stay f32)", "f32", "f16", "q8_0");
        var command = new Command("convert", "Convert a model (.pt, .nemo, ggml .bin, Hugging Face folder, GGUF) to GGUF") { model, output, type };
        command.SetAction(parseResult =>
        {
            DTypeInfo.TryParse(parseResult.GetValue(type)!, out DType matrixType);
            string destination = parseResult.GetValue(output)!;
            using LoadedModel loaded = ModelLoader.Load(parseResult.GetValue(model)!);
            string temporary = destination + ".partial";
            using (var stream = File.Create(temporary))
            {
                GgufModelWriter.Write(loaded, matrixType, stream);
            }

            File.Move(temporary, destination, overwrite: true);
            Console.WriteLine($"wrote {destination} ({new FileInfo(destination).Length:N0} bytes, {loaded.Weights.Count} tensors, matrices {matrixType.Name()})");
            return 0;
        });
        return command;
    }
}
