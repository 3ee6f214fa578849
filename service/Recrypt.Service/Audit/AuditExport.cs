namespace Recrypt.Service.Audit;

/// <summary>
/// <c>audit export</c>: every record as one JSON line (<see cref="AuditRecord.ExportLine"/>), oldest first, for a
/// SIEM. To a file: written to <c>&lt;path&gt;.partial</c>, flushed and renamed, so a failed export leaves no
/// partial file; otherwise to standard output.
/// </summary>
internal static class AuditExport
{
    /// <summary>Writes the lines to <paramref name="output"/>; returns how many.</summary>
    public static long Write(IEnumerable<AuditRecord> records, Stream output)
    {
        long count = 0;
        foreach (var record in records)
        {
            output.Write(record.ExportLine());
            output.WriteByte((byte)'\n');
            count++;
        }
        output.Flush();
        return count;
    }

    /// <summary>Writes the lines to the file <paramref name="path"/> (0600), whole or not at all; returns how many.</summary>
    public static long WriteFile(IEnumerable<AuditRecord> records, string path)
    {
        var target = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(target)!;
        if (!Directory.Exists(directory))
        {
            throw new Storage.StorageException($"The export's folder {directory} does not exist.");
        }
        var temporary = target + ".partial";
        try
        {
            long count;
            using (var file = new FileStream(temporary, Storage.DataFiles.PrivateFile(FileMode.Create, FileAccess.Write)))
            {
                count = Write(records, file);
                file.Flush(flushToDisk: true);
            }
            File.Move(temporary, target, overwrite: true);
            return count;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            File.Delete(temporary);
            throw new Storage.StorageException($"The export to {target} failed: {exception.Message}", exception);
        }
    }
}
