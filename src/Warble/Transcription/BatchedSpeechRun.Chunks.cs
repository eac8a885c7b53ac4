using Warble.Audio;
using Warble.Models.Whisper;
using Warble.Models.Whisper.Decoding;
using Warble.Models.Whisper.Timing;

namespace Warble.Transcription;

/// <summary>One batch of chunks: encode, decode with fallback, segments (faster-whisper's <c>forward</c>).</summary>
internal sealed partial class BatchedSpeechRun
{
    /// <summary>Encodes and decodes chunks [first, first + count) together and queues their segments in order.</summary>
    private void DecodeChunks(int first, int count)
    {
        WhisperModel model = pipeline.Model;
        batch ??= pipeline.RentBatch(Math.Min(options.BatchSize!.Value, chunks.Count));
        int windowSize = model.Dims.NMels * WhisperLogMel.NFrames;
        var mels = new float[count * windowSize];
        var frames = new int[count];
        for (int i = 0; i < count; i++)
        {
            frames[i] = ReadWindow(first + i, mels.AsSpan(i * windowSize, windowSize));
        }

        if (first == 0)
        {
            language = ResolveLanguage(mels.AsSpan(0, windowSize));
        }

        batch.Encode(mels, count);
        DecodingResult[] results = DecodeWithFallback(first, count);
        for (int i = 0; i < count; i++)
        {
            if (!IsSilence(results[i]))
            {
                QueueSegments(first + i, i, frames[i], results[i]);
            }
        }
    }

    /// <summary>
    /// openai <c>decode_with_fallback</c> for every chunk of the batch at once (<see cref="WhisperBatchSession.DecodeWithFallback"/>),
    /// all from the same prompt. Each chunk samples from its own generator, so its tokens do not depend on the batch.
    /// </summary>
    private DecodingResult[] DecodeWithFallback(int first, int count)
    {
        WhisperModel model = pipeline.Model;
        int[] prompt = whisper.InitialPrompt is { } text ? model.Tokenizer.Encode(" " + PyString.Strip(text)) : [];
        DecodingOptions decoding = whisper.Decoding with { Language = language, PromptTokens = prompt.Length > 0 ? prompt : null };
        return batch!.DecodeWithFallback(count, whisper.Temperatures,
            (i, t) => new DecodingTask(model.Tokenizer, WhisperTranscriber.Attempt(decoding, t), model.NTextCtx, model.NAudioCtx, model.NVocab,
                new Random(whisper.Seed + first + i)),
            (_, result) => WhisperTranscriber.NeedsFallback(whisper, result), _ => 0, cancellationToken);
    }

    /// <summary>openai's no-speech skip: a probable silence whose log-probability is low too.</summary>
    private bool IsSilence(DecodingResult result) =>
        whisper.NoSpeechThreshold is { } threshold && result.NoSpeechProb > threshold
        && !(whisper.LogprobThreshold is { } logprob && result.AvgLogprob > logprob);

    /// <summary>
    /// Splits a chunk's tokens at its timestamps (seek 0, as faster-whisper's <c>forward</c>), adds word timestamps,
    /// clears empty segments as openai does, and queues them with times on the recording's timeline.
    /// </summary>
    private void QueueSegments(int chunk, int window, int segmentSize, DecodingResult result)
    {
        WhisperModel model = pipeline.Model;
        int inputStride = WhisperLogMel.NFrames / model.NAudioCtx;
        double timePrecision = inputStride * WhisperLogMel.HopLength / (double)AudioLoader.SampleRate;
        double segmentDuration = segmentSize * WhisperLogMel.HopLength / (double)AudioLoader.SampleRate;
        var (slices, _, _) = TimestampSplit.Split(result.Tokens, model.Tokenizer.Special.TimestampBegin, 0, segmentSize, segmentDuration, timePrecision, inputStride);
        List<TimedSegment> segments = slices.ConvertAll(s => new TimedSegment
        {
            Start = s.Start,
            End = s.End,
            Text = model.Tokenizer.Decode([.. s.Tokens.Where(t => t < model.Tokenizer.Special.Eot)]),
            Tokens = s.Tokens,
            Temperature = result.Temperature,
            AvgLogprob = result.AvgLogprob,
            CompressionRatio = result.CompressionRatio,
            NoSpeechProb = result.NoSpeechProb,
        });
        double offset = chunks[chunk].StartSeconds;
        if (whisper.WordTimestamps)
        {
            session ??= pipeline.Rent();
            session.Bind(batch!.Encoded(window));
            WordTimestamps.AddWordTimestamps(segments, session, model.Tokenizer, model.Tokenizer.Special.SotSequence(language, whisper.Decoding.Task),
                language, segmentSize, whisper.PrependPunctuations, whisper.AppendPunctuations, lastSpeechTimestamp - offset);
            // openai's get_end: the last word's end, else the last segment's end
            if (segments.LastOrDefault(s => s.Words is { Count: > 0 }) is { } spoken)
            {
                lastSpeechTimestamp = offset + spoken.Words![^1].End;
            }
            else if (segments.Count > 0)
            {
                lastSpeechTimestamp = offset + segments[^1].End;
            }
        }

        foreach (TimedSegment segment in segments)
        {
            if (segment.Start == segment.End || PyString.Strip(segment.Text).Length == 0)
            {
                segment.Text = "";
                segment.Tokens = [];
                segment.Words = [];
            }

            allTokens.AddRange(segment.Tokens);
            ready.Enqueue(new Segment(
                segmentCount++, chunks[chunk].Start / WhisperLogMel.HopLength, offset + segment.Start, offset + segment.End, segment.Text, segment.Tokens,
                segment.Temperature, segment.AvgLogprob, segment.CompressionRatio, segment.NoSpeechProb,
                whisper.WordTimestamps ? (segment.Words ?? []).Select(w => new Word(w.Word, offset + w.Start, offset + w.End, w.Probability)).ToList() : null));
        }
    }
}
