using Warble.Models.Whisper.Decoding;
using Warble.Models.Whisper.Timing;

namespace Warble.Transcription;

/// <summary>The seek loop of <see cref="WhisperTranscriber"/> (openai <c>transcribe</c>'s while loop).</summary>
internal sealed partial class WhisperTranscriber
{
    /// <summary>Transcribes lazily: each window's segments are yielded once it is decoded.</summary>
    public IEnumerable<Segment> Transcribe(CancellationToken cancellationToken = default)
    {
        allTokens.Clear();
        string language = ResolveLanguage();
        Language = language;
        var state = new LoopState(language, mel.ContentFrames, model, tokenizer, options);
        initialPromptLength = state.InitialPromptTokens.Length;
        allTokens.AddRange(state.InitialPromptTokens);
        var window = new float[mel.NMels * NFrames];
        int segmentCount = 0;
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

            var currentSegments = ProcessWindow(state, clipEnd, window, cancellationToken);
            if (currentSegments is null)
            {
                continue;
            }

            foreach (var segment in currentSegments)
            {
                yield return ToRecord(segmentCount++, segment);
                allTokens.AddRange(segment.Tokens);
            }

            if (!options.ConditionOnPreviousText || state.LastTemperature > 0.5)
            {
                state.PromptResetSince = allTokens.Count; // do not feed the prompt tokens if a high temperature was used
            }
        }
    }

    /// <summary>Decodes the window at <c>state.Seek</c>, advances the seek, returns its segments (null when skipped).</summary>
    private List<TimedSegment>? ProcessWindow(LoopState state, int clipEnd, float[] window, CancellationToken cancellationToken)
    {
        int seek = state.Seek;
        double timeOffset = seek * HopLength / (double)SampleRate;
        double windowEndTime = (seek + NFrames) * HopLength / (double)SampleRate;
        int segmentSize = Math.Min(NFrames, Math.Min(state.ContentFrames - seek, clipEnd - seek));
        double segmentDuration = segmentSize * HopLength / (double)SampleRate;
        mel.ReadWindow(seek, segmentSize, window);
        var session = model.Encode(window);

        var result = DecodeWithFallback(session, state.DecodeOptions with { PromptTokens = Prompt(state) }, cancellationToken);
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
