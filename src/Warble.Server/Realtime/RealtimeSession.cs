using System.Buffers;
using System.Buffers.Binary;
using System.Net.WebSockets;
using System.Text.Json;
using Warble.Server.Hosting;
using Warble.Server.Wire;

namespace Warble.Server.Realtime;

/// <summary>
/// One realtime transcription session over a WebSocket, OpenAI's Realtime "transcription session" subset: the client
/// sends <c>session.update</c> and <c>input_audio_buffer.append</c> / <c>.commit</c> / <c>.clear</c>; the server
/// answers with the buffer events and the transcription's deltas and completions. With <c>server_vad</c> an
/// <see cref="ITurnDetector"/> finds where speech starts and stops, and a stop commits the turn. A socket quiet for longer than the
/// idle timeout is closed, and so is every socket when the server stops (<paramref name="stopping"/>).
/// </summary>
internal sealed class RealtimeSession(WebSocket socket, ModelRegistry registry, ServerOptions options, string? model, CancellationToken stopping)
{
    private const int MaxMessageBytes = 16 * 1024 * 1024;
    private const double MinCommitSeconds = 0.1;

    private readonly string id = "sess_" + Guid.NewGuid().ToString("N");
    private RealtimeSettings settings = RealtimeSettings.Initial(model);
    private TurnTranscriber? turn;
    private ITurnDetector? detector;
    private string? previousItem;
    private string item = NewItemId();
    private long events;

    public async Task RunAsync(CancellationToken aborted)
    {
        await SendAsync(new RealtimeServerEvent(NextEventId(), "session.created") { Session = Info() }, aborted).ConfigureAwait(false);
        var buffer = new ArrayBufferWriter<byte>();
        while (await ReceiveAsync(buffer, aborted).ConfigureAwait(false))
        {
            string? clientEventId = null;
            try
            {
                using JsonDocument message = JsonDocument.Parse(buffer.WrittenMemory);
                clientEventId = message.RootElement.TryGetProperty("event_id", out JsonElement e) ? e.GetString() : null;
                await HandleAsync(message.RootElement, aborted).ConfigureAwait(false);
            }
            catch (Exception error) when (error is RealtimeClientError or ApiException or JsonException or FormatException or KeyNotFoundException
                or InvalidOperationException or ArgumentException or WarbleException)
            {
                await SendAsync(Error(error, clientEventId), aborted).ConfigureAwait(false);
            }
        }
    }

    private async Task HandleAsync(JsonElement message, CancellationToken cancellationToken)
    {
        string? type = message.GetProperty("type").GetString();
        switch (type)
        {
            case "session.update" or "transcription_session.update":
                RealtimeSettings next = settings.Update(message.GetProperty("session"));
                registry.Get(next.Model);
                (settings, turn, detector) = (next, null, next.Turns?.CreateDetector(next.SampleRate));
                await SendAsync(new RealtimeServerEvent(NextEventId(), type.Replace("update", "updated", StringComparison.Ordinal)) { Session = Info() },
                    cancellationToken).ConfigureAwait(false);
                break;
            case "input_audio_buffer.append":
                await AppendAsync(Pcm16(message.GetProperty("audio").GetString() ?? ""), cancellationToken).ConfigureAwait(false);
                break;
            case "input_audio_buffer.commit":
                await CommitAsync(cancellationToken).ConfigureAwait(false);
                break;
            case "input_audio_buffer.clear":
                turn?.Clear();
                detector?.Reset();
                await SendAsync(new RealtimeServerEvent(NextEventId(), "input_audio_buffer.cleared"), cancellationToken).ConfigureAwait(false);
                break;
            default:
                throw new RealtimeClientError("invalid_event", $"event type '{type}' is not served in a transcription session", "type");
        }
    }

    private async Task AppendAsync(float[] samples, CancellationToken cancellationToken)
    {
        turn ??= TurnTranscriber.For(registry.Get(settings.Model), settings.Language);
        if (turn.BufferedSeconds + (samples.Length / (double)settings.SampleRate) > options.MaxAudioSeconds)
        {
            turn.Clear();
            throw new RealtimeClientError("input_audio_buffer_too_long", $"a turn may hold at most {options.MaxAudioSeconds:0} s of audio; the buffer was cleared");
        }

        foreach (string delta in await turn.AppendAsync(samples, settings.SampleRate, cancellationToken).ConfigureAwait(false))
        {
            await SendAsync(Delta(delta), cancellationToken).ConfigureAwait(false);
        }

        foreach (TurnEvent speech in detector?.Process(samples) ?? [])
        {
            await SendAsync(new RealtimeServerEvent(NextEventId(), speech.Started ? "input_audio_buffer.speech_started" : "input_audio_buffer.speech_stopped")
            {
                ItemId = item,
                AudioStartMs = speech.Started ? speech.AudioMs : null,
                AudioEndMs = speech.Started ? null : speech.AudioMs,
            }, cancellationToken).ConfigureAwait(false);
            if (!speech.Started)
            {
                await CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task CommitAsync(CancellationToken cancellationToken)
    {
        if (turn is null || turn.BufferedSeconds < MinCommitSeconds)
        {
            throw new RealtimeClientError("input_audio_buffer_commit_empty", $"buffer too small: a commit needs at least {MinCommitSeconds * 1000:0} ms of audio");
        }

        string committed = item;
        await SendAsync(new RealtimeServerEvent(NextEventId(), "input_audio_buffer.committed") { ItemId = committed, PreviousItemId = previousItem },
            cancellationToken).ConfigureAwait(false);
        detector?.Reset();
        (IReadOnlyList<string> deltas, string transcript) = await turn.CommitAsync(cancellationToken).ConfigureAwait(false);
        foreach (string delta in deltas)
        {
            await SendAsync(Delta(delta), cancellationToken).ConfigureAwait(false);
        }

        await SendAsync(new RealtimeServerEvent(NextEventId(), "conversation.item.input_audio_transcription.completed")
        {
            ItemId = committed,
            ContentIndex = 0,
            Transcript = transcript,
        }, cancellationToken).ConfigureAwait(false);
        previousItem = committed;
        item = NewItemId();
    }

    /// <summary>Reads the next whole message into <paramref name="buffer"/>; false once the client closes or goes quiet too long.</summary>
    private async Task<bool> ReceiveAsync(ArrayBufferWriter<byte> buffer, CancellationToken aborted)
    {
        buffer.ResetWrittenCount();
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(aborted, stopping);
        idle.CancelAfter(options.RealtimeIdleTimeout);
        try
        {
            ValueWebSocketReceiveResult received;
            do
            {
                received = await socket.ReceiveAsync(buffer.GetMemory(64 * 1024), idle.Token).ConfigureAwait(false);
                buffer.Advance(received.Count);
                if (buffer.WrittenCount > MaxMessageBytes)
                {
                    await socket.CloseAsync(WebSocketCloseStatus.MessageTooBig, "message too large", aborted).ConfigureAwait(false);
                    return false;
                }
            }
            while (!received.EndOfMessage);

            if (received.MessageType != WebSocketMessageType.Close)
            {
                return true;
            }

            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, aborted).ConfigureAwait(false);
            return false;
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested && !aborted.IsCancellationRequested)
        {
            await socket.CloseOutputAsync(WebSocketCloseStatus.EndpointUnavailable, "the server is shutting down", aborted).ConfigureAwait(false);
            return false;
        }
        catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
        {
            socket.Abort();
            return false;
        }
        catch (WebSocketException)
        {
            return false;
        }
    }

    private Task SendAsync(RealtimeServerEvent message, CancellationToken cancellationToken) =>
        socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(message, ServerJson.Context.RealtimeServerEvent), WebSocketMessageType.Text,
            true, cancellationToken);

    private RealtimeServerEvent Delta(string text) =>
        new(NextEventId(), "conversation.item.input_audio_transcription.delta") { ItemId = item, ContentIndex = 0, Delta = text };

    private RealtimeServerEvent Error(Exception error, string? clientEventId) => new(NextEventId(), "error")
    {
        Error = new RealtimeErrorDetail("invalid_request_error", (error as RealtimeClientError)?.Code ?? (error as ApiException)?.Code,
            error.Message, (error as RealtimeClientError)?.Param ?? (error as ApiException)?.Param, clientEventId),
    };

    private RealtimeSessionInfo Info() => new(id, "pcm16", settings.SampleRate, new RealtimeTranscriptionInfo(registry.Get(settings.Model).Name, settings.Language),
        settings.Turns is { } t ? new RealtimeTurnDetectionInfo("server_vad", t.Threshold, t.PrefixPaddingMs, t.SilenceDurationMs) : null);

    private string NextEventId() => $"event_{Interlocked.Increment(ref events)}";

    private static string NewItemId() => "item_" + Guid.NewGuid().ToString("N")[..20];

    /// <summary>Base64 little-endian 16-bit PCM as samples in [-1, 1).</summary>
    private static float[] Pcm16(string base64)
    {
        byte[] bytes = Convert.FromBase64String(base64);
        var samples = new float[bytes.Length / 2];
        for (int i = 0; i < samples.Length; i++)
        {
            samples[i] = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(i * 2)) / 32768f;
        }

        return samples;
    }
}
