using Warble.Tests.Support;

namespace Warble.Tests.Hub;

/// <summary>Pulling models by name against a loopback server laid out as Hugging Face's file API.</summary>
public sealed class ModelStoreTests : IDisposable
{
    private readonly FakeHuggingFace hub = new();
    private readonly string folder = Path.Combine(Path.GetTempPath(), $"warble-models-{Guid.NewGuid():N}");
    private readonly byte[] bytes = new byte[3 << 20];

    public ModelStoreTests()
    {
        new Random(7).NextBytes(bytes);
        hub.Add("ggerganov/whisper.cpp", "ggml-tiny.bin", bytes);
    }

    private ModelStore Store => new(folder, hub.Endpoint);

    [Fact]
    public async Task APullDownloadsChecksAndInstallsTheFile()
    {
        Assert.Null(Store.Resolve("tiny"));
        var reports = new List<ModelDownloadProgress>();
        string path = await Store.PullAsync("tiny", new Recorder(reports));
        Assert.Equal(Path.Combine(folder, "tiny", "ggml-tiny.bin"), path);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(path));
        Assert.Equal(path, Store.Resolve("TINY"));
        Assert.Equal(new ModelDownloadProgress(bytes.Length, bytes.Length), reports[^1]);
        Assert.Equal([""], hub.Ranges);
        Assert.Equal(path, await Store.PullAsync("tiny"));
        Assert.Single(hub.Ranges);
    }

    [Fact]
    public async Task AnInterruptedPullResumesWithARangeRequest()
    {
        hub.DropAfter = 1 << 20;
        var e = await Assert.ThrowsAsync<ModelDownloadException>(() => Store.PullAsync("tiny"));
        Assert.Contains("interrupted", e.Message);
        Assert.Null(Store.Resolve("tiny"));
        string partial = Path.Combine(folder, "tiny", "ggml-tiny.bin.partial");
        long kept = new FileInfo(partial).Length;
        Assert.InRange(kept, 1, bytes.Length - 1);

        string path = await Store.PullAsync("tiny");
        Assert.Equal([string.Empty, $"bytes={kept}-"], hub.Ranges);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(path));
        Assert.False(File.Exists(partial));
    }

    [Fact]
    public async Task AChecksumMismatchIsOneLineAndInstallsNothing()
    {
        hub.PublishedSha256 = new string('0', 64);
        var e = await Assert.ThrowsAsync<ModelDownloadException>(() => Store.PullAsync("tiny"));
        Assert.Contains("SHA-256 mismatch", e.Message);
        Assert.DoesNotContain('\n', e.Message);
        Assert.Null(Store.Resolve("tiny"));
        Assert.False(File.Exists(Path.Combine(folder, "tiny", "ggml-tiny.bin.partial")));
    }

    [Fact]
    public async Task AnUnknownNameSuggestsTheClosestNames()
    {
        var e = await Assert.ThrowsAsync<ModelDownloadException>(() => Store.PullAsync("larg-v3"));
        Assert.Contains("did you mean 'large-v3'", e.Message);
        Assert.Empty(hub.Ranges);
    }

    [Fact]
    public void AnEndpointWithAPathKeepsIt()
    {
        var store = new ModelStore(folder, new Uri("http://127.0.0.1:1/mirror/hf"));
        Assert.Equal(new Uri("http://127.0.0.1:1/mirror/hf/ggerganov/whisper.cpp/resolve/main/ggml-tiny.bin"), ModelCatalog.Find("tiny")!.Source(store.Endpoint));
    }

    [Fact]
    public void TheCatalogNamesEveryWhisperSizeAndParakeetTdt()
    {
        string[] names = [.. ModelCatalog.All.Select(m => m.Name)];
        Assert.Subset(names.ToHashSet(), new HashSet<string> { "tiny", "base", "small", "medium", "large-v3", "large-v3-turbo", "parakeet-tdt-0.6b-v2", "parakeet-tdt-0.6b-v3" });
        Assert.Equal(new Uri("https://huggingface.co/nvidia/parakeet-tdt-0.6b-v2/resolve/main/parakeet-tdt-0.6b-v2.nemo"),
            ModelCatalog.Find("parakeet-tdt-0.6b-v2")!.Source(new Uri("https://huggingface.co/")));
    }

    private sealed class Recorder(List<ModelDownloadProgress> reports) : IProgress<ModelDownloadProgress>
    {
        public void Report(ModelDownloadProgress value) => reports.Add(value);
    }

    public void Dispose()
    {
        hub.Dispose();
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
