namespace Recrypt.Service.Scheme;

/// <summary>The deployment's curve: the setting <c>Scheme:Curve</c> (<c>Api256</c>, the default, or <c>Api480</c>).</summary>
internal static class SchemeSetup
{
    public const string CurveSetting = "Scheme:Curve";

    /// <summary>Reads <c>Scheme:Curve</c> and registers its <see cref="SchemeCurve"/>; an unknown value is a <see cref="SchemeSettingException"/>.</summary>
    public static RecryptCurve AddScheme(this WebApplicationBuilder builder)
    {
        var curve = ParseCurve(builder.Configuration[CurveSetting]);
        builder.Services.AddSingleton<PreparedKeyCache>();
        if (curve == RecryptCurve.Api480)
        {
            builder.Services.AddSingleton<SchemeCurve, SchemeCurve480>();
        }
        else
        {
            builder.Services.AddSingleton<SchemeCurve, SchemeCurve256>();
        }
        return curve;
    }

    /// <summary>The curve a setting names (absent: Api256); only the names, not the enum's numbers.</summary>
    public static RecryptCurve ParseCurve(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return RecryptCurve.Api256;
        }
        foreach (var name in Enum.GetNames<RecryptCurve>())
        {
            if (string.Equals(name, value.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return Enum.Parse<RecryptCurve>(name);
            }
        }
        throw new SchemeSettingException($"{CurveSetting} is \"{value}\": it must be {string.Join(" or ", Enum.GetNames<RecryptCurve>())}.");
    }
}

/// <summary>A scheme setting the service cannot start with.</summary>
internal sealed class SchemeSettingException(string message) : Exception(message);
