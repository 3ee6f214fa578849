using Recrypt.Service.Errors;

namespace Recrypt.Service.Routing;

/// <summary>
/// Ids in routes are taken exactly as they are, or not at all: a route value that is not the canonical
/// form of an id (another case, a zero-width or soft-hyphen character appended, another length) is
/// refused with 400 before the handler runs, so it never reaches a lookup or a write.
/// </summary>
internal static class CanonicalRouteIds
{
    /// <summary>
    /// Refuses a request whose route values <paramref name="names"/> (those the endpoint has) are not
    /// accepted by <paramref name="isCanonical"/>; <paramref name="form"/> says what they must be, for the
    /// problem's detail.
    /// </summary>
    public static TBuilder RequireCanonicalIds<TBuilder>(this TBuilder builder, Func<string, bool> isCanonical, string form, params string[] names)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var values = context.HttpContext.Request.RouteValues;
            foreach (var name in names)
            {
                if (values.TryGetValue(name, out var value) && (value is not string text || !isCanonical(text)))
                {
                    return Problems.MalformedInput.Result($"{name} must be {form}.");
                }
            }
            return await next(context);
        });
}
