namespace Warble.LoadTest;

/// <summary>One kind of request of the mix: a served model and an audio file, with its transcript when run alone.</summary>
internal sealed record Workload(string Model, string Name, byte[] Audio, double Seconds)
{
    /// <summary>The transcript the server returns for this request when nothing else runs.</summary>
    public string Solo { get; set; } = "";

    /// <summary>A 16 kHz mono 16-bit WAV holding <paramref name="path"/>'s audio <paramref name="times"/> times.</summary>
    public static async Task<Workload> FromFileAsync(string model, string path, int times)
    {
        var samples = new List<float>();
        await foreach (ReadOnlyMemory<float> block in AudioInput.FromFile(path).ReadAsync())
        {
            samples.AddRange(block.ToArray());
        }

        float[] audio = [.. Enumerable.Repeat(samples, times).SelectMany(s => s)];
        string name = $"{Path.GetFileNameWithoutExtension(path)}x{times}";
        return new Workload(model, name, Wav(audio), audio.Length / 16000.0);
    }

    private static byte[] Wav(float[] samples)
    {
        using var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream);
        writer.Write("RIFF"u8);
        writer.Write(36 + (samples.Length * 2));
        writer.Write("WAVEfmt "u8);
        writer.Write(16);
        writer.Write((short)1);
        writer.Write((short)1);
        writer.Write(16000);
        writer.Write(32000);
        writer.Write((short)2);
        writer.Write((short)16);
        writer.Write("data"u8);
        writer.Write(samples.Length * 2);
        foreach (float sample in samples)
        {
            writer.Write((short)Math.Round(Math.Clamp(sample, -1f, 1f) * 32767));
        }

        writer.Flush();
        return stream.ToArray();
    }
}
