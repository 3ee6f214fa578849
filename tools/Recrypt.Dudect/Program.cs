using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Recrypt;

// dudect-style leakage test (Reparaz, Balasch, Verbauwhede 2017) of the managed engine: for each
// operation, measurements alternate at random between a fixed secret input and a random one, and
// Welch's t-test compares the two timing distributions (after cropping the slowest measurements,
// which are mostly the machine's noise). |t| above 4.5 is taken as evidence of a leak; below it,
// none was found with this many measurements (which proves nothing stronger).
//
// Usage: Recrypt.Dudect [measurements per operation, default 2000]
var measurements = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2_000;
using var api = new TransformEncryption(RecryptBackend.Managed);
var (bobPrivate, bobPublic) = api.GenerateKeyPair();
using var signing = api.GenerateSigningKeyPair();
using var plaintext = api.GeneratePlaintext();
var value = api.Encrypt(plaintext, bobPublic, signing);
var message = new byte[32];

// The fixed class uses a key of low Hamming weight (1), the classic worst case for a leaky ladder.
using var fixedKey = PrivateKey.Import([.. new byte[31], 1]);

var operations = new (string Name, Func<PrivateKey, Action> Prepare)[]
{
    ("decrypt (private key)", key => () => Try(() => api.Decrypt(value, key).Dispose())),
    ("compute public key (private key)", key => () => api.ComputePublicKey(key)),
    ("generate transform key (from private key)", key => () => api.GenerateTransformKey(key, bobPublic, signing)),
    ("Schnorr sign (private key)", key => () => api.SchnorrSign(key, bobPublic, message)),
};

Console.WriteLine($"dudect: managed engine, {measurements} measurements per operation (fixed key 0x00..01 vs random keys)");
var worst = 0.0;
foreach (var (name, prepare) in operations)
{
    var t = Measure(prepare, measurements);
    worst = Math.Max(worst, Math.Abs(t));
    Console.WriteLine($"  {name,-45} t = {t,8:F2}  {(Math.Abs(t) > 4.5 ? "LEAK SUSPECTED" : "no leak found")}");
}
bobPrivate.Dispose();
return worst > 4.5 ? 1 : 0;

double Measure(Func<PrivateKey, Action> prepare, int n)
{
    var times = new List<(bool Fixed, long Ticks)>(n);
    for (var i = 0; i < n; i++)
    {
        var isFixed = RandomNumberGenerator.GetInt32(2) == 0;
        using var random = api.GenerateKeyPair().PrivateKey;
        var call = prepare(isFixed ? fixedKey : random);
        var start = Stopwatch.GetTimestamp();
        call();
        times.Add((isFixed, Stopwatch.GetTimestamp() - start));
    }
    // Crop at the 90th percentile of all measurements, as dudect's first crop does.
    var cut = times.Select(x => x.Ticks).Order().ElementAt(n * 9 / 10);
    var a = times.Where(x => x.Fixed && x.Ticks <= cut).Select(x => (double)x.Ticks).ToArray();
    var b = times.Where(x => !x.Fixed && x.Ticks <= cut).Select(x => (double)x.Ticks).ToArray();
    return Welch(a, b);
}

static double Welch(double[] a, double[] b)
{
    static (double Mean, double Variance) Stats(double[] x)
    {
        var mean = x.Average();
        return (mean, x.Sum(v => (v - mean) * (v - mean)) / (x.Length - 1));
    }
    var (ma, va) = Stats(a);
    var (mb, vb) = Stats(b);
    return (ma - mb) / Math.Sqrt(va / a.Length + vb / b.Length);
}

static void Try(Action action)
{
    try
    {
        action();
    }
    catch (RecryptException)
    {
        // A key that is not the recipient's fails at the auth hash, after the same work.
    }
}
