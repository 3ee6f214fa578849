using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;

namespace Recrypt.Managed;

/// <summary>Where the managed engine's random bytes come from. Implementations are thread-safe.</summary>
internal interface IRandomSource
{
    void Fill(Span<byte> destination);
}

/// <summary>The operating system's CSPRNG (in a browser, <c>crypto.getRandomValues</c>).</summary>
internal sealed class OsRandom : IRandomSource
{
    public static OsRandom Instance { get; } = new();

    public void Fill(Span<byte> destination) => RandomNumberGenerator.Fill(destination);
}

/// <summary>
/// NOT FOR PRODUCTION. The random stream of IronCore's npm build (spec 6.3), for tests only: the
/// ChaCha20 keystream (20 rounds, zero nonce, block counter from 0) keyed with a 32-byte seed,
/// consumed in order; after 1 MiB of output the next byte comes from a fresh key of 32 OS-random
/// bytes, as recrypt's reseeding wrapper does. Anyone who knows the seed knows every value drawn.
/// </summary>
internal sealed class ChaCha20Random : IRandomSource, IDisposable
{
    private const int ReseedThreshold = 1 << 20;
    private const int BlockSize = 64;

    private readonly object _gate = new();
    private readonly uint[] _key = new uint[8];
    private readonly byte[] _block = new byte[BlockSize];
    private ulong _counter;
    private int _blockOffset = BlockSize;
    private int _produced;

    public ChaCha20Random(ReadOnlySpan<byte> seed) => Rekey(seed);

    public void Fill(Span<byte> destination)
    {
        lock (_gate)
        {
            while (!destination.IsEmpty)
            {
                if (_produced == ReseedThreshold)
                {
                    Reseed();
                }
                if (_blockOffset == BlockSize)
                {
                    NextBlock();
                }
                var take = Math.Min(Math.Min(destination.Length, BlockSize - _blockOffset), ReseedThreshold - _produced);
                _block.AsSpan(_blockOffset, take).CopyTo(destination);
                _blockOffset += take;
                _produced += take;
                destination = destination[take..];
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            CryptographicOperations.ZeroMemory(System.Runtime.InteropServices.MemoryMarshal.AsBytes(_key.AsSpan()));
            CryptographicOperations.ZeroMemory(_block);
        }
    }

    private void Reseed()
    {
        Span<byte> key = stackalloc byte[32];
        RandomNumberGenerator.Fill(key);
        Rekey(key);
        CryptographicOperations.ZeroMemory(key);
    }

    private void Rekey(ReadOnlySpan<byte> key)
    {
        for (var i = 0; i < 8; i++)
        {
            _key[i] = BinaryPrimitives.ReadUInt32LittleEndian(key[(4 * i)..]);
        }
        _counter = 0;
        _blockOffset = BlockSize;
        _produced = 0;
    }

    /// <summary>One ChaCha20 block (RFC 8439 2.3) with a 64-bit counter in words 12–13 and a zero nonce in 14–15.</summary>
    private void NextBlock()
    {
        Span<uint> initial = stackalloc uint[16];
        initial[0] = 0x61707865;
        initial[1] = 0x3320646e;
        initial[2] = 0x79622d32;
        initial[3] = 0x6b206574;
        _key.CopyTo(initial[4..]);
        initial[12] = (uint)_counter;
        initial[13] = (uint)(_counter >> 32);
        initial[14] = 0; // the nonce: zero (the stack is not cleared, see SkipLocalsInit)
        initial[15] = 0;
        Span<uint> x = stackalloc uint[16];
        initial.CopyTo(x);
        for (var round = 0; round < 10; round++)
        {
            QuarterRound(x, 0, 4, 8, 12);
            QuarterRound(x, 1, 5, 9, 13);
            QuarterRound(x, 2, 6, 10, 14);
            QuarterRound(x, 3, 7, 11, 15);
            QuarterRound(x, 0, 5, 10, 15);
            QuarterRound(x, 1, 6, 11, 12);
            QuarterRound(x, 2, 7, 8, 13);
            QuarterRound(x, 3, 4, 9, 14);
        }
        for (var i = 0; i < 16; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(_block.AsSpan(4 * i), x[i] + initial[i]);
        }
        CryptographicOperations.ZeroMemory(System.Runtime.InteropServices.MemoryMarshal.AsBytes(x));
        CryptographicOperations.ZeroMemory(System.Runtime.InteropServices.MemoryMarshal.AsBytes(initial));
        _counter++;
        _blockOffset = 0;
    }

    private static void QuarterRound(Span<uint> x, int a, int b, int c, int d)
    {
        x[a] += x[b];
        x[d] = BitOperations.RotateLeft(x[d] ^ x[a], 16);
        x[c] += x[d];
        x[b] = BitOperations.RotateLeft(x[b] ^ x[c], 12);
        x[a] += x[b];
        x[d] = BitOperations.RotateLeft(x[d] ^ x[a], 8);
        x[c] += x[d];
        x[b] = BitOperations.RotateLeft(x[b] ^ x[c], 7);
    }
}
