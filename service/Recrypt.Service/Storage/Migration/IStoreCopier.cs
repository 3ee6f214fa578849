namespace Recrypt.Service.Storage.Migration;

/// <summary>
/// Copies every record of one store (one of <see cref="StorageProviders.Stores"/>) from a LiteDB database
/// into PostgreSQL, for <c>Recrypt.Service migrate</c>. A feature that adds a store adds one copier next to
/// its two implementations; <see cref="StoreCopiers"/> finds it, and a test fails for a store that has none.
/// </summary>
internal interface IStoreCopier
{
    /// <summary>The store interface whose records this copies.</summary>
    Type Store { get; }

    /// <summary>The PostgreSQL tables the store's records go to (checked empty, or emptied with <c>--replace</c>).</summary>
    IReadOnlyList<string> Tables { get; }

    /// <summary>What is counted, in the command's summary (<c>"identities"</c>).</summary>
    string What { get; }

    /// <summary>Copies every record of the store; returns how many records were written.</summary>
    long Copy(StoreCopy copy);
}

/// <summary>Every <see cref="IStoreCopier"/> of the service, in the order of <see cref="StorageProviders.Stores"/>.</summary>
internal static class StoreCopiers
{
    /// <summary>
    /// The copiers, found in this assembly, ordered as their stores are in <see cref="StorageProviders.Stores"/>
    /// (a store's records may refer to an earlier store's: grants and documents to identities).
    /// </summary>
    public static IReadOnlyList<IStoreCopier> All { get; } =
    [
        .. typeof(IStoreCopier).Assembly.GetTypes()
            .Where(type => type is { IsClass: true, IsAbstract: false } && typeof(IStoreCopier).IsAssignableFrom(type))
            .Select(type => (IStoreCopier)Activator.CreateInstance(type)!)
            .OrderBy(copier => StorageProviders.Stores.ToList().IndexOf(copier.Store) is var index and >= 0 ? index : int.MaxValue),
    ];

    /// <summary>The stores that have no copier, or more than one (none when the seam is complete).</summary>
    public static IReadOnlyList<Type> Uncovered() =>
        [.. StorageProviders.Stores.Where(store => All.Count(copier => copier.Store == store) != 1)];
}
