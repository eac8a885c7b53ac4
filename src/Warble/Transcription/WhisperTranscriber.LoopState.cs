using Warble.Models.Whisper.Decoding;

namespace Warble.Transcription;

/// <summary>The local variables of openai <c>transcribe</c> that live across windows.</summary>
internal sealed partial class WhisperTranscriber
{
    /// <summary>One window to decode: where it starts, how many frames of it are audio, and its decoding options (with the prompt).</summary>
    public sealed record WindowStep(int Seek, int SegmentSize, DecodingOptions Options);

    private sealed class LoopState
    {
        public LoopState(string language, int contentFrames, IWhisperModel model, IWhisperTokenizer tokenizer, WhisperTranscribeOptions options)
        {
            Language = language;
            ContentFrames = contentFrames;
            ContentDuration = contentFrames * HopLength / (double)SampleRate;
            SotSequence = tokenizer.Special.SotSequence(language, options.Decoding.Task);
            SeekClips = ParseClipTimestamps(options.ClipTimestamps, contentFrames);
            Seek = SeekClips[0].Start;
            if (NFrames % model.NAudioCtx != 0)
            {
                throw new ArgumentException($"n_audio_ctx {model.NAudioCtx} does not divide {NFrames} frames");
            }

            InputStride = NFrames / model.NAudioCtx; // mel frames per output token: 2
            TimePrecision = InputStride * HopLength / (double)SampleRate; // time per output token: 0.02 s
            RemainingPromptLength = (model.NTextCtx / 2) - 1;
            InitialPromptTokens = options.InitialPrompt is { } prompt ? tokenizer.Encode(" " + PyString.Strip(prompt)) : [];
            RemainingPromptLength -= InitialPromptTokens.Length;
            DecodeOptions = options.Decoding with { Language = language };
        }

        public string Language { get; }

        public int ContentFrames { get; }

        public double ContentDuration { get; }

        public int[] SotSequence { get; }

        public List<(int Start, int End)> SeekClips { get; }

        public int ClipIndex { get; set; }

        public int Seek { get; set; }

        public int InputStride { get; }

        public double TimePrecision { get; }

        public int RemainingPromptLength { get; }

        public int[] InitialPromptTokens { get; }

        public DecodingOptions DecodeOptions { get; }

        public int PromptResetSince { get; set; }

        public double LastSpeechTimestamp { get; set; }

        public double LastTemperature { get; set; }
    }
}
