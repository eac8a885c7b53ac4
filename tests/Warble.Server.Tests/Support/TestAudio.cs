namespace Warble.Server.Tests.Support;

/// <summary>Audio made for the tests: the shipped sample repeated, written as a 16-bit mono 16 kHz WAV.</summary>
internal static class TestAudio
{
    /// <summary>The KJV sample <paramref name="times"/> times in a row, as WAV bytes (about 6.5 s each).</summary>
    public static async Task<byte[]> RepeatedSampleAsync(int times)
    {
        var samples = new List<float>();
        await foreach (ReadOnlyMemory<float> block in AudioInput.FromFile(ServerFixture.KjvSample).ReadAsync())
        {
            samples.AddRange(block.ToArray());
        }

        return Wav([.. Enumerable.Repeat(samples, times).SelectMany(s => s)]);
    }

    /// <summary>16 kHz mono samples as a 16-bit PCM WAV file.</summary>
    public static byte[] Wav(float[] samples)
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

    /// <summary>A multipart upload of <paramref name="audio"/> with the given form fields.</summary>
    public static MultipartFormDataContent Form(byte[] audio, params (string Name, string Value)[] fields)
    {
        var form = new MultipartFormDataContent { { new ByteArrayContent(audio), "file", "audio.wav" } };
        if (!fields.Any(f => f.Name == "model"))
        {
            // OpenAI's API requires the model; the fixtures all serve the demo model.
            form.Add(new StringContent("demo"), "model");
        }

        foreach ((string name, string value) in fields)
        {
            form.Add(new StringContent(value), name);
        }

        return form;
    }
}
