namespace Recrypt.Client;

// The service's JSON shapes; byte strings are base64.

internal sealed record ServiceInfoWire(byte[] SigningPublicKey);

internal sealed record RegisterIdentityWire(byte[] PublicKey, byte[] SigningPublicKey, string? Name);

internal sealed record IdentityWire(string Id, string? Name, byte[] PublicKey, byte[] SigningPublicKey, DateTimeOffset CreatedAt);

internal sealed record PutGrantWire(byte[] TransformKey);

internal sealed record GrantWire(string GranteeId, DateTimeOffset CreatedAt);

internal sealed record CreateDocumentWire(byte[] EncryptedValue);

internal sealed record DocumentCreatedWire(string Id, string OwnerId, DateTimeOffset CreatedAt);

internal sealed record DocumentWire(string Id, string OwnerId, byte[] EncryptedValue);

internal sealed record ProblemWire(string? Type, string? Title, string? Detail);
