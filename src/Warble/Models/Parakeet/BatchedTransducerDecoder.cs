using Warble.Tensors.Gemm;

namespace Warble.Models.Parakeet;

/// <summary>
/// Greedy transducer decoding of several independent utterances at once, with the rules of
/// <see cref="TdtGreedyDecoder"/> (durations) or <see cref="RnntGreedyDecoder"/> (none), as NeMo's label-looping
/// computers (<c>GreedyBatchedTDTLabelLoopingComputer</c>, <c>GreedyBatchedRNNTLoopLabelsComputer</c>) run a batch:
/// each utterance keeps its own frame, state and tokens, and every step evaluates the joint for the unfinished
/// utterances (up to <see cref="MaxActive"/>, the others waiting their turn) and advances the prediction net for all
/// that emitted as one product each. The decoder is bound by reading the joint and LSTM weights once per step; a batch
/// of n reads them once for n tokens.
/// </summary>
internal sealed class BatchedTransducerDecoder(RnntDecoder decoder, RnntJoint joint, int[] durations, int maxSymbols)
{
    /// <summary>
    /// Utterances decoded at once: the row limit of the streamed decode products (<see cref="Gemv.MaxStreamedRows"/>).
    /// More rows took the packed product, which converts every weight for each product (16 utterances of 10 s as one
    /// batch ran 1.96× one at a time, 8 ran 3.2×). An utterance that ends makes room for the next one waiting, so the
    /// batch stays full until the last few.
    /// </summary>
    internal const int MaxActive = Gemv.MaxStreamedRows;

    private readonly int hidden = joint.Config.JointHidden;

    /// <summary>The most utterances one step of the last <see cref="Decode"/> evaluated.</summary>
    public int PeakActive { get; private set; }

    /// <summary>Decodes each utterance's encoder output [frames, d_model] (the first <c>Valid</c> frames unmasked).</summary>
    public ParakeetHypothesis[] Decode(IReadOnlyList<(float[] Encoder, int Frames, int Valid)> utterances)
    {
        int count = utterances.Count, window = Math.Min(count, MaxActive), blank = decoder.BlankId, outputs = joint.Config.NumOutputs;
        var projected = new float[count][];
        var states = new LstmState[count];
        var frames = new int[count];
        var hypotheses = new TransducerFrameLoop[count];
        var predictions = new float[count * hidden];
        var lstmOutput = new float[window * decoder.Config.PredHidden];
        var sums = new float[window * hidden];
        var logits = new float[window * outputs];
        var live = new int[window];
        var feeding = new int[window];
        var tokens = new int[window];
        var choices = new TransducerChoice[window];
        var work = new FeedBuffers(new List<LstmState>(window), new float[window * hidden]);
        int next = 0, n = 0, fed = 0;
        PeakActive = 0;
        while (true)
        {
            // Utterances waiting take the places of those that ended; each starts from the blank's prediction.
            for (; n < window && next < count; next++)
            {
                var (encoder, length, valid) = utterances[next];
                hypotheses[next] = new TransducerFrameLoop(maxSymbols, withDurations: durations.Length > 0);
                if (valid > 0)
                {
                    projected[next] = new float[length * hidden];
                    joint.ProjectEncoder(encoder, length, projected[next]);
                    states[next] = decoder.CreateState();
                    live[n++] = next;
                    feeding[fed] = next;
                    tokens[fed++] = blank;
                }
            }

            Feed(feeding, tokens, fed, states, predictions, lstmOutput, work);
            if (n == 0)
            {
                break;
            }

            PeakActive = Math.Max(PeakActive, n);
            for (int i = 0; i < n; i++)
            {
                int b = live[i];
                Span<float> sum = sums.AsSpan(i * hidden, hidden);
                Tensors.Kernels.Add.Apply(projected[b].AsSpan(frames[b] * hidden, hidden), predictions.AsSpan(b * hidden, hidden), sum);
            }

            joint.JointAfterProjection(sums, n, logits);
            TransducerChoice.OfRows(logits, n, outputs, blank, durations.Length > 0, choices);
            fed = 0;
            int kept = 0;
            for (int i = 0; i < n; i++)
            {
                int b = live[i];
                int? token = Advance(b, choices[i], utterances[b].Valid, frames, hypotheses, blank);
                if (frames[b] >= utterances[b].Valid)
                {
                    // Ended (a token forced past the last frame needs no prediction): its place goes to the next.
                    projected[b] = [];
                    continue;
                }

                live[kept++] = b;
                if (token is { } fedToken)
                {
                    feeding[fed] = b;
                    tokens[fed++] = fedToken;
                }
            }

            n = kept;
        }

        return [.. hypotheses.Select(h => h.ToHypothesis())];
    }

    /// <summary>One step of utterance <paramref name="b"/>'s rules; returns the token to feed the prediction net, if any.</summary>
    private int? Advance(int b, TransducerChoice choice, int end, int[] frames, TransducerFrameLoop[] hypotheses, int blank)
    {
        int t = frames[b], token = choice.Token;
        int duration = choice.DurationIndex >= 0 ? durations[choice.DurationIndex] : 0;
        if (token == blank)
        {
            frames[b] = t + Math.Max(duration, 1);
            return null;
        }

        hypotheses[b].Add(token, t, duration, choice.LogProb, choice.LabelLogProb);
        t += duration;
        if (t >= end)
        {
            // As TdtGreedyDecoder with the whole utterance given: a token that jumps past the end is the last.
            frames[b] = t;
            return null;
        }

        frames[b] = hypotheses[b].ForceStep(t);
        return token;
    }

    /// <summary>Advances the prediction net of utterances <paramref name="which"/>[..n] by their tokens and projects the outputs.</summary>
    private void Feed(int[] which, int[] tokens, int n, LstmState[] states, float[] predictions, float[] lstmOutput, FeedBuffers work)
    {
        if (n == 0)
        {
            return;
        }

        work.States.Clear();
        for (int i = 0; i < n; i++)
        {
            work.States.Add(states[which[i]]);
        }

        decoder.PredictBatch(tokens.AsSpan(0, n), work.States, lstmOutput, ref work.Scratch);
        joint.ProjectPrednet(lstmOutput, n, work.Projected);
        for (int i = 0; i < n; i++)
        {
            work.Projected.AsSpan(i * hidden, hidden).CopyTo(predictions.AsSpan(which[i] * hidden, hidden));
        }
    }

    /// <summary>What a feed step reuses: the fed states' list, the LSTM scratch and the projected predictions.</summary>
    private sealed class FeedBuffers(List<LstmState> states, float[] projected)
    {
        public float[] Scratch = [];

        public List<LstmState> States { get; } = states;

        public float[] Projected { get; } = projected;
    }
}
