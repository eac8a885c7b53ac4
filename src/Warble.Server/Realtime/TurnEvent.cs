namespace Warble.Server.Realtime;

/// <summary>Speech started (<see cref="Started"/> true) or stopped, at <see cref="AudioMs"/> milliseconds into the turn's audio.</summary>
internal readonly record struct TurnEvent(bool Started, int AudioMs);
