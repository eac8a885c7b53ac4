namespace Warble.Models.Common;

/// <summary>One entry of an architecture's weight table: a checkpoint key and the shape its config implies.</summary>
internal readonly record struct TensorSpec(string Name, int[] Shape);
