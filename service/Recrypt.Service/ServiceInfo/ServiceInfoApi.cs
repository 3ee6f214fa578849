using Recrypt.Protocol;

namespace Recrypt.Service.ServiceInfo;

internal static class ServiceInfoApi
{
    public static IEndpointRouteBuilder MapServiceInfo(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/service", GetServiceInfo)
            .WithName("GetServiceInfo")
            .WithSummary("Get the service's signing public key and curve")
            .WithDescription(
                "The Ed25519 public key with which the service signs the values it transforms for grantees. "
                + "A grantee can check that a transformed document key carries it. "
                + "The curve (Api256 or Api480, the setting Scheme:Curve) is the one every key and value sent to this service must be on.")
            .WithTags("Service");
        return routes;
    }

    public static ServiceInfoResponse GetServiceInfo(ServiceSigningKey serviceKey, Scheme.SchemeCurve scheme) =>
        new(serviceKey.PublicKey.Export(), scheme.Curve.ToString());
}
