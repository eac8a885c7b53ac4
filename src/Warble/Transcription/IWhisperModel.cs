using Warble.Models.Whisper.Decoding;

namespace Warble.Transcription;

/// <summary>The encoder plus a decoder session factory: what the window loop needs of a Whisper model.</summary>
internal interface IWhisperModel
{
    /// <summary>n_audio_ctx (1500 for every released model).</summary>
    int NAudioCtx { get; }

    /// <summary>n_text_ctx (448).</summary>
    int NTextCtx { get; }

    /// <summary>n_vocab.</summary>
    int NVocab { get; }

    /// <summary>
    /// Runs the encoder on one window [n_mels, 3000] and returns the decoder session bound to it.
    /// The session stays valid until the next call (implementations may reuse one object); for
    /// word timestamps it must also implement <see cref="Models.Whisper.Timing.IWhisperAlignmentSession"/>.
    /// </summary>
    IWhisperDecoderSession Encode(ReadOnlySpan<float> mel);
}
