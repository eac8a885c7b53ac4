namespace Warble.Models.Whisper.Decoding;

/// <summary>The run and main loop of <see cref="DecodingTask"/> (openai <c>run</c>, <c>_main_loop</c>).</summary>
internal sealed partial class DecodingTask
{
    /// <summary>Decodes the window whose encoder output <paramref name="session"/> holds.</summary>
    public DecodingResult Run(IWhisperDecoderSession session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
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

        var lane = new Lane(this, session, tokens0, language, languageProbs);
        MainLoop(session, lane, cancellationToken);
        return lane.Finish();
    }

    /// <summary>
    /// A run of this task whose decoder forward passes are made by the caller, so that several runs (independent
    /// chunks) can share each forward pass: one weight read serves the rows of all of them.
    /// </summary>
    /// <param name="session">Receives the beam search's cache reorders, relative to this run's rows.</param>
    public Lane Start(IWhisperDecoderSession session)
    {
        if (options.Language is null || options.Task == "lang_id")
        {
            throw new InvalidOperationException("a run decoded in a batch needs its language given");
        }

        return new Lane(this, session, [.. initialTokens], options.Language, null);
    }

    private ITokenDecoder CreateDecoder(IWhisperDecoderSession session) => options.BeamSize is { } beamSize
        ? new BeamSearchDecoder(beamSize, tokenizer.Special.Eot, session, options.Patience)
        : new GreedyDecoder(options.Temperature, tokenizer.Special.Eot, random);

    /// <summary>openai <c>_main_loop</c> over one run: the initial pass, then a pass per sampled token until done.</summary>
    private void MainLoop(IWhisperDecoderSession session, Lane lane, CancellationToken cancellationToken)
    {
        var firstInput = new int[nGroup * SampleBegin];
        var firstLogits = new float[nGroup * 2 * nVocab];
        var stepInput = new int[nGroup];
        session.Reset(nGroup);
        cancellationToken.ThrowIfCancellationRequested();
        lane.WriteInitial(firstInput);
        session.Forward(firstInput, nGroup, SampleBegin, lane.InitialLogitPositions, firstLogits);
        lane.AcceptInitial(firstLogits);
        while (!lane.Done)
        {
            cancellationToken.ThrowIfCancellationRequested();
            lane.WriteStep(stepInput);
            session.Forward(stepInput, nGroup, 1, [0], lane.Logits);
            lane.Accept(lane.Logits);
        }
    }
}
