namespace Recrypt.Managed.Field;

// The primes of the two BN curves (spec 1.1 and A.1). Each is the BN polynomial in t = x³ of the curve's x
// (p = 36t⁴ + 36t³ + 24t² + 6t + 1, r = 36t⁴ + 36t³ + 18t² + 6t + 1), which the tests check.

/// <summary>p of spec 1.1: the base field F_p of the 256-bit curve.</summary>
internal readonly struct PModulus : IModulus<U256>
{
    private static readonly U256 s_m = U256.FromHex("8fb501e34aa387f9aa6fecb86184dc21ee5b88d120b5b59e185cac6c5e089667");

    public static U256 Modulus => s_m;

    public static int Size => 32;
}

/// <summary>r of spec 1.1: the order of the 256-bit curve's groups, the scalar field F_r.</summary>
internal readonly struct RModulus : IModulus<U256>
{
    private static readonly U256 s_m = U256.FromHex("8fb501e34aa387f9aa6fecb86184dc212e8d8e12f82b39241a2ef45b57ac7261");

    public static U256 Modulus => s_m;

    public static int Size => 32;
}

/// <summary>p of spec A.1: the base field of the 480-bit curve.</summary>
internal readonly struct P480Modulus : IModulus<U512>
{
    private static readonly U512 s_m = Limbs.FromHex<U512>(
        "fffc66640e249d9ec75ad5290b81a85d415797b931258da0d78b58a21c435cddb02e0add635a037371d1e9a40a5ec1d6ed637bd3695530683ee96497");

    public static U512 Modulus => s_m;

    public static int Size => 60;
}

/// <summary>r of spec A.1: the order of the 480-bit curve's groups.</summary>
internal readonly struct R480Modulus : IModulus<U512>
{
    private static readonly U512 s_m = Limbs.FromHex<U512>(
        "fffc66640e249d9ec75ad5290b81a85d415797b931258da0d78b58a21c425cdf7cfda2886d3d45c4fd22b1444c47f1427183f46b21df15f4921652f1");

    public static U512 Modulus => s_m;

    public static int Size => 60;
}
