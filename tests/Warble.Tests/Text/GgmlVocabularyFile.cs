namespace Warble.Tests.Text;

/// <summary>Reads just the header and vocabulary of a whisper.cpp ggml file (layout in the whisper fixture README).</summary>
internal static class GgmlVocabularyFile
{
    public static (int[] HParams, List<byte[]> Tokens) Read(string path)
    {
        using var reader = new BinaryReader(File.OpenRead(path));
        Assert.Equal(0x67676d6c, reader.ReadInt32());
        var hparams = new int[11];
        for (var i = 0; i < hparams.Length; i++)
        {
            hparams[i] = reader.ReadInt32();
        }

        var nMel = reader.ReadInt32();
        var nFft = reader.ReadInt32();
        reader.BaseStream.Seek((long)nMel * nFft * sizeof(float), SeekOrigin.Current);
        var count = reader.ReadInt32();
        var tokens = new List<byte[]>(count);
        for (var i = 0; i < count; i++)
        {
            tokens.Add(reader.ReadBytes(reader.ReadInt32()));
        }

        return (hparams, tokens);
    }
}
