namespace Recrypt.Service.Documents;

/// <summary>The <c>Documents</c> section: how many document keys one batch fetch (<c>POST /documents/batch</c>) may name.</summary>
public sealed class DocumentBatchOptions
{
    public const string SectionName = "Documents";

    /// <summary>The most ids one batch may name; a longer batch is refused (400).</summary>
    public int MaxBatchSize { get; set; } = 100;
}
