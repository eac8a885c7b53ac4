namespace Warble.Tests.Vad;

/// <summary>VadOptions: faster-whisper's defaults and the checks of <see cref="VadOptions.Validate"/>.</summary>
public class VadOptionsTests
{
    [Fact]
    public void DefaultsAreFasterWhispers()
    {
        var o = new VadOptions();
        Assert.Equal((0.5, (double?)null, 0, double.PositiveInfinity, 2000, 400, 98, true),
            (o.Threshold, o.NegThreshold, o.MinSpeechDurationMs, o.MaxSpeechDurationS, o.MinSilenceDurationMs, o.SpeechPadMs, o.MinSilenceAtMaxSpeech, o.UseMaxPossSilAtMaxSpeech));
        Assert.Equal(0.35, o.EffectiveNegThreshold, 12);
        Assert.Equal(0.01, (o with { Threshold = 0.1 }).EffectiveNegThreshold);
        o.Validate();
    }

    [Theory]
    [InlineData(nameof(VadOptions.Threshold))]
    [InlineData(nameof(VadOptions.NegThreshold))]
    [InlineData(nameof(VadOptions.MinSpeechDurationMs))]
    [InlineData(nameof(VadOptions.MaxSpeechDurationS))]
    [InlineData(nameof(VadOptions.MinSilenceDurationMs))]
    [InlineData(nameof(VadOptions.SpeechPadMs))]
    [InlineData(nameof(VadOptions.MinSilenceAtMaxSpeech))]
    public void ValidateNamesTheSettingOutOfRange(string name)
    {
        var bad = name switch
        {
            nameof(VadOptions.Threshold) => new VadOptions { Threshold = double.NaN },
            nameof(VadOptions.NegThreshold) => new VadOptions { NegThreshold = -0.1 },
            nameof(VadOptions.MinSpeechDurationMs) => new VadOptions { MinSpeechDurationMs = -1 },
            nameof(VadOptions.MaxSpeechDurationS) => new VadOptions { MaxSpeechDurationS = 0 },
            nameof(VadOptions.MinSilenceDurationMs) => new VadOptions { MinSilenceDurationMs = -1 },
            nameof(VadOptions.SpeechPadMs) => new VadOptions { SpeechPadMs = -5 },
            _ => new VadOptions { MinSilenceAtMaxSpeech = -1 },
        };
        Assert.Equal(name, Assert.Throws<ArgumentOutOfRangeException>(bad.Validate).ParamName);
    }
}
