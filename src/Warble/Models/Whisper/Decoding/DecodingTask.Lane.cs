namespace Warble.Models.Whisper.Decoding;

/// <summary>One run of a <see cref="DecodingTask"/>, advanced a decoder pass at a time by its caller.</summary>
internal sealed partial class DecodingTask
{
    /// <summary>
    /// The state of openai <c>_main_loop</c> for one audio (tokens, cumulative log-probabilities, the token decoder),
    /// with the forward pass left to the caller: <see cref="WriteInitial"/> / <see cref="AcceptInitial"/> for the
    /// first pass, then <see cref="WriteStep"/> / <see cref="Accept"/> until <see cref="Done"/>.
    /// </summary>
    internal sealed class Lane
    {
        private readonly DecodingTask task;
        private readonly ITokenDecoder decoder;
        private readonly TokenBuffer tokens;
        private readonly float[] sumLogprobs;
        private readonly string language;
        private readonly Dictionary<string, double>? languageProbs;
        private double noSpeechProb = double.NaN;
        private int steps;

        public Lane(DecodingTask task, IWhisperDecoderSession session, int[] tokens0, string language, Dictionary<string, double>? languageProbs)
        {
            this.task = task;
            this.language = language;
            this.languageProbs = languageProbs;
            decoder = task.CreateDecoder(session);
            decoder.Reset();
            tokens = new TokenBuffer(task.nGroup, task.SampleBegin + task.sampleLen);
            tokens.Initialize(tokens0);
            sumLogprobs = new float[task.nGroup];
            Logits = new float[task.nGroup * task.nVocab];
            InitialLogitPositions = [task.SotIndex, task.SampleBegin - 1];
        }

        /// <summary>Sequences this run decodes side by side (beams or best-of candidates).</summary>
        public int Rows => task.nGroup;

        /// <summary>Tokens each row feeds in the first pass.</summary>
        public int InitialLength => task.SampleBegin;

        /// <summary>The positions of the first pass whose logits <see cref="AcceptInitial"/> takes: sot and the last.</summary>
        public int[] InitialLogitPositions { get; }

        /// <summary>A buffer for one pass's logits [Rows, n_vocab], for callers that have none.</summary>
        public float[] Logits { get; }

        /// <summary>Whether decoding is complete (every row ended, or the sample length or context is used up).</summary>
        public bool Done { get; private set; }

        /// <summary>The first pass's tokens [Rows, InitialLength].</summary>
        public void WriteInitial(Span<int> input)
        {
            for (int row = 0; row < Rows; row++)
            {
                tokens.Row(row).CopyTo(input[(row * InitialLength)..]);
            }
        }

        /// <summary>Takes the first pass's logits [Rows, 2, n_vocab] at <see cref="InitialLogitPositions"/>.</summary>
        public void AcceptInitial(ReadOnlySpan<float> twoPositions)
        {
            int nVocab = task.nVocab;
            noSpeechProb = LogitMath.SoftmaxAt(twoPositions[..nVocab], task.tokenizer.Special.NoSpeech);
            for (int row = 0; row < Rows; row++)
            {
                twoPositions.Slice(((row * 2) + 1) * nVocab, nVocab).CopyTo(Logits.AsSpan(row * nVocab));
            }

            Accept(Logits);
        }

        /// <summary>The next pass's tokens [Rows]: each row's last token.</summary>
        public void WriteStep(Span<int> input)
        {
            for (int row = 0; row < Rows; row++)
            {
                input[row] = tokens.Last(row);
            }
        }

        /// <summary>Filters the logits [Rows, n_vocab] in place and lets the decoder append the next tokens.</summary>
        public void Accept(Span<float> logits)
        {
            int nVocab = task.nVocab;
            for (int row = 0; row < Rows; row++)
            {
                foreach (ILogitFilter filter in task.logitFilters)
                {
                    filter.Apply(logits.Slice(row * nVocab, nVocab), tokens.Row(row));
                }
            }

            bool completed = decoder.Update(tokens, logits, sumLogprobs);
            steps++;
            Done = completed || tokens.Length > task.nCtx || steps == task.sampleLen;
        }

        /// <summary>The final candidates, ranked, as openai <c>run</c> ends.</summary>
        public DecodingResult Finish()
        {
            // the final candidates, sliced between the first sampled token and the first eot
            int eot = task.tokenizer.Special.Eot;
            var candidates = decoder.Finalize(tokens, sumLogprobs);
            var lengths = new int[candidates.Count];
            var scores = new double[candidates.Count];
            for (int i = 0; i < candidates.Count; i++)
            {
                int eotIndex = Array.IndexOf(candidates[i].Tokens, eot);
                lengths[i] = Math.Max(0, eotIndex - task.SampleBegin);
                scores[i] = candidates[i].SumLogprob;
            }

            int selected = task.sequenceRanker.Rank(lengths, scores);
            int[] sampled = candidates[selected].Tokens.AsSpan(task.SampleBegin, lengths[selected]).ToArray();
            string text = PyString.Strip(task.tokenizer.Decode(sampled));
            double avgLogprob = scores[selected] / (sampled.Length + 1);
            return new DecodingResult(
                language, languageProbs, sampled, text, avgLogprob, noSpeechProb, task.options.Temperature, CompressionRatio.Compute(text));
        }
    }
}
