namespace Recrypt.Service.Compatibility;

/// <summary>The seed compatibility mode: the 2020 prototype's routes and JSON, off by default.</summary>
internal sealed class SeedCompatibilityOptions
{
    public const string SectionName = "SeedCompatibility";

    /// <summary>Whether the prototype's routes are served (<c>SeedCompatibility:Enabled=true</c>).</summary>
    public bool Enabled { get; set; }
}
