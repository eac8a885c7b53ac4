using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace Warble.Tests.Support;

/// <summary>
/// A loopback stand-in for Hugging Face's file API: <c>HEAD|GET /{repo}/resolve/main/{file}</c> answers 302 with the
/// file's SHA-256 in X-Linked-Etag (as Hugging Face does for LFS files) and a Location on another path, which serves
/// the bytes with Range support. It can drop the connection part-way or publish a wrong hash.
/// </summary>
internal sealed class FakeHuggingFace : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly ConcurrentDictionary<string, byte[]> files = new();
    private readonly Task loop;

    public FakeHuggingFace()
    {
        int port = FreePort();
        Endpoint = new Uri($"http://127.0.0.1:{port}/");
        listener.Prefixes.Add(Endpoint.ToString());
        listener.Start();
        loop = Task.Run(ServeAsync);
    }

    public Uri Endpoint { get; }

    /// <summary>Each GET's Range header ("" when none), in order.</summary>
    public ConcurrentQueue<string> Ranges { get; } = new();

    /// <summary>When set, the next GET of the bytes sends this many then drops the connection.</summary>
    public long? DropAfter { get; set; }

    /// <summary>When set, the hash published instead of the file's own.</summary>
    public string? PublishedSha256 { get; set; }

    public void Add(string repo, string file, byte[] bytes) => files[$"{repo}/resolve/main/{file}"] = bytes;

    public void Dispose()
    {
        listener.Close();
        loop.Wait(TimeSpan.FromSeconds(5));
    }

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => Answer(context));
        }
    }

    private void Answer(HttpListenerContext context)
    {
        string path = context.Request.Url!.AbsolutePath.TrimStart('/');
        HttpListenerResponse response = context.Response;
        try
        {
            if (files.TryGetValue(path, out byte[]? bytes))
            {
                response.StatusCode = 302;
                response.Headers["X-Linked-Etag"] = $"\"{PublishedSha256 ?? Convert.ToHexStringLower(SHA256.HashData(bytes))}\"";
                response.Headers["X-Linked-Size"] = bytes.Length.ToString(System.Globalization.CultureInfo.InvariantCulture);
                response.RedirectLocation = "/cdn/" + path;
                response.Close();
            }
            else if (path.StartsWith("cdn/", StringComparison.Ordinal) && files.TryGetValue(path[4..], out bytes))
            {
                SendBytes(context.Request, response, bytes);
            }
            else
            {
                response.StatusCode = 404;
                response.Close();
            }
        }
        catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException)
        {
            // The client went away: nothing to answer.
        }
    }

    private void SendBytes(HttpListenerRequest request, HttpListenerResponse response, byte[] bytes)
    {
        string range = request.Headers["Range"] ?? "";
        Ranges.Enqueue(range);
        long from = range.StartsWith("bytes=", StringComparison.Ordinal) ? long.Parse(range[6..].TrimEnd('-'), System.Globalization.CultureInfo.InvariantCulture) : 0;
        if (from > 0)
        {
            response.StatusCode = 206;
            response.Headers["Content-Range"] = $"bytes {from}-{bytes.Length - 1}/{bytes.Length}";
        }

        response.ContentLength64 = bytes.Length - from;
        if (request.HttpMethod == "HEAD")
        {
            response.Close();
            return;
        }

        if (DropAfter is { } drop)
        {
            DropAfter = null;
            response.OutputStream.Write(bytes, (int)from, (int)Math.Min(drop, bytes.Length - from));
            response.OutputStream.Flush();
            response.Abort();
            return;
        }

        response.OutputStream.Write(bytes, (int)from, (int)(bytes.Length - from));
        response.Close();
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
