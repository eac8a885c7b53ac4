using Warble.Models.Whisper.Decoding;
using Warble.Models.Whisper.Timing;

namespace Warble.Transcription;

/// <summary>
/// The seek loop of <see cref="WhisperTranscriber"/> (openai <c>transcribe</c>'s while loop), in steps that a batch of
/// transcribers can take in lockstep (<see cref="WhisperBatchTranscription"/>): <see cref="Begin"/>, then per window
/// <see cref="NextWindow"/>, an encode, a decode with fallback and <see cref="FinishWindow"/>.
/// </summary>
internal sealed partial class WhisperTranscriber
{
    private LoopState? loop;
    private int segmentCount;

    /// <summary>Transcribes lazily: each window's segments are yielded once it is decoded.</summary>
    public IEnumerable<Segment> Transcribe(CancellationToken cancellationToken = default)
    {
        Begin(ResolveLanguage());
        var window = new float[mel.NMels * NFrames];
        while (NextWindow(window, cancellationToken) is { } step)
        {
            IWhisperDecoderSession session = model.Encode(window);
            DecodingResult result = DecodeWithFallback(session, step.Options, cancellationToken);
            foreach (Segment segment in FinishWindow(step, result, session))
            {
                yield return segment;
            }
        }
    }

    /// <summary>Starts the loop in <paramref name="language"/> (given, or detected on the first window).</summary>
    public void Begin(string language)
    {
        allTokens.Clear();
        segmentCount = 0;
        Language = language;
        loop = new LoopState(language, mel.ContentFrames, model, tokenizer, options);
        initialPromptLength = loop.InitialPromptTokens.Length;
        allTokens.AddRange(loop.InitialPromptTokens);
    }

    /// <summary>
    /// Moves past finished clips to the next window, reads its log-mel into <paramref name="window"/> and returns what to
    /// decode it with; null when the recording is done. Cancellation is checked per window.
    /// </summary>
    public WindowStep? NextWindow(Span<float> window, CancellationToken cancellationToken)
    {
        LoopState state = loop ?? throw new InvalidOperationException("Begin starts the loop");
        while (state.ClipIndex < state.SeekClips.Count)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (clipStart, clipEnd) = state.SeekClips[state.ClipIndex];
            state.Seek = Math.Max(state.Seek, clipStart);
            if (state.Seek >= clipEnd)
            {
                state.ClipIndex++;
                if (state.ClipIndex < state.SeekClips.Count)
                {
                    state.Seek = state.SeekClips[state.ClipIndex].Start;
                }

                continue;
            }

            int segmentSize = Math.Min(NFrames, Math.Min(state.ContentFrames - state.Seek, clipEnd - state.Seek));
            mel.ReadWindow(state.Seek, segmentSize, window);
            return new WindowStep(state.Seek, segmentSize, state.DecodeOptions with { PromptTokens = Prompt(state) });
        }

        return null;
    }

    /// <summary>
    /// openai's handling of one decoded window: the no-speech skip, segments split at timestamps, the seek advanced,
    /// word timestamps (from <paramref name="session"/>, bound to the window's encoder output) and the hallucination
    /// skip; returns the window's segments, whose tokens now condition the next window.
    /// </summary>
    public IReadOnlyList<Segment> FinishWindow(WindowStep step, DecodingResult result, IWhisperDecoderSession session)
    {
        LoopState state = loop ?? throw new InvalidOperationException("Begin starts the loop");
        List<TimedSegment>? currentSegments = ProcessWindow(state, step, result, session);
        if (currentSegments is null)
        {
            return [];
        }

        var records = new List<Segment>(currentSegments.Count);
        foreach (TimedSegment segment in currentSegments)
        {
            records.Add(ToRecord(segmentCount++, segment));
            allTokens.AddRange(segment.Tokens);
        }

        if (!options.ConditionOnPreviousText || state.LastTemperature > 0.5)
        {
            state.PromptResetSince = allTokens.Count; // do not feed the prompt tokens if a high temperature was used
        }

        return records;
    }

    /// <summary>Advances the seek past the decoded window and returns its segments (null when skipped).</summary>
    private List<TimedSegment>? ProcessWindow(LoopState state, WindowStep step, DecodingResult result, IWhisperDecoderSession session)
    {
        int seek = step.Seek, segmentSize = step.SegmentSize;
        double timeOffset = seek * HopLength / (double)SampleRate;
        double windowEndTime = (seek + NFrames) * HopLength / (double)SampleRate;
        double segmentDuration = segmentSize * HopLength / (double)SampleRate;
        state.LastTemperature = result.Temperature;
        if (options.NoSpeechThreshold is { } noSpeechThreshold)
        {
            // no voice activity check; don't skip if the logprob is high enough
            bool shouldSkip = result.NoSpeechProb > noSpeechThreshold;
            if (options.LogprobThreshold is { } logprobThreshold && result.AvgLogprob > logprobThreshold)
            {
                shouldSkip = false;
            }

            if (shouldSkip)
            {
                state.Seek += segmentSize; // fast-forward to the next segment boundary
                return null;
            }
        }

        var (currentSegments, singleTimestampEnding) = SplitSegments(state, result, timeOffset, segmentSize, segmentDuration);
        if (options.WordTimestamps)
        {
            var alignmentSession = session as IWhisperAlignmentSession
                ?? throw new InvalidOperationException("word timestamps need a decoder session that implements IWhisperAlignmentSession");
            Models.Whisper.Timing.WordTimestamps.AddWordTimestamps(
                currentSegments, alignmentSession, tokenizer, state.SotSequence, state.Language, segmentSize,
                options.PrependPunctuations, options.AppendPunctuations, state.LastSpeechTimestamp);
            if (!singleTimestampEnding && GetEnd(currentSegments) is { } lastWordEnd && lastWordEnd > timeOffset)
            {
                state.Seek = (int)Math.Round(lastWordEnd * FramesPerSecond, MidpointRounding.ToEven);
            }

            if (options.HallucinationSilenceThreshold is { } threshold
                && SkipHallucinations(state, currentSegments, threshold, singleTimestampEnding, seek, segmentSize, timeOffset, windowEndTime, segmentDuration))
            {
                return null;
            }

            if (GetEnd(currentSegments) is { } end)
            {
                state.LastSpeechTimestamp = end;
            }
        }

        // if a segment is instantaneous or does not contain text, clear it
        foreach (var segment in currentSegments)
        {
            if (segment.Start == segment.End || PyString.Strip(segment.Text).Length == 0)
            {
                segment.Text = "";
                segment.Tokens = [];
                segment.Words = [];
            }
        }

        return currentSegments;
    }

    private int[] Prompt(LoopState state)
    {
        if (!options.CarryInitialPrompt)
        {
            return [.. allTokens.Skip(state.PromptResetSince)];
        }

        int nIgnored = Math.Max(state.InitialPromptTokens.Length, state.PromptResetSince);
        return [.. state.InitialPromptTokens, .. PyString.TakeLast(allTokens.Skip(nIgnored).ToList(), state.RemainingPromptLength)];
    }

    /// <summary>Splits the tokens at consecutive timestamps and advances the seek (openai's two branches).</summary>
    private (List<TimedSegment> Segments, bool SingleTimestampEnding) SplitSegments(
        LoopState state, DecodingResult result, double timeOffset, int segmentSize, double segmentDuration)
    {
        var (slices, singleTimestampEnding, advance) = TimestampSplit.Split(
            result.Tokens, tokenizer.Special.TimestampBegin, timeOffset, segmentSize, segmentDuration, state.TimePrecision, state.InputStride);
        var segments = slices.ConvertAll(s => NewSegment(state.Seek, s.Start, s.End, s.Tokens, result));
        state.Seek += advance;
        return (segments, singleTimestampEnding);
    }

    /// <summary>openai <c>utils.get_end</c>: the last word's end, else the last segment's end.</summary>
    private static double? GetEnd(List<TimedSegment> segments)
    {
        for (int s = segments.Count - 1; s >= 0; s--)
        {
            if (segments[s].Words is { Count: > 0 } words)
            {
                return words[^1].End;
            }
        }

        return segments.Count > 0 ? segments[^1].End : null;
    }
}
