// NeMo .nemo archive reader (NeMo SaveRestoreConnector.save_to / restore_from,
// https://github.com/NVIDIA/NeMo/blob/main/nemo/core/connectors/save_restore_connector.py).
// Layout:
//  1. the file is a tar, plain or gzip-compressed (detected by the 1f 8b magic, not the extension).
//  2. members, usually under "./": model_config.yaml (OmegaConf yaml of the model), model_weights.ckpt
//     (torch.save of the state dict: a PyTorch zip, see PyTorchCheckpoint), and artifacts such as the
//     SentencePiece tokenizer.model, tokenizer.vocab and vocab.txt, named "<uuid hex>_<basename>" and
//     referred to from the yaml as "nemo:<member name>".
// Validated: as TarArchive and the readers of each member; the yaml is bounded and every value typed (ParakeetConfig);
// a gzip archive inflates to at most 16× its size into a temporary file, which is then mapped.
// An uncompressed archive is never copied: its checkpoint is mapped in place inside the tar.
using System.IO.Compression;
using Warble.Models.Parakeet;

namespace Warble.Formats;

/// <summary>Reads a .nemo archive into a Parakeet <see cref="LoadedModel"/>.</summary>
internal static class NemoArchive
{
    private const long MaxInflationRatio = 16;

    /// <summary>Whether the region starts with the gzip magic.</summary>
    public static bool IsGzip(ByteRegion region) => region.Length >= 2 && region.Span(0, 2).SequenceEqual(new byte[] { 0x1f, 0x8b });

    /// <summary>Loads a mapped .nemo file; <paramref name="owners"/> receives anything that must live as long as the weights.</summary>
    public static LoadedModel Load(ByteRegion file, string path, List<IDisposable> owners)
    {
        ByteRegion tar = IsGzip(file) ? Inflate(file, owners) : file;
        Dictionary<string, ByteRegion> members = TarArchive.Read(tar);
        ByteRegion yaml = Member(members, tar, "model_config.yaml");
        ByteRegion ckpt = Member(members, tar, "model_weights.ckpt");
        if (yaml.Length > 16 << 20)
        {
            throw yaml.Fail(0, "model_config.yaml is larger than 16 MiB");
        }

        ParakeetConfig config = ParakeetConfig.Parse(System.Text.Encoding.UTF8.GetString(yaml.Span(0, (int)yaml.Length)), file.Name);
        var weights = new WeightSet(file.Name);
        object? stateDict = PyTorchCheckpoint.Load(ckpt);
        if (stateDict is PickleDict outer && outer.TryGet("state_dict", out object? inner))
        {
            stateDict = inner;
        }

        PyTorchCheckpoint.AddStateDict(stateDict, weights, "model_weights.ckpt");
        ParakeetWeights.Check(config, weights);
        return new LoadedModel(owners)
        {
            Source = path,
            Format = ModelFileFormat.Nemo,
            Architecture = ModelArchitecture.Parakeet,
            Parakeet = config,
            Tokenizer = Tokenizer(config, members, file.Name),
            Weights = weights,
        };
    }

    private static TokenizerSource Tokenizer(ParakeetConfig config, Dictionary<string, ByteRegion> members, string file)
    {
        ByteRegion? model = Artifact(config, members, "model_path", "tokenizer.model");
        if (model == null)
        {
            throw new ModelFormatException($"{file}: no SentencePiece tokenizer.model in the archive (tokenizer.model_path)");
        }

        return new TokenizerSource
        {
            Kind = TokenizerKind.SentencePiece,
            SentencePieceModel = model.ToArray(0, (int)model.Length),
            SentencePieceVocab = Text(Artifact(config, members, "spe_tokenizer_vocab", "tokenizer.vocab")),
            NemoVocabText = Text(Artifact(config, members, "vocab_path", "vocab.txt")),
        };
    }

    private static string? Text(ByteRegion? region) =>
        region == null ? null : System.Text.Encoding.UTF8.GetString(region.Span(0, (int)Math.Min(region.Length, 64 << 20)));

    // The yaml names artifacts "nemo:<member>"; older archives name only the basename, so fall back to a suffix match.
    private static ByteRegion? Artifact(ParakeetConfig config, Dictionary<string, ByteRegion> members, string key, string basename)
    {
        string? reference = config.TokenizerArtifacts.GetValueOrDefault(key);
        if (reference != null && reference.StartsWith("nemo:", StringComparison.Ordinal)
            && members.TryGetValue(reference["nemo:".Length..], out ByteRegion? named))
        {
            return named;
        }

        return members.Where(m => m.Key == basename || m.Key.EndsWith("_" + basename, StringComparison.Ordinal))
            .Select(m => m.Value).FirstOrDefault();
    }

    private static ByteRegion Member(Dictionary<string, ByteRegion> members, ByteRegion tar, string name)
    {
        foreach (var (key, region) in members)
        {
            if (key == name || key.EndsWith("/" + name, StringComparison.Ordinal))
            {
                return region;
            }
        }

        throw tar.Fail(0, $"the .nemo archive has no {name}");
    }

    private static MappedFile Inflate(ByteRegion gzip, List<IDisposable> owners)
    {
        string temp = Path.Combine(Path.GetTempPath(), $"warble-{Guid.NewGuid():N}.tar");
        long limit = checked(gzip.Length * MaxInflationRatio + (16 << 20));
        try
        {
            using (var input = new GZipStream(new RegionStream(gzip), CompressionMode.Decompress))
            using (var output = File.Create(temp))
            {
                CopyBounded(input, output, limit, gzip);
            }

            MappedFile mapped = MappedFile.Open(temp);
            owners.Add(mapped);
            return mapped;
        }
        catch (InvalidDataException e)
        {
            throw gzip.Fail(0, $"gzip data is corrupt: {e.Message}");
        }
        finally
        {
            TryDelete(temp);
        }
    }

    private static void CopyBounded(Stream input, Stream output, long limit, ByteRegion gzip)
    {
        var buffer = new byte[1 << 16];
        long total = 0;
        for (int n; (n = input.Read(buffer)) > 0;)
        {
            total += n;
            if (total > limit)
            {
                throw gzip.Fail(0, $"gzip data inflates beyond {limit} bytes: refused");
            }

            output.Write(buffer, 0, n);
        }
    }

    // Linux keeps a mapped file alive after unlinking; elsewhere the file stays until the OS cleans temp.
    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
