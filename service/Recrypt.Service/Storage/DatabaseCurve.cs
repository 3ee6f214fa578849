using Recrypt.Service.Scheme;

namespace Recrypt.Service.Storage;

/// <summary>
/// The curve a database is for. It is recorded when a service first starts on the database (each provider
/// keeps it: LiteDB in its <c>scheme</c> collection, PostgreSQL in its <c>scheme</c> table); a database made
/// before the record existed that already holds identities is Api256. A service whose <c>Scheme:Curve</c>
/// is the other curve refuses the database: its keys and values could not be used.
/// </summary>
internal static class DatabaseCurve
{
    /// <summary>The name of the LiteDB collection, and of the PostgreSQL table, that records the curve.</summary>
    public const string RecordName = "scheme";

    /// <summary>The curve of a database that has no record: Api256 if it holds identities, else the configured one.</summary>
    public static RecryptCurve ForUnrecorded(bool holdsIdentities, RecryptCurve configured) =>
        holdsIdentities ? RecryptCurve.Api256 : configured;

    /// <summary>Throws the one-line refusal when the database's curve is not the configured one.</summary>
    public static void Check(RecryptCurve recorded, RecryptCurve configured)
    {
        if (recorded != configured)
        {
            throw new StorageException(
                $"The database is for {recorded}, but this service is configured for {configured} ({SchemeSetup.CurveSetting}): "
                + $"a database's keys and values work on one curve only. Set {SchemeSetup.CurveSetting}={recorded}, or use a new database for {configured}.");
        }
    }
}
