using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Warble.Server.Tests.Support;

namespace Warble.Server.Tests;

/// <summary>The realtime transcription session over a WebSocket, driven as an OpenAI Realtime client drives it.</summary>
[Collection(ServerCollection.Name)]
public sealed class RealtimeTests(ServerFixture server)
{
    [Fact]
    public async Task Streaming_a_file_in_100_ms_pieces_gives_the_offline_stream_words()
    {
        short[] pcm = await Pcm16Async(ServerFixture.KjvSample);
        float[] samples = [.. pcm.Select(s => s / 32768f)];
        TranscriptionStream offline = server.Transcriber("demo").CreateStream();
        var expected = new List<string>();
        for (int at = 0; at < samples.Length; at += 1600)
        {
            expected.AddRange(offline.Append(samples.AsSpan(at, Math.Min(1600, samples.Length - at))).Select(w => w.Text));
        }

        expected.AddRange(offline.Complete().Select(w => w.Text));

        (List<string> deltas, string transcript) = await StreamTurnAsync("demo", pcm, 16000);

        Assert.Equal(expected, deltas);
        Assert.Equal(offline.Result.Text.Trim(), transcript);
        Assert.Contains("jacob was greatly afraid", transcript, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pcm16_at_24_khz_is_resampled_for_parakeet()
    {
        short[] pcm16k = await Pcm16Async(ServerFixture.KjvSample);
        short[] pcm24k = [.. Enumerable.Range(0, pcm16k.Length * 3 / 2).Select(i => Interpolate(pcm16k, i * 2 / 3.0))];

        (_, string transcript) = await StreamTurnAsync("demo", pcm24k, 24000);

        Assert.Contains("jacob was greatly afraid", transcript, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_whisper_turn_is_transcribed_whole_at_the_commit()
    {
        short[] pcm = await Pcm16Async(ServerFixture.Jfk);
        Transcription.TranscriptionResult expected = await server.Transcriber("whisper")
            .TranscribeToResultAsync(AudioInput.FromSamples(pcm.Select(s => s / 32768f).ToArray()));

        (List<string> deltas, string transcript) = await StreamTurnAsync("whisper", pcm, 16000);

        Assert.Equal(expected.Segments.Select(s => s.Text), deltas);
        Assert.Equal(expected.Text.Trim(), transcript);
    }

    [Fact]
    public async Task Server_vad_finds_the_speech_and_commits_the_turn_after_the_silence()
    {
        short[] pcm = [.. await Pcm16Async(ServerFixture.KjvSample), .. new short[24000]];
        using ClientWebSocket socket = await ConnectAsync("demo");
        await ReceiveAsync(socket);
        await SendAsync(socket, new
        {
            type = "session.update",
            session = new { input_audio_sample_rate = 16000, turn_detection = new { type = "server_vad", threshold = 0.5, prefix_padding_ms = 300, silence_duration_ms = 800 } },
        });
        JsonElement updated = await ReceiveAsync(socket);
        Assert.Equal("server_vad", updated.GetProperty("session").GetProperty("turn_detection").GetProperty("type").GetString());

        for (int at = 0; at < pcm.Length; at += 1600)
        {
            byte[] bytes = new byte[Math.Min(1600, pcm.Length - at) * 2];
            Buffer.BlockCopy(pcm, at * 2, bytes, 0, bytes.Length);
            await SendAsync(socket, new { type = "input_audio_buffer.append", audio = Convert.ToBase64String(bytes) });
        }

        var types = new List<string>();
        JsonElement message;
        while ((message = await ReceiveAsync(socket)).GetProperty("type").GetString() is { } type && type != "conversation.item.input_audio_transcription.completed")
        {
            if (type != "conversation.item.input_audio_transcription.delta")
            {
                types.Add(type);
            }
        }

        Assert.Equal(["input_audio_buffer.speech_started", "input_audio_buffer.speech_stopped", "input_audio_buffer.committed"], types);
        Assert.Contains("jacob", message.GetProperty("transcript").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Semantic_vad_and_an_empty_commit_are_answered_with_error_events()
    {
        using ClientWebSocket socket = await ConnectAsync("demo");
        await ReceiveAsync(socket);

        await SendAsync(socket, new { type = "session.update", event_id = "e1", session = new { turn_detection = new { type = "semantic_vad" } } });
        JsonElement vad = await ReceiveAsync(socket);
        await SendAsync(socket, new { type = "input_audio_buffer.commit" });
        JsonElement empty = await ReceiveAsync(socket);

        Assert.Equal("error", vad.GetProperty("type").GetString());
        Assert.Equal("unsupported_turn_detection", vad.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("e1", vad.GetProperty("error").GetProperty("event_id").GetString());
        Assert.Equal("input_audio_buffer_commit_empty", empty.GetProperty("error").GetProperty("code").GetString());
    }

    /// <summary>Sends <paramref name="pcm"/> in 100 ms appends, commits, and returns the turn's deltas and its completed transcript.</summary>
    private async Task<(List<string> Deltas, string Transcript)> StreamTurnAsync(string model, short[] pcm, int rate)
    {
        using ClientWebSocket socket = await ConnectAsync(model);
        Assert.Equal("session.created", (await ReceiveAsync(socket)).GetProperty("type").GetString());
        await SendAsync(socket, new { type = "session.update", session = new { input_audio_format = "pcm16", input_audio_sample_rate = rate, turn_detection = (object?)null } });
        Assert.Equal("session.updated", (await ReceiveAsync(socket)).GetProperty("type").GetString());
        int piece = rate / 10;
        for (int at = 0; at < pcm.Length; at += piece)
        {
            byte[] bytes = new byte[Math.Min(piece, pcm.Length - at) * 2];
            Buffer.BlockCopy(pcm, at * 2, bytes, 0, bytes.Length);
            await SendAsync(socket, new { type = "input_audio_buffer.append", audio = Convert.ToBase64String(bytes) });
        }

        await SendAsync(socket, new { type = "input_audio_buffer.commit" });
        var deltas = new List<string>();
        string? committed = null;
        while (true)
        {
            JsonElement message = await ReceiveAsync(socket);
            switch (message.GetProperty("type").GetString())
            {
                case "conversation.item.input_audio_transcription.delta":
                    deltas.Add(message.GetProperty("delta").GetString()!);
                    break;
                case "input_audio_buffer.committed":
                    committed = message.GetProperty("item_id").GetString();
                    break;
                case "conversation.item.input_audio_transcription.completed":
                    Assert.Equal(committed, message.GetProperty("item_id").GetString());
                    return (deltas, message.GetProperty("transcript").GetString()!);
                case var other:
                    Assert.Fail($"unexpected event {other}: {message}");
                    break;
            }
        }
    }

    private static short Interpolate(short[] pcm, double at)
    {
        int i = Math.Min((int)at, pcm.Length - 2);
        return (short)Math.Round(pcm[i] + ((pcm[i + 1] - pcm[i]) * (at - i)));
    }

    private async Task<ClientWebSocket> ConnectAsync(string model)
    {
        var socket = new ClientWebSocket();
        var uri = new UriBuilder(server.BaseAddress) { Scheme = "ws", Path = "/v1/realtime", Query = $"intent=transcription&model={model}" }.Uri;
        await socket.ConnectAsync(uri, CancellationToken.None);
        return socket;
    }

    private static Task SendAsync(ClientWebSocket socket, object message) =>
        socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(message), WebSocketMessageType.Text, true, CancellationToken.None);

    private static async Task<JsonElement> ReceiveAsync(ClientWebSocket socket)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var buffer = new byte[1 << 16];
        using var message = new MemoryStream();
        WebSocketReceiveResult received;
        do
        {
            received = await socket.ReceiveAsync(buffer, timeout.Token);
            message.Write(buffer, 0, received.Count);
        }
        while (!received.EndOfMessage);

        return JsonDocument.Parse(Encoding.UTF8.GetString(message.ToArray())).RootElement.Clone();
    }

    private static async Task<short[]> Pcm16Async(string path)
    {
        var pcm = new List<short>();
        await foreach (ReadOnlyMemory<float> block in AudioInput.FromFile(path).ReadAsync())
        {
            pcm.AddRange(block.ToArray().Select(s => (short)Math.Clamp(Math.Round(s * 32768f), short.MinValue, short.MaxValue)));
        }

        return [.. pcm];
    }
}
