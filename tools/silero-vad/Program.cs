using Warble.SileroVadTool;

// Developer tool for Silero VAD (README.md beside this file):
//   convert MODEL.onnx OUT.gguf          lift the 16 kHz weights into Warble's GGUF
//   goldens MODEL.onnx OUTDIR AUDIO...   ONNX Runtime's per-frame probabilities, one text file per audio file
//   probs AUDIO OUT.txt                  Warble's own probabilities, in the goldens' format
//   time AUDIO [ROUNDS]                  Warble's VAD time per hour of audio
return args switch
{
    ["convert", string onnx, string gguf] => OnnxToGguf.Run(onnx, gguf),
    ["goldens", string onnx, string outDir, .. string[] audio] when audio.Length > 0 => OnnxRuntimeGoldens.Run(onnx, outDir, audio),
    ["probs", string audio, string output] => WarbleProbabilities(audio, output),
    ["time", string audio] => VadTiming.Run(audio, 5),
    ["time", string audio, string rounds] => VadTiming.Run(audio, int.Parse(rounds, System.Globalization.CultureInfo.InvariantCulture)),
    _ => Usage(),
};

static int WarbleProbabilities(string audio, string output)
{
    float[] probabilities = Warble.Vad.SpeechDetector.Default.Probabilities(Warble.Audio.AudioLoader.Load(audio));
    File.WriteAllLines(output, probabilities.Select(p => p.ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
    return 0;
}

static int Usage()
{
    Console.Error.WriteLine("usage: convert MODEL.onnx OUT.gguf | goldens MODEL.onnx OUTDIR AUDIO... | probs AUDIO OUT.txt | time AUDIO [ROUNDS]");
    return 2;
}
