using System.CommandLine;
using Warble.Audio;
using Warble.Formats;
using Warble.Models.Parakeet;
using Warble.Tensors;

namespace Warble.Cli.Commands;

/// <summary>`warble inspect MODEL [--tensors]`: format, architecture, hyper-parameters, tokenizer and tensor summary.</summary>
internal static class InspectCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("MODEL") { Description = "Model file or Hugging Face folder (GGUF, .pt, .nemo, ggml .bin)" };
        var tensors = new Option<bool>("--tensors") { Description = "List every tensor (name, dtype, shape)" };
        var command = new Command("inspect", "Describe a model file without running it") { model, tensors };
        command.SetAction(parseResult =>
        {
            using LoadedModel loaded = ModelLoader.Load(parseResult.GetValue(model)!);
            Describe(loaded, parseResult.GetValue(tensors), Console.Out);
            return 0;
        });
        return command;
    }

    /// <summary>The container's name; the two whisper.cpp layouts share a magic, so each says which it is.</summary>
    public static string FormatName(ModelFileFormat format) => format switch
    {
        ModelFileFormat.Ggml => "Ggml (whisper.cpp Whisper ggml)",
        ModelFileFormat.GgmlParakeet => "GgmlParakeet (whisper.cpp Parakeet ggml)",
        _ => format.ToString(),
    };

    public static void Describe(LoadedModel model, bool listTensors, TextWriter output)
    {
        output.WriteLine($"file:          {model.Source}");
        output.WriteLine($"format:        {FormatName(model.Format)}");
        if (model.Whisper is { } dims)
        {
            output.WriteLine("architecture:  Whisper");
            output.WriteLine($"dimensions:    {dims}");
            output.WriteLine($"alignment:     {(model.AlignmentHeads is { } heads ? string.Join(" ", heads.Select(h => $"{h.Layer}:{h.Head}")) : "default (last half of the decoder layers)")}");
            output.WriteLine($"mel filters:   {(model.MelFilters is { } mel ? $"{mel.NMel} × {mel.NFft}" : "none (computed)")}");
        }
        else if (model.Parakeet is { } config)
        {
            output.WriteLine($"architecture:  Parakeet ({config.DecoderKind})");
            ConformerEncoderConfig encoder = config.Encoder;
            NemoPreprocessorSettings preprocessor = config.Preprocessor;
            output.WriteLine($"encoder:       n_layers={encoder.NLayers} d_model={encoder.DModel} n_heads={encoder.NHeads} feat_in={encoder.FeatIn} subsampling_factor={encoder.SubsamplingFactor}");
            output.WriteLine($"preprocessor:  sample_rate={preprocessor.SampleRate} features={preprocessor.Features} n_fft={preprocessor.EffectiveNFft} window_size={preprocessor.WindowSize} window_stride={preprocessor.WindowStride}");
            output.WriteLine(config is { Decoder: { } decoder, Joint: { } joint }
                ? $"decoder:       vocab_size={decoder.VocabSize} pred_hidden={decoder.PredHidden} joint_hidden={joint.JointHidden} num_extra_outputs={joint.NumExtraOutputs}"
                : $"decoder:       CTC num_classes={config.VocabSize} (+ blank)");
        }

        output.WriteLine($"tokenizer:     {model.Tokenizer.Summary()}");
        var views = model.Weights.Names.Select(n => (Name: n, View: model.Weights[n])).ToList();
        output.WriteLine($"tensors:       {views.Count}");
        foreach (var group in views.GroupBy(v => v.View.Type).OrderBy(g => g.Key))
        {
            long bytes = group.Sum(v => v.View.Type.ByteCount(v.View.ElementCount));
            output.WriteLine($"  {group.Key.Name(),-6} {group.Count(),6} tensors {bytes,15:N0} bytes");
        }

        if (listTensors)
        {
            foreach (var (name, view) in views)
            {
                output.WriteLine($"  {name,-60} {view.Type.Name(),-5} [{string.Join(", ", view.Shape)}]");
            }
        }
    }
}
