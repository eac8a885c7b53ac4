namespace Warble.Tensors.Parallel;

/// <summary>
/// A <see cref="PoolJob"/> running a struct action. One instance per action type is cached and reused, so a loop
/// allocates only the first time its action type is seen.
/// </summary>
internal sealed class PoolJob<TAction> : PoolJob
    where TAction : struct, IRangeAction
{
    private static PoolJob<TAction>? s_cached;
    private TAction _action;

    public static PoolJob<TAction> Rent() => Interlocked.Exchange(ref s_cached, null) ?? new PoolJob<TAction>();

    public static void Return(PoolJob<TAction> job) => Volatile.Write(ref s_cached, job);

    public void Begin(in TAction action, int count)
    {
        _action = action;
        Reset(count);
    }

    /// <summary>Drops the action so the cached job holds no references to the caller's data.</summary>
    public void End() => _action = default;

    protected override void Invoke(int index) => _action.Invoke(index);
}
