namespace Warble.Tensors.Parallel;

/// <summary>
/// The body of a <see cref="WorkerPool.For{TAction}(int, in TAction)"/> loop. A struct implementing it carries its
/// own state, so a parallel loop needs no closure and allocates nothing per call.
/// </summary>
internal interface IRangeAction
{
    /// <summary>Runs iteration <paramref name="index"/>; iterations may run in any order, on any pool thread.</summary>
    void Invoke(int index);
}
