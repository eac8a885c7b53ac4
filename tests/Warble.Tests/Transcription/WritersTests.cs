using Warble.Transcription;
using Warble.Transcription.Writers;

namespace Warble.Tests.Transcription;

public class WritersTests
{
    private static readonly TranscriptionResult Result = new(" Hello world. Next --> line", "en",
    [
        new Segment(0, 0, 0.0, 1.5, " Hello world.", [], 0.0, -0.1, 1.0, 0.01, null),
        new Segment(1, 150, 3661.25, 3662.0625, " Next --> line\tend", [], 0.0, -0.1, 1.0, 0.01, null),
    ]);

    private static string Write(ResultWriter writer, TranscriptionResult result, SubtitleOptions? options = null)
    {
        using var text = new StringWriter();
        writer.WriteResult(result, text, options);
        return text.ToString();
    }

    [Theory]
    [InlineData(0.0, false, ".", "00:00.000")]
    [InlineData(1.5, true, ",", "00:00:01,500")]
    [InlineData(3661.25, false, ".", "01:01:01.250")]
    [InlineData(0.0625, false, ".", "00:00.062")]
    [InlineData(59.9996, false, ".", "01:00.000")]
    public void FormatTimestampMatchesOpenai(double seconds, bool hours, string marker, string expected)
    {
        Assert.Equal(expected, ResultWriter.FormatTimestamp(seconds, hours, marker));
    }

    [Fact]
    public void SrtVttTxtTsvAreExact()
    {
        Assert.Equal(
            "1\n00:00:00,000 --> 00:00:01,500\nHello world.\n\n2\n01:01:01,250 --> 01:01:02,062\nNext -> line\tend\n\n",
            Write(new WriteSRT(), Result));
        Assert.Equal(
            "WEBVTT\n\n00:00.000 --> 00:01.500\nHello world.\n\n01:01:01.250 --> 01:01:02.062\nNext -> line\tend\n\n",
            Write(new WriteVTT(), Result));
        Assert.Equal("Hello world.\nNext --> line\tend\n", Write(new WriteTXT(), Result));
        Assert.Equal("start\tend\ttext\n0\t1500\tHello world.\n3661250\t3662062\tNext --> line end\n", Write(new WriteTSV(), Result));
    }

    [Fact]
    public void WordLevelCuesFollowMaxLineWidthAndHighlighting()
    {
        var words = new List<Word> { new(" Hello", 0.0, 0.5, 0.9), new(" big", 0.5, 1.0, 0.9), new(" world.", 1.0, 1.5, 0.9) };
        var result = new TranscriptionResult(" Hello big world.", "en", [new Segment(0, 0, 0.0, 1.5, " Hello big world.", [], 0, 0, 1, 0, words)]);

        Assert.Equal("WEBVTT\n\n00:00.000 --> 00:01.500\nHello big world.\n\n", Write(new WriteVTT(), result));
        Assert.Equal(
            "WEBVTT\n\n00:00.000 --> 00:01.000\nHello big\n\n00:01.000 --> 00:01.500\nworld.\n\n",
            Write(new WriteVTT(), result, new SubtitleOptions { MaxLineWidth = 10, MaxLineCount = 1 }));
        Assert.Equal(
            "WEBVTT\n\n00:00.000 --> 00:00.500\n<u>Hello</u> big world.\n\n00:00.500 --> 00:01.000\nHello <u>big</u> world.\n\n"
            + "00:01.000 --> 00:01.500\nHello big <u>world.</u>\n\n",
            Write(new WriteVTT(), result, new SubtitleOptions { HighlightWords = true }));
    }
}
