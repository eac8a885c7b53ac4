using Warble.Formats;
using Warble.Models.Parakeet;
using Warble.Tensors;

namespace Warble.Tests.Parakeet;

/// <summary>A GGUF converted from the .nemo decodes as the .nemo does.</summary>
public class ParakeetGgufTests
{
    [Theory]
    [InlineData("f32", 1e-5f, 0f)]
    [InlineData("f16", 2e-2f, 2e-2f)]
    public void ConvertedGgufGivesTheSameTokensAndEncoderOutput(string typeName, float encoderAtol, float jointAtol)
    {
        DTypeInfo.TryParse(typeName, out DType matrixType);
        string temp = Path.Combine(Path.GetTempPath(), $"warble-parakeet-{Guid.NewGuid():N}.gguf");
        try
        {
            using (var stream = File.Create(temp))
            {
                GgufModelWriter.Write(ParakeetGolden.Loaded.Value, matrixType, stream);
            }

            using LoadedModel gguf = ModelLoader.Load(temp);
            ParakeetModel model = ParakeetModel.FromLoaded(gguf);
            Assert.Equal(ParakeetGolden.Model.Value.Config.Durations, model.Config.Durations);
            foreach (string stem in (string[])["jfk", "espeak"])
            {
                float[] features = ParakeetGolden.Npy(stem, "features.npy", out int[] shape);
                (float[] expected, int frames, int length) = ParakeetGolden.Encoded(stem);
                var output = new float[expected.Length];
                Assert.Equal(length, model.Encoder.Forward(features, shape[1], ParakeetGolden.Decode(stem).GetProperty("features_length").GetInt32(), output));
                ParakeetGolden.AssertClose(expected, output, encoderAtol, $"{typeName} {stem} encoder");

                if (matrixType == DType.F32)
                {
                    ParakeetHypothesis reference = ParakeetGolden.Model.Value.DecodeGreedy(expected, frames, length);
                    ParakeetHypothesis actual = model.DecodeGreedy(output, frames, length);
                    Assert.Equal(reference.Tokens, actual.Tokens);
                    Assert.Equal(reference.Timesteps, actual.Timesteps);
                    Assert.Equal(reference.TokenDurations, actual.TokenDurations);
                }
                else
                {
                    // The random model's decisions have margins down to 4e-4 (golden.json): f16 weights flip some, so the
                    // f16 head is checked on NeMo's joint logits instead.
                    TransducerTests.AssertJointRows(model, stem, jointAtol);
                }
            }
        }
        finally
        {
            File.Delete(temp);
        }
    }
}
