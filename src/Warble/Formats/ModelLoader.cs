namespace Warble.Formats;

/// <summary>
/// Loads any supported model file or folder, detecting the format by content (magic bytes, archive
/// members, folder files), never by extension.
/// </summary>
internal static class ModelLoader
{
    public static LoadedModel Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var owners = new List<IDisposable>();
        try
        {
            if (Directory.Exists(path))
            {
                return HuggingFaceWhisperFolder.IsFolder(path)
                    ? Checked(HuggingFaceWhisperFolder.Load(path, owners))
                    : throw new ModelFormatException($"{path}: a folder without config.json is not a Hugging Face model");
            }

            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"{path}: no such model file or folder", path);
            }

            MappedFile file = MappedFile.Open(path);
            owners.Add(file);
            return Load(file, path, owners);
        }
        catch
        {
            owners.ForEach(o => o.Dispose());
            throw;
        }
    }

    /// <summary>Loads a model from bytes already in a region (tests, archive members); owners are disposed with the model.</summary>
    public static LoadedModel Load(ByteRegion file, string path, List<IDisposable> owners) => Checked(Detect(file) switch
    {
        ModelFileFormat.Gguf => GgufModelReader.Load(file, path, owners),
        ModelFileFormat.Ggml => GgmlWhisperFile.Load(file, path, owners),
        ModelFileFormat.GgmlParakeet => GgmlParakeetFile.Load(file, path, owners),
        ModelFileFormat.PyTorch => OpenAiWhisperCheckpoint.Load(file, path, owners),
        ModelFileFormat.Nemo => NemoArchive.Load(file, path, owners),
        _ => throw file.Fail(0, "a bare safetensors file has no hyper-parameters; load its Hugging Face folder instead"),
    });

    /// <summary>
    /// The checks every format shares, made once here so that <c>inspect</c> and <c>transcribe</c> agree on what loads:
    /// Whisper's dimensions, its stored mel filterbank and alignment heads (Parakeet's config is checked as it is parsed).
    /// </summary>
    public static LoadedModel Checked(LoadedModel model)
    {
        if (model.Whisper is { } dims)
        {
            dims.Validate(model.Source);
            dims.ValidateMelFilters(model.MelFilters, model.Source);
            dims.ValidateAlignmentHeads(model.AlignmentHeads, model.Source);
        }

        return model;
    }

    /// <summary>The format of a single file from its first bytes.</summary>
    public static ModelFileFormat Detect(ByteRegion file)
    {
        ReadOnlySpan<byte> head = file.Span(0, (int)Math.Min(file.Length, 8));
        if (head.Length >= 4 && BitConverter.ToUInt32(head) == GgufReader.Magic)
        {
            return ModelFileFormat.Gguf;
        }

        if (GgmlWhisperFile.IsGgml(file))
        {
            return GgmlParakeetFile.IsParakeet(file) ? ModelFileFormat.GgmlParakeet : ModelFileFormat.Ggml;
        }

        if (ZipDirectory.IsZip(head))
        {
            return ModelFileFormat.PyTorch;
        }

        if (NemoArchive.IsGzip(file) || TarArchive.IsTar(file))
        {
            return ModelFileFormat.Nemo;
        }

        if (head.Length == 8 && BitConverter.ToUInt64(head) < (ulong)file.Length && file.Length > 9 && file.Span(8, 1)[0] == '{')
        {
            return ModelFileFormat.Safetensors;
        }

        throw file.Fail(0, "unknown model format: not GGUF, whisper.cpp ggml, a PyTorch checkpoint, a .nemo archive or a Hugging Face folder");
    }
}
