namespace Recrypt;

/// <summary>
/// Which of IronCore's recrypt schemes a value or a deployment uses. The two are separate: keys,
/// plaintexts, encrypted values and transform keys of one never work with the other, and each has
/// its own types (<see cref="TransformEncryption"/> and <see cref="PublicKey"/> for Api256,
/// <see cref="TransformEncryption480"/> and <see cref="PublicKey480"/> for Api480), so that mixing
/// them does not compile.
/// </summary>
/// <remarks>
/// <para>
/// Choose <see cref="Api256"/> for compatibility with most of IronCore's SDKs and for speed. Its
/// 256-bit Barreto-Naehrig curve was designed for 128-bit security, but since the exTNFS attacks on
/// the discrete logarithm in F_p12 (Kim and Barbulescu, 2016) 256-bit BN curves give well under
/// 128 bits (estimates near 100).
/// </para>
/// <para>
/// Choose <see cref="Api480"/> for keys and data that must stay safe for decades: its 480-bit BN
/// curve keeps about 128-bit security after those attacks, at roughly 4 to 5 times the cost of every
/// operation and about twice the size of every key and value.
/// </para>
/// </remarks>
public enum RecryptCurve
{
    /// <summary>IronCore's <c>Api256</c>: the 256-bit BN curve (32-byte private keys, 64-byte public keys).</summary>
    Api256 = 1,

    /// <summary>IronCore's <c>Api480</c>: the 480-bit BN curve (60-byte private keys, 120-byte public keys), for long-lived secrets.</summary>
    Api480 = 2,
}
