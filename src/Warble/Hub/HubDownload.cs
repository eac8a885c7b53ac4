using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;

namespace Warble.Hub;

/// <summary>
/// HTTP for <see cref="ModelStore"/>: the published hash from a HEAD request, and a resumable GET. Redirects are
/// followed by hand because Hugging Face puts an LFS file's SHA-256 on the first answer (<c>X-Linked-Etag</c>, before
/// its redirect to the file store), and a Range header must survive every hop.
/// </summary>
internal static class HubDownload
{
    private const int MaxRedirects = 5;
    private static readonly HttpClient Client = new(new SocketsHttpHandler { AllowAutoRedirect = false, ConnectTimeout = TimeSpan.FromSeconds(30) })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    /// <summary>The SHA-256 Hugging Face publishes for a file: its LFS object id, served as X-Linked-Etag (or ETag).</summary>
    public static async Task<string> PublishedSha256Async(Uri url, CancellationToken cancellationToken)
    {
        for (int hop = 0; hop <= MaxRedirects; hop++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Head, url);
            using HttpResponseMessage response = await SendAsync(request, url, cancellationToken).ConfigureAwait(false);
            if (Sha256Of(response) is { } sha)
            {
                return sha;
            }

            if (!IsRedirect(response.StatusCode))
            {
                Check(response, url);
                break;
            }

            url = Next(url, response);
        }

        throw new ModelDownloadException($"{url}: the server publishes no SHA-256 for this file (no X-Linked-Etag), so it cannot be checked");
    }

    /// <summary>Downloads <paramref name="url"/> into <paramref name="partial"/>, resuming what is there, and checks the whole file's SHA-256.</summary>
    public static async Task DownloadAsync(Uri url, string partial, string sha256, IProgress<ModelDownloadProgress>? progress, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using var file = new FileStream(partial, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1 << 16, useAsync: true);
        long have = await HashExistingAsync(file, hash, cancellationToken).ConfigureAwait(false);
        using HttpResponseMessage response = await GetAsync(url, have, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.OK && have > 0)
        {
            // The server ignored the Range: start again from the first byte.
            file.SetLength(0);
            have = 0;
            hash.GetHashAndReset();
        }
        else if (response.StatusCode != HttpStatusCode.RequestedRangeNotSatisfiable)
        {
            Check(response, url);
        }

        long? total = response.StatusCode == HttpStatusCode.PartialContent
            ? response.Content.Headers.ContentRange?.Length
            : response.Content.Headers.ContentLength;
        if (response.StatusCode != HttpStatusCode.RequestedRangeNotSatisfiable)
        {
            have = await CopyAsync(response, file, hash, have, total, progress, url, cancellationToken).ConfigureAwait(false);
        }

        string actual = Convert.ToHexStringLower(hash.GetHashAndReset());
        if (!string.Equals(actual, sha256, StringComparison.OrdinalIgnoreCase))
        {
            await file.DisposeAsync().ConfigureAwait(false);
            File.Delete(partial);
            throw new ModelDownloadException($"{url}: SHA-256 mismatch (expected {sha256}, got {actual}); the download was discarded");
        }
    }

    private static async Task<long> CopyAsync(HttpResponseMessage response, FileStream file, IncrementalHash hash, long have, long? total,
        IProgress<ModelDownloadProgress>? progress, Uri url, CancellationToken cancellationToken)
    {
        byte[] buffer = new byte[1 << 20];
        try
        {
            Stream body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (body.ConfigureAwait(false))
            {
                int read;
                while ((read = await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                    hash.AppendData(buffer, 0, read);
                    have += read;
                    progress?.Report(new ModelDownloadProgress(have, total));
                }
            }
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            throw Interrupted(url, have, e);
        }

        await file.FlushAsync(cancellationToken).ConfigureAwait(false);
        return total is { } length && have < length ? throw Interrupted(url, have, null) : have;
    }

    private static ModelDownloadException Interrupted(Uri url, long have, Exception? inner)
    {
        string message = $"{url}: the download was interrupted after {have} bytes; pull again to resume";
        return inner is null ? new(message) : new(message, inner);
    }

    private static async Task<long> HashExistingAsync(FileStream file, IncrementalHash hash, CancellationToken cancellationToken)
    {
        byte[] buffer = new byte[1 << 20];
        int read;
        while ((read = await file.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            hash.AppendData(buffer, 0, read);
        }

        return file.Position;
    }

    private static async Task<HttpResponseMessage> GetAsync(Uri url, long from, CancellationToken cancellationToken)
    {
        for (int hop = 0; ; hop++)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, url);
            if (from > 0)
            {
                request.Headers.Range = new RangeHeaderValue(from, null);
            }

            HttpResponseMessage response = await SendAsync(request, url, cancellationToken, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
            if (!IsRedirect(response.StatusCode) || hop == MaxRedirects)
            {
                return response;
            }

            url = Next(url, response);
            response.Dispose();
        }
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, Uri url, CancellationToken cancellationToken,
        HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        try
        {
            return await Client.SendAsync(request, completion, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new ModelDownloadException($"{url}: {e.Message}", e);
        }
    }

    private static void Check(HttpResponseMessage response, Uri url)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new ModelDownloadException($"{url}: the server answered {(int)response.StatusCode} {response.ReasonPhrase}");
        }
    }

    private static Uri Next(Uri url, HttpResponseMessage response) =>
        new(url, response.Headers.Location ?? throw new ModelDownloadException($"{url}: a redirect without a Location"));

    private static bool IsRedirect(HttpStatusCode status) => (int)status is >= 300 and < 400;

    private static string? Sha256Of(HttpResponseMessage response)
    {
        foreach (string header in new[] { "X-Linked-Etag", "ETag" })
        {
            if (response.Headers.TryGetValues(header, out var values) && values.FirstOrDefault() is { } value)
            {
                string tag = value.Replace("W/", "", StringComparison.Ordinal).Trim('"');
                if (tag.Length == 64 && tag.All(char.IsAsciiHexDigit))
                {
                    return tag.ToLowerInvariant();
                }
            }
        }

        return null;
    }
}
