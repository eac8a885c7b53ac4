namespace Warble.Server.Wire;

/// <summary>OpenAI's list answer of <c>GET /v1/models</c>.</summary>
internal sealed record ModelList(IReadOnlyList<ModelObject> Data)
{
    public string Object => "list";
}
