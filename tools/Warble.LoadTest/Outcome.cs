namespace Warble.LoadTest;

/// <summary>How one request of a load run ended.</summary>
internal enum OutcomeKind
{
    /// <summary>200 with exactly the solo-run transcript.</summary>
    Ok,

    /// <summary>200 with another transcript: something was lost or mixed up.</summary>
    Mismatch,

    /// <summary>429 with Retry-After and OpenAI's rate-limit error.</summary>
    Rejected,

    /// <summary>The client hung up on purpose mid-request.</summary>
    Disconnected,

    /// <summary>No answer within the hang limit.</summary>
    Hung,

    /// <summary>Any other answer (a 429 without its headers included).</summary>
    Failed,
}

/// <summary>One request's end, its latency and the seconds of audio it carried.</summary>
internal sealed record Outcome(OutcomeKind Kind, TimeSpan Latency, double AudioSeconds);
