namespace Warble.Models.Whisper;

/// <summary>A decoder cross-attention head used for word timestamps (openai-whisper <c>alignment_heads</c>).</summary>
internal readonly record struct AlignmentHead(int Layer, int Head);
