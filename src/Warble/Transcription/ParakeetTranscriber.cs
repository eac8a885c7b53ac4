using Warble.Audio;
using Warble.Formats;
using Warble.Models.Common;
using Warble.Models.Parakeet;
using Warble.Text;

namespace Warble.Transcription;

/// <summary>
/// Parakeet end to end, as NeMo's <c>EncDecRNNTBPEModel.transcribe(..., timestamps=True)</c> for one 16 kHz
/// utterance: the preprocessor (<see cref="NemoFilterbank"/> with the checkpoint's window and filterbank), the
/// FastConformer encoder, greedy TDT/RNN-T/CTC decoding, and NeMo's word and segment timestamps.
/// </summary>
internal sealed partial class ParakeetTranscriber : ITranscriptionPipeline
{
    private readonly string[] pieces;

    public ParakeetTranscriber(ParakeetModel model, NemoFilterbank preprocessor, SentencePieceTokenizer tokenizer)
    {
        if (tokenizer.Count != model.VocabSize)
        {
            throw new ModelFormatException($"the tokenizer has {tokenizer.Count} pieces, the decoder {model.VocabSize} tokens");
        }

        if (preprocessor.Features != model.Encoder.Config.FeatIn)
        {
            throw new ModelFormatException($"the preprocessor makes {preprocessor.Features} features, the encoder takes {model.Encoder.Config.FeatIn}");
        }

        Model = model;
        Preprocessor = preprocessor;
        Tokenizer = tokenizer;
        pieces = Enumerable.Range(0, tokenizer.Count).Select(tokenizer.IdToPiece).ToArray();
    }

    public ParakeetModel Model { get; }

    public NemoFilterbank Preprocessor { get; }

    public SentencePieceTokenizer Tokenizer { get; }

    /// <summary>Names the cause when the encoder output is not finite.</summary>
    public NonFiniteGuard Guard { get; init; } = NonFiniteGuard.None;

    /// <summary>Seconds per encoder frame: window_stride × subsampling_factor.</summary>
    public double FrameSeconds => Model.Config.WindowStride * Model.Encoder.Config.SubsamplingFactor;

    /// <summary>
    /// The transcriber of a loaded Parakeet file: the network, the preprocessor from the yaml's <c>preprocessor</c>
    /// section with <c>preprocessor.featurizer.window</c> and <c>.fb</c> when the file has them, and the SentencePiece
    /// tokenizer. The model must stay open while the transcriber is used.
    /// </summary>
    public static ParakeetTranscriber FromLoaded(LoadedModel loaded)
    {
        ParakeetModel model = ParakeetModel.FromLoaded(loaded);
        NemoFilterbank preprocessor = ParakeetFeaturizer.FromLoaded(loaded);
        byte[] spm = loaded.Tokenizer.SentencePieceModel
            ?? throw new ModelFormatException($"{loaded.Source}: the Parakeet model has no SentencePiece tokenizer model");
        return new ParakeetTranscriber(model, preprocessor, SentencePieceTokenizer.FromBytes(spm, loaded.Source))
        {
            Guard = new NonFiniteGuard(loaded.Source, loaded.Weights),
        };
    }

    /// <summary>
    /// The preprocessor output, [n_mels, frames] as NeMo returns it, the padded tail frame(s) included; the valid
    /// length is <see cref="NemoFilterbank.SeqLen"/> of the sample count.
    /// </summary>
    public float[] Features(ReadOnlySpan<float> audio16k, out int frames) => Preprocessor.Compute(audio16k, out frames);

    /// <summary>
    /// The encoder output [T', d_model] over NeMo's encoded_length frames T' (in windows when longer than
    /// <see cref="MaxFramesPerPass"/>).
    /// </summary>
    public float[] Encode(ReadOnlySpan<float> audio16k, out int frames) => Encode(audio16k, out frames, CancellationToken.None);

    private float[] Encode(ReadOnlySpan<float> audio16k, out int frames, CancellationToken cancellationToken)
    {
        float[] features = Features(audio16k, out int featureFrames);
        return EncodeFeatures(features, featureFrames, Preprocessor.SeqLen(audio16k.Length), out frames, cancellationToken);
    }

    /// <summary>Decodes one utterance into NeMo's text, segments and words (<see cref="BuildResult"/>).</summary>
    public TranscriptionResult Transcribe(ReadOnlySpan<float> audio16k, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (Preprocessor.SeqLen(audio16k.Length) == 0)
        {
            // NeMo's valid length is 0 here and nothing is decoded; the subsampling arithmetic would still yield one frame.
            return new TranscriptionResult("", "", []);
        }

        float[] encoded = Encode(audio16k, out int frames, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        ParakeetHypothesis hyp = Model.DecodeGreedy(encoded, frames, frames);
        return BuildResult(hyp);
    }
}
