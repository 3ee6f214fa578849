using System.Security.Claims;
using Recrypt.Service.Identities;

namespace Recrypt.Service.Auth;

/// <summary>
/// The authenticated identity of a signed request: its id as a claim (<see cref="SignatureAuthenticationHandler.IdentityIdClaim"/>),
/// and the record authentication read to check the signature (<see cref="AuthenticationSetup.Caller"/>).
/// </summary>
internal sealed class SignedIdentity(IdentityRecord record, string scheme)
    : ClaimsIdentity([new Claim(SignatureAuthenticationHandler.IdentityIdClaim, record.Id)], scheme)
{
    /// <summary>The identity as stored when the request was authenticated.</summary>
    public IdentityRecord Record { get; } = record;
}
