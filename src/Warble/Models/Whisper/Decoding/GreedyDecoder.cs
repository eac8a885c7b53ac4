using System.Numerics.Tensors;
using Warble.Models.Common;
using Warble.Tensors.Kernels;

namespace Warble.Models.Whisper.Decoding;

/// <summary>
/// Argmax at temperature 0, otherwise a sample from softmax(logits / T), as openai-whisper's
/// <c>GreedyDecoder</c>. Finished rows keep emitting eot and stop accumulating log-probability.
/// </summary>
/// <remarks>Sampling uses the given <see cref="Random"/>, so sampled tokens cannot equal torch's
/// <c>Categorical.sample()</c> draws; greedy (T = 0) is exact.</remarks>
internal sealed class GreedyDecoder : ITokenDecoder
{
    private readonly double temperature;
    private readonly int eot;
    private readonly Random random;
    private int[] nextTokens = [];
    private float[] probabilities = [];

    public GreedyDecoder(double temperature, int eot, Random random)
    {
        this.temperature = temperature;
        this.eot = eot;
        this.random = random;
    }

    public void Reset()
    {
    }

    public bool Update(TokenBuffer tokens, ReadOnlySpan<float> logits, Span<float> sumLogprobs)
    {
        int batch = tokens.Batch;
        int nVocab = logits.Length / batch;
        if (nextTokens.Length != batch)
        {
            nextTokens = new int[batch];
        }

        bool completed = true;
        for (int row = 0; row < batch; row++)
        {
            var rowLogits = logits.Slice(row * nVocab, nVocab);
            int next = temperature == 0 ? Nn.Argmax(rowLogits) : Sample(rowLogits);
            float currentLogprob = rowLogits[next] - LogitMath.LogSumExp(rowLogits);
            if (tokens.Last(row) == eot)
            {
                next = eot;
            }
            else
            {
                sumLogprobs[row] += currentLogprob;
            }

            nextTokens[row] = next;
            completed &= next == eot;
        }

        tokens.Append(nextTokens);
        return completed;
    }

    public IReadOnlyList<(int[] Tokens, double SumLogprob)> Finalize(TokenBuffer tokens, ReadOnlySpan<float> sumLogprobs)
    {
        // make sure each sequence has at least one eot at the end
        var result = new (int[], double)[tokens.Batch];
        for (int row = 0; row < tokens.Batch; row++)
        {
            result[row] = ([.. tokens.Row(row), eot], sumLogprobs[row]);
        }

        return result;
    }

    private int Sample(ReadOnlySpan<float> logits)
    {
        if (probabilities.Length != logits.Length)
        {
            probabilities = new float[logits.Length];
        }

        // softmax(logits / T); a suppressed (−∞) token gets exactly 0 and is never drawn.
        TensorPrimitives.Multiply(logits, (float)(1 / temperature), probabilities);
        Softmax.Apply(probabilities, probabilities.Length, probabilities);
        double u = random.NextDouble();
        int last = 0;
        for (int i = 0; i < probabilities.Length; i++)
        {
            float p = probabilities[i];
            if (p > 0)
            {
                last = i;
                u -= p;
                if (u < 0)
                {
                    return i;
                }
            }
        }

        return last;
    }
}
