namespace Warble.Server.Wire;

/// <summary>OpenAI's model object in <c>GET /v1/models</c>.</summary>
internal sealed record ModelObject(string Id, long Created, string OwnedBy)
{
    public string Object => "model";
}
