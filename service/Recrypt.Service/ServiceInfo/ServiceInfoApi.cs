using Recrypt.Protocol;

namespace Recrypt.Service.ServiceInfo;

internal static class ServiceInfoApi
{
    public static IEndpointRouteBuilder MapServiceInfo(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/service", GetServiceInfo)
            .WithName("GetServiceInfo")
            .WithSummary("Get the service's signing public key")
            .WithDescription(
                "The Ed25519 public key with which the service signs the values it transforms for grantees. "
                + "A grantee can check that a transformed document key carries it.")
            .WithTags("Service");
        return routes;
    }

    public static ServiceInfoResponse GetServiceInfo(ServiceSigningKey serviceKey) => new(serviceKey.PublicKey.Export());
}
