using System.CommandLine;
using System.Globalization;
using Warble.Transcription.Writers;

namespace Warble.Cli.Commands;

/// <summary>The options of `warble transcribe`, named and defaulted as openai-whisper's command line.</summary>
internal sealed class TranscribeOptionSet
{
    public Argument<string[]> Audio { get; } = new("audio") { Description = "Audio files ('-' reads standard input)", Arity = ArgumentArity.OneOrMore };

    public Option<string?> Model { get; } = new("--model", "-m") { Description = "Model file or folder (.pt, ggml .bin, Hugging Face folder, .nemo, .gguf)" };

    public Option<string?> Language { get; } = new("--language") { Description = "Spoken language (default: detect)" };

    public Option<string> Task { get; } = ChoiceOption.Create("--task", "transcribe", "transcribe or translate (X to English)", "transcribe", "translate");

    public Option<double[]> Temperature { get; } = new("--temperature")
    {
        Description = "Sampling temperature(s); one value disables fallback (default: 0 0.2 0.4 0.6 0.8 1)",
        AllowMultipleArgumentsPerToken = true,
    };

    public Option<int> BeamSize { get; } = new("--beam-size") { Description = "Beams at temperature 0 (1 = greedy)", DefaultValueFactory = _ => 5 };

    public Option<int> BestOf { get; } = new("--best-of") { Description = "Candidates sampled at temperature > 0", DefaultValueFactory = _ => 5 };

    public Option<double?> Patience { get; } = new("--patience") { Description = "Beam search patience (default 1.0)" };

    public Option<double?> LengthPenalty { get; } = new("--length-penalty") { Description = "Length penalty alpha (default: simple length normalisation)" };

    public Option<bool> NoTimestamps { get; } = new("--no-timestamps") { Description = "Decode without timestamp tokens" };

    public Option<bool> WordTimestamps { get; } = new("--word-timestamps") { Description = "Add word-level timestamps" };

    public Option<string?> InitialPrompt { get; } = new("--initial-prompt") { Description = "Text to condition the first window on" };

    public Option<bool> NoConditionOnPreviousText { get; } = new("--no-condition-on-previous-text") { Description = "Do not feed each window's text to the next" };

    public Option<double> CompressionRatioThreshold { get; } = new("--compression-ratio-threshold") { DefaultValueFactory = _ => 2.4, Description = "Fallback above this gzip ratio" };

    public Option<double> LogprobThreshold { get; } = new("--logprob-threshold") { DefaultValueFactory = _ => -1.0, Description = "Fallback below this average log-probability" };

    public Option<double> NoSpeechThreshold { get; } = new("--no-speech-threshold") { DefaultValueFactory = _ => 0.6, Description = "Silence above this no-speech probability" };

    public Option<bool> CarryInitialPrompt { get; } = new("--carry-initial-prompt") { Description = "Prepend --initial-prompt to every window's prompt, not just the first" };

    public Option<string> PrependPunctuations { get; } = new("--prepend-punctuations")
    {
        Description = "With --word-timestamps: punctuation merged into the following word",
        DefaultValueFactory = _ => new TranscribeOptions().PrependPunctuations,
    };

    public Option<string> AppendPunctuations { get; } = new("--append-punctuations")
    {
        Description = "With --word-timestamps: punctuation merged into the previous word",
        DefaultValueFactory = _ => new TranscribeOptions().AppendPunctuations,
    };

    public Option<string> ClipTimestamps { get; } = new("--clip-timestamps")
    {
        Description = "Comma-separated start,end,start,end,... seconds of the clips to transcribe; the last end defaults to the end",
        DefaultValueFactory = _ => "0",
    };

    public Option<double?> HallucinationSilenceThreshold { get; } = new("--hallucination-silence-threshold")
    {
        Description = "With --word-timestamps: skip silent periods longer than this (seconds) around a suspected hallucination",
    };

    public Option<int?> SampleLen { get; } = new("--sample-len") { Description = "Most tokens sampled per window (default: half the text context)" };

    public Option<string> SuppressTokens { get; } = new("--suppress-tokens")
    {
        Description = "Comma-separated token ids never sampled; -1 is the non-speech symbol set",
        DefaultValueFactory = _ => "-1",
    };

    public Option<bool> NoSuppressBlank { get; } = new("--no-suppress-blank") { Description = "Allow a blank (space or end of text) as the first sampled token" };

    public Option<double?> MaxInitialTimestamp { get; } = new("--max-initial-timestamp")
    {
        Description = "Latest first timestamp of a window, in seconds (default 1; 0 lifts the limit)",
    };

    public Option<string?> Prefix { get; } = new("--prefix") { Description = "Text that starts every window's output" };

    public Option<int> Seed { get; } = new("--seed") { Description = "Seed of the sampler at temperatures above 0" };

    public Option<int?> RepetitionLimit { get; } = new("--repetition-limit")
    {
        Description = "End a window's text once the same tokens repeat this many times in a row (a loop guard; default off, as openai-whisper)",
    };

    public Option<bool> Vad { get; } = new("--vad")
    {
        Description = "Transcribe only the speech Silero VAD finds (recommended for real recordings: skips silence, where models invent text)",
    };

    public Option<int?> BatchSize { get; } = new("--batch-size")
    {
        Description = "With --vad (Whisper): decode speech chunks of up to 30 s this many at a time (1-64), as faster-whisper's batched pipeline",
    };

    public Option<double> VadThreshold { get; } = new("--vad-threshold") { Description = "With --vad: speech probability threshold", DefaultValueFactory = _ => new VadOptions().Threshold };

    public Option<int> VadMinSilenceMs { get; } = new("--vad-min-silence-ms") { Description = "With --vad: silence that ends speech", DefaultValueFactory = _ => new VadOptions().MinSilenceDurationMs };

    public Option<int> VadMinSpeechMs { get; } = new("--vad-min-speech-ms") { Description = "With --vad: shortest speech kept", DefaultValueFactory = _ => new VadOptions().MinSpeechDurationMs };

    public Option<double> VadMaxSpeechSeconds { get; } = new("--vad-max-speech-s") { Description = "With --vad: longest speech before a split", DefaultValueFactory = _ => new VadOptions().MaxSpeechDurationS };

    public Option<int> VadSpeechPadMs { get; } = new("--vad-speech-pad-ms") { Description = "With --vad: padding on each side of speech", DefaultValueFactory = _ => new VadOptions().SpeechPadMs };

    public Option<double> MaxSegmentSeconds { get; } = new("--max-segment-seconds")
    {
        Description = "Parakeet: the longest segment; longer ones are cut at their longest pause",
        DefaultValueFactory = _ => new TranscribeOptions().MaxSegmentSeconds,
    };

    public Option<int?> Threads { get; } = new("--threads", "-t") { Description = "Worker threads for the kernels (default: all cores)" };

    public Option<double> MaxPassSeconds { get; } = new("--max-pass-seconds")
    {
        Description = "Parakeet: the longest audio encoded in one pass (memory grows with its square); longer audio goes in overlapping windows",
        DefaultValueFactory = _ => 120.0,
    };

    public Option<string?> Attention { get; } = new("--attention")
    {
        Description = "Parakeet: local[:N] encodes with local attention of N frames each side (default 128), memory linear in the pass; full keeps the model's own",
    };

    public Option<bool> CtcHead { get; } = new("--ctc-head")
    {
        Description = "Parakeet hybrid TDT/CTC models: decode with the CTC head instead of the transducer",
    };

    public Option<string> Compute { get; } = ChoiceOption.Create("--compute", "f32",
        "arithmetic of the encoder's matrix products: f32 (exact, default) or int8 (faster on CPUs with AVX-VNNI; close to f32, not equal: check it on your audio)",
        "f32", "int8");

    public Option<bool> Stream { get; } = new("--stream")
    {
        Description = "Parakeet: decode the audio as it arrives (e.g. '-' from ffmpeg or a microphone), printing words once final",
    };

    public Option<double> ChunkSeconds { get; } = new("--chunk-seconds")
    {
        Description = "With --stream: audio decoded per encoder pass",
        DefaultValueFactory = _ => new StreamingOptions().ChunkSeconds,
    };

    public Option<double> LeftContextSeconds { get; } = new("--left-context-seconds")
    {
        Description = "With --stream: decoded audio each pass sees before its chunk",
        DefaultValueFactory = _ => new StreamingOptions().LeftContextSeconds,
    };

    public Option<double> RightContextSeconds { get; } = new("--right-context-seconds")
    {
        Description = "With --stream: audio each pass sees after its chunk (adds to the delay)",
        DefaultValueFactory = _ => new StreamingOptions().RightContextSeconds,
    };

    public Option<int?> MaxLineWidth { get; } = new("--max-line-width")
    {
        Description = "Subtitles: characters in a line before breaking it (Whisper: needs --word-timestamps; Parakeet default 42)",
    };

    public Option<int?> MaxLineCount { get; } = new("--max-line-count")
    {
        Description = "Subtitles: lines in a cue (Whisper: needs --word-timestamps; Parakeet default 2)",
    };

    public Option<int?> MaxWordsPerLine { get; } = new("--max-words-per-line")
    {
        Description = "Subtitles: words in a line, when --max-line-width is not given (Whisper: needs --word-timestamps)",
    };

    public Option<bool> HighlightWords { get; } = new("--highlight-words")
    {
        Description = "Subtitles: underline each word as it is spoken (Whisper: needs --word-timestamps)",
    };

    public Option<string> Format { get; } = ChoiceOption.Create("--format", "", "Output format: txt, srt, vtt, tsv, json or all", "txt", "srt", "vtt", "tsv", "json", "all");

    public Option<string?> Output { get; } = new("--output", "-o") { Description = "Output file (one audio, one format) or folder" };

    public Option<string?> OutputDir { get; } = new("--output-dir") { Description = "Folder for the output files" };

    public void AddTo(Command command)
    {
        Audio.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
            {
                if (token.Value.Length > 1 && token.Value[0] == '-')
                {
                    result.AddError($"Unrecognized option '{token.Value}'.");
                }
            }
        });
        command.Arguments.Add(Audio);
        Option[] options = [Model, Language, Task, Temperature, BeamSize, BestOf, Patience, LengthPenalty, NoTimestamps, WordTimestamps,
            InitialPrompt, NoConditionOnPreviousText, CompressionRatioThreshold, LogprobThreshold, NoSpeechThreshold, CarryInitialPrompt,
            PrependPunctuations, AppendPunctuations, ClipTimestamps, HallucinationSilenceThreshold, SampleLen, SuppressTokens, NoSuppressBlank,
            MaxInitialTimestamp, Prefix, Seed, RepetitionLimit, Vad, BatchSize, VadThreshold, VadMinSilenceMs, VadMinSpeechMs, VadMaxSpeechSeconds, VadSpeechPadMs, Threads, MaxPassSeconds, MaxSegmentSeconds, Attention, CtcHead, Stream, ChunkSeconds, LeftContextSeconds,
            RightContextSeconds, MaxLineWidth, MaxLineCount, MaxWordsPerLine, HighlightWords, Format, Output, OutputDir, Compute];
        foreach (Option option in options)
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The options that have no meaning for a Parakeet model (a notice names the ones given).</summary>
    public Option[] WhisperOnly => [Language, Task, Temperature, InitialPrompt, NoTimestamps, BeamSize, BestOf, Patience, LengthPenalty,
        CarryInitialPrompt, ClipTimestamps, HallucinationSilenceThreshold, SampleLen, SuppressTokens, NoSuppressBlank, MaxInitialTimestamp, Prefix, RepetitionLimit];

    /// <summary>The options that have no meaning for a Whisper model.</summary>
    public Option[] ParakeetOnly => [MaxPassSeconds, MaxSegmentSeconds, Attention, CtcHead, Stream, ChunkSeconds, LeftContextSeconds, RightContextSeconds];

    /// <summary>--compute as <see cref="TranscriberOptions.Compute"/>.</summary>
    private ComputePrecision Precision(ParseResult parse) => parse.GetValue(Compute) == "int8" ? ComputePrecision.Int8 : ComputePrecision.F32;

    /// <summary>The flags as the library's options, one to one (openai <c>cli()</c>'s mapping to <c>transcribe()</c>).</summary>
    private TranscribeOptions ToOptions(ParseResult parse)
    {
        double[]? temperatures = parse.GetValue(Temperature);
        return new TranscribeOptions
        {
            Language = parse.GetValue(Language),
            Task = parse.GetValue(Task)!,
            Temperatures = temperatures is { Length: > 0 } ? temperatures : new TranscribeOptions().Temperatures,
            CompressionRatioThreshold = parse.GetValue(CompressionRatioThreshold),
            LogprobThreshold = parse.GetValue(LogprobThreshold),
            NoSpeechThreshold = parse.GetValue(NoSpeechThreshold),
            ConditionOnPreviousText = !parse.GetValue(NoConditionOnPreviousText),
            InitialPrompt = parse.GetValue(InitialPrompt),
            CarryInitialPrompt = parse.GetValue(CarryInitialPrompt),
            WordTimestamps = parse.GetValue(WordTimestamps),
            PrependPunctuations = parse.GetValue(PrependPunctuations)!,
            AppendPunctuations = parse.GetValue(AppendPunctuations)!,
            ClipTimestamps = Numbers(parse.GetValue(ClipTimestamps)!, ClipTimestamps.Name, double.Parse),
            HallucinationSilenceThreshold = parse.GetValue(HallucinationSilenceThreshold),
            BeamSize = parse.GetValue(BeamSize),
            BestOf = parse.GetValue(BestOf),
            Patience = parse.GetValue(Patience),
            LengthPenalty = parse.GetValue(LengthPenalty),
            SampleLen = parse.GetValue(SampleLen),
            SuppressTokens = Numbers(parse.GetValue(SuppressTokens)!, SuppressTokens.Name, int.Parse),
            SuppressBlank = !parse.GetValue(NoSuppressBlank),
            WithoutTimestamps = parse.GetValue(NoTimestamps),
            MaxInitialTimestamp = parse.GetValue(MaxInitialTimestamp) is { } m ? (m == 0 ? null : m) : new TranscribeOptions().MaxInitialTimestamp,
            Prefix = parse.GetValue(Prefix),
            Seed = parse.GetValue(Seed),
            RepetitionLimit = parse.GetValue(RepetitionLimit),
            BatchSize = parse.GetValue(BatchSize),
            MaxPassSeconds = parse.GetValue(MaxPassSeconds),
            MaxSegmentSeconds = parse.GetValue(MaxSegmentSeconds),
            LocalAttentionFrames = LocalAttentionFrames(parse.GetValue(Attention)),
            Vad = parse.GetValue(Vad)
                ? new VadOptions
                {
                    Threshold = parse.GetValue(VadThreshold),
                    MinSilenceDurationMs = parse.GetValue(VadMinSilenceMs),
                    MinSpeechDurationMs = parse.GetValue(VadMinSpeechMs),
                    MaxSpeechDurationS = parse.GetValue(VadMaxSpeechSeconds),
                    SpeechPadMs = parse.GetValue(VadSpeechPadMs),
                }
                : null,
        };
    }

    /// <summary>Loads the model of --model with the load-time flags (--threads, --ctc-head, --compute).</summary>
    public Task<Transcriber> LoadAsync(ParseResult parse, CancellationToken cancellation) =>
        Transcriber.LoadAsync(ModelPath.Resolve(parse.GetValue(Model)),
            new TranscriberOptions { Threads = parse.GetValue(Threads), CtcHead = parse.GetValue(CtcHead), Compute = Precision(parse) }, cancellation);

    /// <summary><see cref="ToOptions"/>, validated: a bad value or combination is a usage error.</summary>
    public TranscribeOptions ValidOptions(ParseResult parse)
    {
        try
        {
            return ToOptions(parse).Validate();
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message, e);
        }
    }

    /// <summary>Where the transcripts of <paramref name="inputCount"/> inputs go (--format, --output, --output-dir, subtitle lines), checked before any work.</summary>
    public TranscriptOutput CreateOutput(ParseResult parse, bool parakeet, int inputCount)
    {
        var output = new TranscriptOutput(parse.GetValue(Format)!, parse.GetValue(Output), parse.GetValue(OutputDir))
        {
            Subtitles = SubtitleOptions(parse, parakeet),
        };
        output.Check(inputCount);
        return output;
    }

    /// <summary>
    /// The subtitle line options, as openai-whisper's <c>cli()</c>: with Whisper they need word timestamps. Parakeet
    /// always has words; without options its cues are 42 characters by 2 lines (a common subtitle standard), as an
    /// unpunctuated model's single segment would otherwise be one cue for the whole file.
    /// </summary>
    private SubtitleOptions SubtitleOptions(ParseResult parse, bool parakeet)
    {
        Option[] lines = [MaxLineWidth, MaxLineCount, MaxWordsPerLine, HighlightWords];
        bool given = lines.Any(option => parse.GetResult(option) is { Implicit: false });
        if (!parakeet && given && !parse.GetValue(WordTimestamps))
        {
            Option first = lines.First(option => parse.GetResult(option) is { Implicit: false });
            throw new ArgumentException($"{first.Name} requires --word-timestamps");
        }

        foreach (Option<int?> option in new[] { MaxLineWidth, MaxLineCount, MaxWordsPerLine })
        {
            if (parse.GetValue(option) is < 1 and var value)
            {
                throw new ArgumentException($"{option.Name} must be at least 1 (got {value})");
            }
        }

        return parakeet && !given
            ? new SubtitleOptions { MaxLineWidth = 42, MaxLineCount = 2 }
            : new SubtitleOptions
            {
                MaxLineWidth = parse.GetValue(MaxLineWidth),
                MaxLineCount = parse.GetValue(MaxLineCount),
                MaxWordsPerLine = parse.GetValue(MaxWordsPerLine),
                HighlightWords = parse.GetValue(HighlightWords),
            };
    }

    /// <summary>The streaming cut given by --chunk-seconds and the context options.</summary>
    public StreamingOptions StreamingOptions(ParseResult parse) => new()
    {
        ChunkSeconds = parse.GetValue(ChunkSeconds),
        LeftContextSeconds = parse.GetValue(LeftContextSeconds),
        RightContextSeconds = parse.GetValue(RightContextSeconds),
    };

    /// <summary>--attention: null or "full" keeps the model's attention; "local" is 128 frames each side, "local:N" is N.</summary>
    private static int? LocalAttentionFrames(string? attention) => attention switch
    {
        null or "full" => null,
        "local" => 128,
        _ when attention.StartsWith("local:", StringComparison.Ordinal)
            && int.TryParse(attention.AsSpan(6), NumberStyles.None, CultureInfo.InvariantCulture, out int frames) => frames,
        _ => throw new ArgumentException($"--attention: '{attention}' is not full, local or local:N"),
    };

    /// <summary>A comma-separated list of numbers ("" is none), or a usage error naming the option.</summary>
    private static T[] Numbers<T>(string text, string option, Func<string, IFormatProvider, T> parse) =>
        text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(part =>
        {
            try
            {
                return parse(part, CultureInfo.InvariantCulture);
            }
            catch (FormatException)
            {
                throw new ArgumentException($"{option}: '{part}' is not a number");
            }
            catch (OverflowException)
            {
                throw new ArgumentException($"{option}: '{part}' is out of range");
            }
        }).ToArray();
}
