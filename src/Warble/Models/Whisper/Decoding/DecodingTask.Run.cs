namespace Warble.Models.Whisper.Decoding;

/// <summary>The run and main loop of <see cref="DecodingTask"/> (openai <c>run</c>, <c>_main_loop</c>).</summary>
internal sealed partial class DecodingTask
{
    /// <summary>Decodes the window whose encoder output <paramref name="session"/> holds.</summary>
    public DecodingResult Run(IWhisperDecoderSession session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        var decoder = CreateDecoder(session);
        decoder.Reset();
        int[] tokens0 = [.. initialTokens];

        // detect language if requested, overwriting the language token
        string language = options.Language ?? "en";
        Dictionary<string, double>? languageProbs = null;
        if (options.Language is null || options.Task == "lang_id")
        {
            (int languageToken, languageProbs) = LanguageDetection.Detect(session, tokenizer.Special);
            language = LanguageDetection.MostProbable(languageProbs);
            if (options.Language is null)
            {
                tokens0[SotIndex + 1] = languageToken;
            }

            if (options.Task == "lang_id")
            {
                return new DecodingResult(language, languageProbs, [], "", double.NaN, double.NaN, double.NaN, double.NaN);
            }
        }

        var tokens = new TokenBuffer(nGroup, SampleBegin + sampleLen);
        tokens.Initialize(tokens0);
        var sumLogprobs = new float[nGroup];
        double noSpeechProb = MainLoop(session, decoder, tokens, sumLogprobs, cancellationToken);

        // the final candidates, sliced between the first sampled token and the first eot
        var candidates = decoder.Finalize(tokens, sumLogprobs);
        var lengths = new int[candidates.Count];
        var scores = new double[candidates.Count];
        for (int i = 0; i < candidates.Count; i++)
        {
            int eotIndex = Array.IndexOf(candidates[i].Tokens, tokenizer.Special.Eot);
            lengths[i] = Math.Max(0, eotIndex - SampleBegin);
            scores[i] = candidates[i].SumLogprob;
        }

        int selected = sequenceRanker.Rank(lengths, scores);
        int[] sampled = candidates[selected].Tokens.AsSpan(SampleBegin, lengths[selected]).ToArray();
        string text = PyString.Strip(tokenizer.Decode(sampled));
        double avgLogprob = scores[selected] / (sampled.Length + 1);
        return new DecodingResult(
            language, languageProbs, sampled, text, avgLogprob, noSpeechProb, options.Temperature, CompressionRatio.Compute(text));
    }

    private ITokenDecoder CreateDecoder(IWhisperDecoderSession session) => options.BeamSize is { } beamSize
        ? new BeamSearchDecoder(beamSize, tokenizer.Special.Eot, session, options.Patience)
        : new GreedyDecoder(options.Temperature, tokenizer.Special.Eot, random);

    /// <summary>
    /// openai <c>_main_loop</c>: forward, read no_speech_prob at the sot position of the first
    /// pass, filter the last position's logits, let the decoder append, stop on completion or when
    /// the context is full. Returns no_speech_prob.
    /// </summary>
    private double MainLoop(IWhisperDecoderSession session, ITokenDecoder decoder, TokenBuffer tokens, float[] sumLogprobs, CancellationToken cancellationToken)
    {
        var firstInput = new int[nGroup * SampleBegin];
        var firstLogits = new float[nGroup * 2 * nVocab];
        var stepInput = new int[nGroup];
        var logits = new float[nGroup * nVocab];
        double noSpeechProb = double.NaN;
        session.Reset(nGroup);
        for (int i = 0; i < sampleLen; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (i == 0)
            {
                ForwardInitial(session, tokens, firstInput, firstLogits, logits);
                noSpeechProb = LogitMath.SoftmaxAt(firstLogits.AsSpan(0, nVocab), tokenizer.Special.NoSpeech);
            }
            else
            {
                for (int row = 0; row < nGroup; row++)
                {
                    stepInput[row] = tokens.Last(row);
                }

                session.Forward(stepInput, nGroup, 1, [0], logits);
            }

            for (int row = 0; row < nGroup; row++)
            {
                foreach (var filter in logitFilters)
                {
                    filter.Apply(logits.AsSpan(row * nVocab, nVocab), tokens.Row(row));
                }
            }

            bool completed = decoder.Update(tokens, logits, sumLogprobs);
            if (completed || tokens.Length > nCtx)
            {
                break;
            }
        }

        return noSpeechProb;
    }

    private void ForwardInitial(IWhisperDecoderSession session, TokenBuffer tokens, int[] input, float[] twoPositions, float[] logits)
    {
        for (int row = 0; row < nGroup; row++)
        {
            tokens.Row(row).CopyTo(input.AsSpan(row * SampleBegin));
        }

        session.Forward(input, nGroup, SampleBegin, [SotIndex, SampleBegin - 1], twoPositions);
        for (int row = 0; row < nGroup; row++)
        {
            twoPositions.AsSpan(((row * 2) + 1) * nVocab, nVocab).CopyTo(logits.AsSpan(row * nVocab));
        }
    }
}
