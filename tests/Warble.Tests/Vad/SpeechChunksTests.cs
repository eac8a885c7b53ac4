using Warble.Vad;

namespace Warble.Tests.Vad;

/// <summary>faster-whisper's <c>collect_chunks</c> and <c>SpeechTimestampsMap</c>, on hand-worked regions.</summary>
public class SpeechChunksTests
{
    private static readonly SpeechRegion[] Regions = [new(16000, 48000), new(80000, 96000), new(160000, 176000)];

    [Fact]
    public void CollectJoinsTheRegionsSamples()
    {
        float[] audio = [.. Enumerable.Range(0, 200000).Select(i => (float)i)];
        SpeechChunk chunk = Assert.Single(SpeechChunks.Collect(audio, Regions));
        Assert.Equal(64000, chunk.Audio.Length);
        Assert.Equal((0.0, 4.0), (chunk.Offset, chunk.Duration));
        Assert.Equal(Regions, chunk.Segments);
        Assert.Equal([16000f, 47999f, 80000f, 95999f, 160000f, 175999f],
            new[] { chunk.Audio[0], chunk.Audio[31999], chunk.Audio[32000], chunk.Audio[47999], chunk.Audio[48000], chunk.Audio[63999] });
    }

    [Fact]
    public void CollectStartsANewChunkWhenTheNextRegionWouldPassTheLimit()
    {
        List<SpeechChunk> chunks = SpeechChunks.Collect(new float[200000], Regions, maxDurationS: 3);
        Assert.Equal(2, chunks.Count);
        Assert.Equal((0.0, 3.0, 48000), (chunks[0].Offset, chunks[0].Duration, chunks[0].Audio.Length));
        Assert.Equal((3.0, 1.0, 16000), (chunks[1].Offset, chunks[1].Duration, chunks[1].Audio.Length));
        Assert.Equal(Regions[..2], chunks[0].Segments);
        Assert.Equal(Regions[2..], chunks[1].Segments);
    }

    [Fact]
    public void MergeGathersRegionsIntoSpansOfAtMostTheChunkLength()
    {
        // Worked by hand with merge_segments: 1-3 s, 5-6 s, 10-11 s in spans of 6 s; the third would end 10 s after 1 s.
        Assert.Equal([new SpeechRegion(16000, 96000), new SpeechRegion(160000, 176000)], SpeechChunks.Merge(Regions, 400, 6));
        Assert.Equal([new SpeechRegion(16000, 176000)], SpeechChunks.Merge(Regions, 400, 30));
        Assert.Empty(SpeechChunks.Merge([], 400, 30));
    }

    [Fact]
    public void MergeTakesThePaddingOffRegionsThatOverlap()
    {
        // edge_padding = 400 ms = 6400 samples comes off the first region's end, which overlaps the next start; the
        // second start is compared with that new end (Python mutates the list), no longer overlaps, and keeps its padding.
        SpeechRegion[] touching = [new(0, 20000), new(19000, 40000), new(100000, 500000)];
        Assert.Equal([new SpeechRegion(0, 40000), new SpeechRegion(100000, 500000)], SpeechChunks.Merge(touching, 400, 25));
        Assert.Equal([new SpeechRegion(0, 13600), new SpeechRegion(19000, 40000)], SpeechChunks.Merge(touching[..2], 400, 0.5));
    }

    [Fact]
    public void NoRegionsGiveOneEmptyChunk()
    {
        SpeechChunk chunk = Assert.Single(SpeechChunks.Collect(new float[1000], []));
        Assert.Empty(chunk.Audio);
        Assert.Equal((0.0, 0.0), (chunk.Offset, chunk.Duration));
    }

    [Fact]
    public void MapAddsTheSilenceCutBeforeEachRegion()
    {
        // Joined speech: [0, 2) s is region 0 (1 s cut before it), [2, 3) region 1 (3 s cut), [3, 4) region 2 (7 s cut).
        var map = new SpeechTimestampsMap(Regions);
        Assert.Equal(1.5, map.GetOriginalTime(0.5));
        Assert.Equal(5.25, map.GetOriginalTime(2.25));
        Assert.Equal(10.9, map.GetOriginalTime(3.9));
        Assert.Equal(1, map.GetChunkIndex(2.0));
        Assert.Equal(0, map.GetChunkIndex(2.0, isEnd: true));
        Assert.Equal(3.0, map.GetOriginalTime(2.0, isEnd: true));
        Assert.Equal(5.0, map.GetOriginalTime(2.0));
        Assert.Equal(2, map.GetChunkIndex(99));
        Assert.Equal(1.23, map.GetOriginalTime(0.23456));
    }
}
