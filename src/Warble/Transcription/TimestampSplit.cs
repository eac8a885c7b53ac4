namespace Warble.Transcription;

/// <summary>
/// openai <c>transcribe</c>'s split of one window's tokens into segments at consecutive timestamp tokens (the same
/// logic as faster-whisper's <c>_split_segments_by_timestamps</c>), and how far the window lets the seek advance.
/// </summary>
internal static class TimestampSplit
{
    /// <param name="tokens">The window's sampled tokens.</param>
    /// <param name="timestampBegin">The id of <c>&lt;|0.00|&gt;</c>.</param>
    /// <param name="timeOffset">Seconds of the window's start.</param>
    /// <param name="segmentSize">Mel frames of audio in the window.</param>
    /// <param name="segmentDuration">Seconds of audio in the window.</param>
    /// <param name="timePrecision">Seconds per timestamp step (0.02).</param>
    /// <param name="inputStride">Mel frames per timestamp step (2).</param>
    /// <returns>The segments' tokens and times, whether a lone timestamp ends the tokens, and the seek advance in frames.</returns>
    public static (List<(int[] Tokens, double Start, double End)> Segments, bool SingleTimestampEnding, int SeekAdvance) Split(
        int[] tokens, int timestampBegin, double timeOffset, int segmentSize, double segmentDuration, double timePrecision, int inputStride)
    {
        var segments = new List<(int[], double, double)>();
        int n = tokens.Length;
        bool singleTimestampEnding = n >= 2 && tokens[n - 2] < timestampBegin && tokens[n - 1] >= timestampBegin;
        var slices = new List<int>();
        for (int i = 1; i < n; i++)
        {
            if (tokens[i - 1] >= timestampBegin && tokens[i] >= timestampBegin)
            {
                slices.Add(i);
            }
        }

        if (slices.Count > 0)
        {
            if (singleTimestampEnding)
            {
                slices.Add(n);
            }

            int lastSlice = 0;
            foreach (int currentSlice in slices)
            {
                int[] sliced = tokens[lastSlice..currentSlice];
                int startPos = sliced[0] - timestampBegin;
                int endPos = sliced[^1] - timestampBegin;
                segments.Add((sliced, timeOffset + (startPos * timePrecision), timeOffset + (endPos * timePrecision)));
                lastSlice = currentSlice;
            }

            // single timestamp at the end means no speech after it; otherwise seek to the last timestamp
            return (segments, singleTimestampEnding, singleTimestampEnding ? segmentSize : (tokens[lastSlice - 1] - timestampBegin) * inputStride);
        }

        double duration = segmentDuration;
        int lastTimestamp = Array.FindLast(tokens, t => t >= timestampBegin);
        if (Array.Exists(tokens, t => t >= timestampBegin) && lastTimestamp != timestampBegin)
        {
            duration = (lastTimestamp - timestampBegin) * timePrecision; // use the last timestamp
        }

        segments.Add((tokens, timeOffset, timeOffset + duration));
        return (segments, singleTimestampEnding, segmentSize);
    }
}
