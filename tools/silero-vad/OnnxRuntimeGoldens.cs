using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using Warble.Audio;

namespace Warble.SileroVadTool;

/// <summary>
/// Speech probabilities from ONNX Runtime on the original .onnx, frame by frame as silero-vad's <c>OnnxWrapper</c>
/// (<c>audio_forward</c>): 512 new samples behind the previous input's last 64, state carried, the last frame
/// zero-padded. Writes AUDIO's name + ".probs.txt", one probability per line.
/// </summary>
internal static class OnnxRuntimeGoldens
{
    public static int Run(string onnxPath, string outDir, string[] audioPaths)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        using var session = new InferenceSession(onnxPath, options);
        Directory.CreateDirectory(outDir);
        foreach (string path in audioPaths)
        {
            float[] probabilities = Probabilities(session, AudioLoader.Load(path));
            string target = Path.Combine(outDir, Path.GetFileNameWithoutExtension(path) + ".probs.txt");
            File.WriteAllLines(target, probabilities.Select(p => p.ToString("R", CultureInfo.InvariantCulture)));
            Console.WriteLine($"{target}: {probabilities.Length} frames");
        }

        return 0;
    }

    private static float[] Probabilities(InferenceSession session, float[] samples)
    {
        const int window = 512, context = 64;
        int frames = (samples.Length + window - 1) / window;
        var result = new float[frames];
        var input = new float[context + window];
        var state = new float[2 * 128];
        using var rate = OrtValue.CreateTensorValueFromMemory(new long[] { 16000 }, []);
        for (int f = 0; f < frames; f++)
        {
            input.AsSpan(window).CopyTo(input); // the previous input's last 64 samples
            input.AsSpan(context).Clear();
            ReadOnlySpan<float> chunk = samples.AsSpan(f * window, Math.Min(window, samples.Length - (f * window)));
            chunk.CopyTo(input.AsSpan(context));
            using var x = OrtValue.CreateTensorValueFromMemory(input, [1, context + window]);
            using var h = OrtValue.CreateTensorValueFromMemory(state, [2, 1, 128]);
            var feeds = new Dictionary<string, OrtValue> { ["input"] = x, ["state"] = h, ["sr"] = rate };
            using var runOptions = new RunOptions();
            using IDisposableReadOnlyCollection<OrtValue> outputs = session.Run(runOptions, feeds, ["output", "stateN"]);
            result[f] = outputs[0].GetTensorDataAsSpan<float>()[0];
            outputs[1].GetTensorDataAsSpan<float>().CopyTo(state);
        }

        return result;
    }
}
