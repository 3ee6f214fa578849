using LiteDB;

namespace Recrypt.Service.Storage;

/// <summary>
/// The integrity check: every collection is read in full through its primary index, every document found
/// is looked up again by its id, and every other index is walked in full and must hold as many entries (a
/// multi-key index, one entry per element of an array such as the audit trail's concerned identities, is
/// walked in full without a count to match).
/// LiteDB has no checker of its own; a damaged index or page shows here as an exception or a count that
/// does not match, which is how the corruption of issue 18 showed (an <c>_id</c> index that no longer
/// found most documents).
/// </summary>
internal static class DatabaseCheck
{
    /// <summary>What was checked, or what is wrong.</summary>
    public sealed record Result(IReadOnlyList<string> Problems, long Documents, int Collections, int Indexes)
    {
        public bool Ok => Problems.Count == 0;

        public string Summary => Ok
            ? $"The database is intact: {Collections} collections, {Indexes} indexes, {Documents} documents checked."
            : $"The database is damaged: {string.Join("; ", Problems)}";
    }

    public static Result Run(ILiteDatabase database)
    {
        var problems = new List<string>();
        long documents = 0;
        int collections = 0, indexes = 0;
        List<string> names;
        try
        {
            names = [.. database.GetCollectionNames()];
        }
        catch (Exception exception) when (IsDamage(exception))
        {
            return new Result([$"the list of collections cannot be read ({exception.Message})"], 0, 0, 0);
        }

        foreach (var name in names)
        {
            collections++;
            try
            {
                var collection = database.GetCollection(name);
                long count = 0;
                foreach (var document in collection.FindAll())
                {
                    count++;
                    if (collection.FindById(document["_id"]) is null)
                    {
                        problems.Add($"{name}: document {document["_id"]} is not found by its id");
                        break;
                    }
                }
                documents += count;

                var secondary = database.GetCollection("$indexes").Find(Query.EQ("collection", name))
                    .Select(index => (Name: index["name"].AsString, MultiKey: index["expression"].AsString.Contains("[*]", StringComparison.Ordinal)))
                    .Where(index => index.Name != "_id")
                    .ToList();
                indexes += secondary.Count + 1;
                foreach (var (index, multiKey) in secondary)
                {
                    var entries = collection.Find(Query.All(index)).LongCount();
                    if (!multiKey && entries != count)
                    {
                        problems.Add($"{name}: index {index} holds {entries} entries for {count} documents");
                    }
                }
            }
            catch (Exception exception) when (IsDamage(exception))
            {
                problems.Add($"{name}: {exception.GetType().Name}: {exception.Message}");
            }
        }
        return new Result(problems, documents, collections, indexes);
    }

    /// <summary>
    /// What LiteDB throws on a damaged file: its own exceptions, a bare <see cref="Exception"/> from a failed
    /// internal assertion ("LiteDB ENSURE: …"), or whatever a page full of garbage makes its readers throw.
    /// </summary>
    public static bool IsDamage(Exception exception) =>
        exception is not (OutOfMemoryException or OperationCanceledException or StorageException);
}
