namespace Warble.Formats;

/// <summary>The container a model was loaded from, detected by content.</summary>
internal enum ModelFileFormat
{
    Gguf,
    PyTorch,
    Nemo,
    Ggml,
    HuggingFace,
    Safetensors,
}
