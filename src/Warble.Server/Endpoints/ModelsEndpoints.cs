using Warble.Server.Hosting;
using Warble.Server.Wire;

namespace Warble.Server.Endpoints;

/// <summary>OpenAI's <c>GET /v1/models</c> and <c>GET /v1/models/{id}</c>: the models this server has loaded.</summary>
internal static class ModelsEndpoints
{
    public static void MapModelsEndpoints(this IEndpointRouteBuilder app)
    {
        RouteGroupBuilder models = app.MapGroup("/v1/models");
        models.MapGet("/", (ModelRegistry registry) => TypedResults.Json(new ModelList([.. registry.All.Select(ToWire)]), ServerJson.Context.ModelList));
        models.MapGet("/{id}", (string id, ModelRegistry registry) => TypedResults.Json(ToWire(registry.Get(id)), ServerJson.Context.ModelObject));
    }

    private static ModelObject ToWire(ServedModel model) => new(model.Name, model.Loaded.ToUnixTimeSeconds(), "warble");
}
