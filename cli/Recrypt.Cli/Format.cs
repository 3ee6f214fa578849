using System.Globalization;

namespace Recrypt.Cli;

internal static class Format
{
    public static string Bytes(long bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return unit == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{bytes} B")
            : string.Create(CultureInfo.InvariantCulture, $"{value:0.0} {units[unit]}");
    }

    public static string Time(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>An identity id as typed: 32 hex digits, returned in lowercase; anything else is a usage error.</summary>
    public static string IdentityId(string value, string what) =>
        HexId(value, $"{what} must be an identity id: 32 hex digits, as `recrypt identity show` prints it");

    /// <summary>A group id as typed: 32 hex digits, returned in lowercase; anything else is a usage error.</summary>
    public static string GroupId(string value, string what) =>
        HexId(value, $"{what} must be a group id: 32 hex digits, as `recrypt group create` or `recrypt groups` prints it");

    /// <summary>An identity or group id as typed (both are 32 hex digits).</summary>
    public static string GranteeId(string value, string what) =>
        HexId(value, $"{what} must be an identity id or a group id: 32 hex digits, as `recrypt identity show` or `recrypt groups` prints it");

    /// <summary>A document key id as typed: 32 hex digits, returned in lowercase; anything else is a usage error.</summary>
    public static string DocumentId(string value, string what) =>
        HexId(value, $"{what} must be a document key id: 32 hex digits, as `recrypt documents` lists them");

    private static string HexId(string value, string rule)
    {
        var id = value.Trim().ToLowerInvariant();
        if (id.Length != 32 || !id.All(char.IsAsciiHexDigitLower))
        {
            throw new CliException(ExitCodes.Usage, $"{rule} (got \"{value}\").");
        }
        return id;
    }
}
