namespace Warble.Models.Parakeet;

/// <summary>
/// Greedy transducer decoding of several independent utterances at once, with the rules of
/// <see cref="TdtGreedyDecoder"/> (durations) or <see cref="RnntGreedyDecoder"/> (none), as NeMo's label-looping
/// computers (<c>GreedyBatchedTDTLabelLoopingComputer</c>, <c>GreedyBatchedRNNTLoopLabelsComputer</c>) run a batch:
/// each utterance keeps its own frame, state and tokens, and every step evaluates the joint for all unfinished
/// utterances and advances the prediction net for all that emitted as one product each. The decoder is bound by
/// reading the joint and LSTM weights once per step; a batch of n reads them once for n tokens.
/// </summary>
internal sealed class BatchedTransducerDecoder(RnntDecoder decoder, RnntJoint joint, int[] durations, int maxSymbols)
{
    private readonly int hidden = joint.Config.JointHidden;

    /// <summary>Decodes each utterance's encoder output [frames, d_model] (the first <c>Valid</c> frames unmasked).</summary>
    public ParakeetHypothesis[] Decode(IReadOnlyList<(float[] Encoder, int Frames, int Valid)> utterances)
    {
        int count = utterances.Count, blank = decoder.BlankId, outputs = joint.Config.NumOutputs, predHidden = decoder.Config.PredHidden;
        var projected = new float[count][];
        var states = new LstmState[count];
        var frames = new int[count];
        var hypotheses = new TransducerFrameLoop[count];
        var predictions = new float[count * hidden];
        var lstmOutput = new float[count * predHidden];
        var sums = new float[count * hidden];
        var logits = new float[count * outputs];
        var active = new int[count];
        var feeding = new int[count];
        var tokens = new int[count];
        var choices = new TransducerChoice[count];
        var work = new FeedBuffers(new List<LstmState>(count), new float[count * hidden]);
        for (int b = 0; b < count; b++)
        {
            var (encoder, length, _) = utterances[b];
            projected[b] = new float[length * hidden];
            joint.ProjectEncoder(encoder, length, projected[b]);
            states[b] = decoder.CreateState();
            hypotheses[b] = new TransducerFrameLoop(maxSymbols, withDurations: durations.Length > 0);
            tokens[b] = blank;
        }

        Feed([.. Enumerable.Range(0, count)], tokens, count, states, predictions, lstmOutput, work);
        while (true)
        {
            int n = 0;
            for (int b = 0; b < count; b++)
            {
                if (frames[b] < utterances[b].Valid)
                {
                    active[n++] = b;
                }
            }

            if (n == 0)
            {
                break;
            }

            for (int i = 0; i < n; i++)
            {
                int b = active[i];
                Span<float> sum = sums.AsSpan(i * hidden, hidden);
                Tensors.Kernels.Add.Apply(projected[b].AsSpan(frames[b] * hidden, hidden), predictions.AsSpan(b * hidden, hidden), sum);
            }

            joint.JointAfterProjection(sums, n, logits);
            TransducerChoice.OfRows(logits, n, outputs, blank, durations.Length > 0, choices);
            int fed = 0;
            for (int i = 0; i < n; i++)
            {
                int b = active[i];
                if (Advance(b, choices[i], utterances[b].Valid, frames, hypotheses, blank) is { } token)
                {
                    feeding[fed] = b;
                    tokens[fed++] = token;
                }
            }

            Feed(feeding, tokens, fed, states, predictions, lstmOutput, work);
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
