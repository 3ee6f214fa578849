using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Recrypt.Protocol;

/// <summary>
/// A group's id: the lowercase hex of the first 16 bytes of SHA-256 of
/// <c>recrypt-group-id-v1\n&lt;creator id&gt;\n&lt;salt hex&gt;</c> (32 hex digits, the form of an identity id).
/// The creator picks the salt, so it knows the id before the group exists and certifies the group's first key
/// for it; anyone holding the id can check that the group was made by the identity it names as its creator.
/// </summary>
public static class GroupId
{
    /// <summary>The domain separation tag of the derivation.</summary>
    public const string Tag = "recrypt-group-id-v1";

    /// <summary>The size of the creator's random salt, in bytes.</summary>
    public const int SaltSize = 16;

    /// <summary>The id of the group <paramref name="creatorId"/> creates with <paramref name="salt"/>.</summary>
    /// <param name="creatorId">The creating identity's id.</param>
    /// <param name="salt"><see cref="SaltSize"/> random bytes.</param>
    /// <returns>32 lowercase hex digits.</returns>
    public static string Derive(string creatorId, ReadOnlySpan<byte> salt)
    {
        ArgumentNullException.ThrowIfNull(creatorId);
        if (salt.Length != SaltSize)
        {
            throw new ArgumentException($"A group's salt is {SaltSize} bytes.", nameof(salt));
        }
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', Tag, creatorId, Convert.ToHexStringLower(salt))));
        return Convert.ToHexStringLower(hash.AsSpan(0, IdentityId.Length / 2));
    }
}

/// <summary>
/// A group key certificate: an admin's Ed25519 signature that makes one recrypt public key the group's key of one
/// version. The first version is certified by the creator (whom the group's id names, <see cref="GroupId"/>);
/// later ones (rotations) by the admin who rotated.
/// </summary>
/// <remarks>
/// The signed message is this UTF-8 string, with <c>\n</c> between lines and no trailing newline:
/// <code>
/// recrypt-group-key-certificate-v1
/// &lt;group id&gt;
/// &lt;key version, decimal, from 1&gt;
/// &lt;lowercase hex of the group's recrypt public key, x ‖ y, 128 digits&gt;
/// </code>
/// </remarks>
public static class GroupKeyCertificate
{
    /// <summary>The first line of the signed message: the domain separation tag.</summary>
    public const string Tag = "recrypt-group-key-certificate-v1";

    /// <summary>The message an admin signs to certify <paramref name="publicKey"/> as the key of <paramref name="version"/> of <paramref name="groupId"/>.</summary>
    /// <param name="groupId">The group's id.</param>
    /// <param name="version">The key version, at least 1.</param>
    /// <param name="publicKey">The group's recrypt public key.</param>
    /// <returns>The message's bytes.</returns>
    public static byte[] Message(string groupId, int version, PublicKey publicKey)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        return Message(groupId, version, publicKey.Export());
    }

    /// <summary>The message an admin signs to certify the encoded public key <paramref name="publicKey"/> (of either curve) as the key of <paramref name="version"/> of <paramref name="groupId"/>.</summary>
    /// <param name="groupId">The group's id.</param>
    /// <param name="version">The key version, at least 1.</param>
    /// <param name="publicKey">The group's recrypt public key's encoding (x ‖ y).</param>
    /// <returns>The message's bytes.</returns>
    public static byte[] Message(string groupId, int version, ReadOnlySpan<byte> publicKey)
    {
        ArgumentNullException.ThrowIfNull(groupId);
        ArgumentOutOfRangeException.ThrowIfLessThan(version, KeyCertificate.FirstVersion);
        return Encoding.UTF8.GetBytes(string.Join('\n',
            Tag, groupId, version.ToString(CultureInfo.InvariantCulture), Convert.ToHexStringLower(publicKey)));
    }

    /// <summary>Certifies <paramref name="publicKey"/> as the key of <paramref name="version"/> of <paramref name="groupId"/>.</summary>
    /// <param name="recrypt">Makes the signature.</param>
    /// <param name="signingKeyPair">The certifying admin's signing key pair.</param>
    /// <param name="groupId">The group's id.</param>
    /// <param name="version">The key version.</param>
    /// <param name="publicKey">The group's recrypt public key.</param>
    /// <returns>The certificate (<see cref="KeyCertificate.Size"/> bytes).</returns>
    public static byte[] Sign(TransformEncryption recrypt, SigningKeyPair signingKeyPair, string groupId, int version, PublicKey publicKey)
    {
        ArgumentNullException.ThrowIfNull(recrypt);
        ArgumentNullException.ThrowIfNull(signingKeyPair);
        return recrypt.Ed25519Sign(signingKeyPair, Message(groupId, version, publicKey));
    }

    /// <summary>Whether <paramref name="certificate"/>, by the identity whose signing key is <paramref name="certifier"/>, certifies <paramref name="publicKey"/>.</summary>
    /// <param name="recrypt">Verifies the signature.</param>
    /// <param name="certifier">The certifying admin's signing public key.</param>
    /// <param name="groupId">The group's id.</param>
    /// <param name="version">The key version.</param>
    /// <param name="publicKey">The group's recrypt public key.</param>
    /// <param name="certificate">The certificate.</param>
    /// <returns><see langword="true"/> when it verifies.</returns>
    public static bool Verify(
        TransformEncryption recrypt, PublicSigningKey certifier, string groupId, int version, PublicKey publicKey, ReadOnlySpan<byte> certificate)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        return Verify(recrypt, certifier, groupId, version, publicKey.Export(), certificate);
    }

    /// <summary>Whether <paramref name="certificate"/>, by the identity whose signing key is <paramref name="certifier"/>, certifies the encoded public key <paramref name="publicKey"/> (of either curve).</summary>
    /// <param name="recrypt">Verifies the signature.</param>
    /// <param name="certifier">The certifying admin's signing public key.</param>
    /// <param name="groupId">The group's id.</param>
    /// <param name="version">The key version.</param>
    /// <param name="publicKey">The group's recrypt public key's encoding (x ‖ y).</param>
    /// <param name="certificate">The certificate.</param>
    /// <returns><see langword="true"/> when it verifies.</returns>
    public static bool Verify(
        TransformEncryption recrypt, PublicSigningKey certifier, string groupId, int version, ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> certificate)
    {
        ArgumentNullException.ThrowIfNull(recrypt);
        ArgumentNullException.ThrowIfNull(certifier);
        return version >= KeyCertificate.FirstVersion
            && certificate.Length == KeyCertificate.Size
            && recrypt.Ed25519Verify(certifier, Message(groupId, version, publicKey), certificate);
    }
}

/// <summary>Creates a group. Everything is made on the creator's client; the service never sees the group's private key.</summary>
/// <param name="Salt">The creator's <see cref="GroupId.SaltSize"/> random bytes, base64; the group's id is <see cref="GroupId.Derive"/> of the creator's id and the salt.</param>
/// <param name="Name">The group's display name (at most 200 characters). Not unique.</param>
/// <param name="PublicKey">The group's recrypt public key (from the private key derived from the group plaintext), x ‖ y, 64 bytes, base64.</param>
/// <param name="KeyCertificate">The creator's <see cref="GroupKeyCertificate"/> of <paramref name="PublicKey"/> as the group's key version 1, 64 bytes, base64.</param>
/// <param name="EncryptedPlaintext">The group plaintext encrypted to the creator's current public key and signed by the creator: the creator's copy as the group's first admin.</param>
public sealed record CreateGroupRequest(byte[] Salt, string Name, byte[] PublicKey, byte[] KeyCertificate, byte[] EncryptedPlaintext);

/// <summary>A group: its public key, and its admins and members when the caller is one of them.</summary>
/// <param name="Id">The group's id.</param>
/// <param name="Name">The display name.</param>
/// <param name="CreatorId">The identity that created the group (the id is derived from it and <paramref name="Salt"/>).</param>
/// <param name="Salt">The creator's salt, base64.</param>
/// <param name="PublicKey">The group's current recrypt public key, 64 bytes, base64.</param>
/// <param name="KeyVersion">The version of <paramref name="PublicKey"/>, from 1; each rotation adds one.</param>
/// <param name="KeyCertificate">The <see cref="GroupKeyCertificate"/> of <paramref name="PublicKey"/> by <paramref name="CertifiedBy"/>.</param>
/// <param name="CertifiedBy">The admin who certified the current key: the creator for version 1, the rotating admin after.</param>
/// <param name="CreatedAt">When the group was created (UTC).</param>
/// <param name="Admins">The admins' identity ids; <see langword="null"/> unless the caller is an admin or a member.</param>
/// <param name="Members">The members, with the versions of their transform keys; <see langword="null"/> unless the caller is an admin or a member.</param>
/// <param name="EncryptedPlaintext">The caller's own copy of the group plaintext of the current key version (for an admin), encrypted to the caller's key; <see langword="null"/> for anyone else.</param>
public sealed record GroupResponse(
    string Id,
    string Name,
    string CreatorId,
    byte[] Salt,
    byte[] PublicKey,
    int KeyVersion,
    byte[] KeyCertificate,
    string CertifiedBy,
    DateTimeOffset CreatedAt,
    string[]? Admins = null,
    GroupMemberResponse[]? Members = null,
    byte[]? EncryptedPlaintext = null);

/// <summary>A member of a group.</summary>
/// <param name="IdentityId">The member's identity id.</param>
/// <param name="MemberKeyVersion">The version of the member's key the group's transform key to it leads to.</param>
/// <param name="AddedAt">When its current transform key was stored (UTC).</param>
public sealed record GroupMemberResponse(string IdentityId, int MemberKeyVersion, DateTimeOffset AddedAt);

/// <summary>A group the caller administers or belongs to.</summary>
/// <param name="Id">The group's id.</param>
/// <param name="Name">The display name.</param>
/// <param name="IsAdmin">Whether the caller is an admin.</param>
/// <param name="IsMember">Whether the caller is a member.</param>
/// <param name="KeyVersion">The group's current key version.</param>
public sealed record GroupSummaryResponse(string Id, string Name, bool IsAdmin, bool IsMember, int KeyVersion);

/// <summary>Adds a member (or replaces its transform key). Signed by an admin.</summary>
/// <param name="TransformKey">The transform key from the group's private key to the member's newest certified public key, made on the admin's client and signed with the admin's signing key, base64.</param>
/// <param name="GroupKeyVersion">The group key version the transform key starts from: the current one.</param>
public sealed record PutGroupMemberRequest(byte[] TransformKey, int GroupKeyVersion);

/// <summary>Adds an admin (or replaces its copy of the group plaintext). Signed by an admin.</summary>
/// <param name="EncryptedPlaintext">The group plaintext encrypted to the new admin's current public key, signed by the adding admin, base64.</param>
/// <param name="GroupKeyVersion">The group key version of the plaintext: the current one.</param>
public sealed record PutGroupAdminRequest(byte[] EncryptedPlaintext, int GroupKeyVersion);

/// <summary>Rotates a group's key: the new key with a copy of its plaintext for every admin and a transform key for every member, replacing the old ones at once.</summary>
/// <param name="KeyVersion">The new version: one more than the current one.</param>
/// <param name="PublicKey">The new public key, 64 bytes, base64.</param>
/// <param name="KeyCertificate">The rotating admin's <see cref="GroupKeyCertificate"/> of it.</param>
/// <param name="Admins">Every current admin (the rotating one included), each with the new plaintext encrypted to it.</param>
/// <param name="Members">Every current member, each with a transform key from the new key.</param>
public sealed record RotateGroupKeyRequest(int KeyVersion, byte[] PublicKey, byte[] KeyCertificate, GroupAdminKey[] Admins, GroupMemberKey[] Members);

/// <summary>An admin's copy of a group plaintext.</summary>
/// <param name="IdentityId">The admin.</param>
/// <param name="EncryptedPlaintext">The plaintext encrypted to the admin's current public key, base64.</param>
public sealed record GroupAdminKey(string IdentityId, byte[] EncryptedPlaintext);

/// <summary>A member's transform key.</summary>
/// <param name="IdentityId">The member.</param>
/// <param name="TransformKey">The transform key from the group's key to the member's current public key, base64.</param>
public sealed record GroupMemberKey(string IdentityId, byte[] TransformKey);

/// <summary>Fetches several document keys in one signed request.</summary>
/// <param name="Ids">The document key ids (at most the service's batch size, 100 by default).</param>
public sealed record BatchDocumentsRequest(string[] Ids);

/// <summary>The answer to a batch fetch: one item per requested id, in order.</summary>
/// <param name="Items">Each id's document key or problem.</param>
public sealed record BatchDocumentsResponse(BatchDocumentItem[] Items);

/// <summary>One item of a batch fetch: the document key, or why it was refused.</summary>
/// <param name="Id">The requested id.</param>
/// <param name="Status">The status code a single fetch of it would have answered (200, 403, 404, 409, 422, 400).</param>
/// <param name="Document">The document key, when <paramref name="Status"/> is 200.</param>
/// <param name="Problem">The problem, otherwise.</param>
public sealed record BatchDocumentItem(string Id, int Status, DocumentResponse? Document = null, ProblemResponse? Problem = null);
