namespace Warble.Formats;

/// <summary>The container a model was loaded from, detected by content.</summary>
internal enum ModelFileFormat
{
    Gguf,
    PyTorch,
    Nemo,
    Ggml,

    /// <summary>whisper.cpp's Parakeet ggml layout (<c>convert-parakeet-to-ggml.py</c>).</summary>
    GgmlParakeet,

    HuggingFace,
    Safetensors,
}
