namespace Warble.Models.Parakeet;

/// <summary>The <c>decoder</c> section of a transducer model_config.yaml (NeMo <c>RNNTDecoder</c>), named after its keys.</summary>
/// <param name="VocabSize">vocab_size: tokens without the blank; the blank id is VocabSize.</param>
/// <param name="PredHidden">prednet.pred_hidden.</param>
/// <param name="PredRnnLayers">prednet.pred_rnn_layers.</param>
internal sealed record RnntDecoderConfig(int VocabSize, int PredHidden, int PredRnnLayers);
