namespace Recrypt.Service.ServiceInfo;

/// <summary>Where the service's own signing key pair is kept, sealed: one for all instances that share the store.</summary>
internal interface IServiceKeyStore
{
    /// <summary>
    /// The stored key; when there is none yet, stores <paramref name="create"/>'s. Race-free: however many
    /// instances start at once, exactly one key is ever stored and every caller gets that one.
    /// <c>Created</c> says whether this call stored it.
    /// </summary>
    (ServiceKeyRecord Record, bool Created) GetOrCreate(Func<ServiceKeyRecord> create);
}
