using System.Text.RegularExpressions;
using Recrypt.Interop;

namespace Recrypt.Tests.Interop;

public sealed class StatusTests
{
    /// <summary>The statuses that managed validation prevents, or that mean a bug: never a <see cref="RecryptError"/>.</summary>
    private static readonly recrypt_status[] s_internal =
    [
        recrypt_status.RECRYPT_STATUS_NULL_ARGUMENT,
        recrypt_status.RECRYPT_STATUS_INVALID_LENGTH,
        recrypt_status.RECRYPT_STATUS_BUFFER_TOO_SMALL,
        recrypt_status.RECRYPT_STATUS_PANIC,
    ];

    [Fact]
    public void EveryRecryptError_IsTheNativeStatusOfTheSameNameAndValue()
    {
        Assert.All(Enum.GetValues<RecryptError>(), error =>
        {
            var status = Enum.Parse<recrypt_status>("RECRYPT_STATUS_" + Regex.Replace(error.ToString(), "(?<=[a-z])(?=[A-Z])", "_").ToUpperInvariant());
            Assert.Equal((int)error, (int)status);
        });
    }

    [Fact]
    public void EveryNativeFailure_IsARecryptErrorOrAnInternalError()
    {
        var failures = Enum.GetValues<recrypt_status>().Where(s => s != recrypt_status.RECRYPT_STATUS_OK);

        Assert.All(failures, status => Assert.True(
            Enum.IsDefined((RecryptError)(int)status) ^ s_internal.Contains(status), $"{status} is neither or both"));
    }

    [Fact]
    public void RecryptErrorStatuses_BecomeRecryptExceptionsWithTheNativeMessage()
    {
        Assert.All(Enum.GetValues<RecryptError>(), error =>
        {
            var exception = Assert.IsType<RecryptException>(Status.ToException((recrypt_status)(int)error));
            Assert.Equal(error, exception.Error);
            Assert.Equal(Status.Message((recrypt_status)(int)error), exception.Message);
            Assert.False(Status.Succeeded((recrypt_status)(int)error));
        });
    }

    [Fact]
    public void InternalStatuses_BecomeInternalErrorsNamingTheStatus()
    {
        Assert.All(s_internal, status =>
        {
            var exception = Assert.IsType<InvalidOperationException>(Status.ToException(status));
            Assert.StartsWith("Internal error in Recrypt", exception.Message, StringComparison.Ordinal);
            Assert.Contains(status.ToString(), exception.Message, StringComparison.Ordinal);
            Assert.Throws<InvalidOperationException>(() => Status.Succeeded(status));
        });
    }

    [Fact]
    public void Ok_ThrowsNothing()
    {
        Status.ThrowIfFailed(recrypt_status.RECRYPT_STATUS_OK);

        Assert.True(Status.Succeeded(recrypt_status.RECRYPT_STATUS_OK));
    }

    [Fact]
    public void AnUnknownStatus_IsAnInternalError()
    {
        Assert.IsType<InvalidOperationException>(Status.ToException((recrypt_status)12345));
    }

    [Fact]
    public void EncodingLayouts_MatchTheNativeSizes_Api256() => AssertLayoutsMatch<Curve256>(
        NativeMethods.RECRYPT_ENCRYPTED_VALUE_BASE_LEN, NativeMethods.RECRYPT_TRANSFORM_BLOCK_LEN,
        NativeMethods.RECRYPT_TRANSFORM_KEY_LEN, NativeMethods.RECRYPT_TRANSFORM_KEY_BYTES_LEN);

    [Fact]
    public void EncodingLayouts_MatchTheNativeSizes_Api480() => AssertLayoutsMatch<Curve480>(972, 1680, 1298, 1232);

    private static void AssertLayoutsMatch<TCurve>(int encryptedValueBase, int transformBlock, int transformKey, int transformKeyBytes)
        where TCurve : ICurve
    {
        Assert.Equal(encryptedValueBase, EncryptedValueLayout<TCurve>.BlockCount.End);
        Assert.Equal(encryptedValueBase, EncryptedValueLayout<TCurve>.BaseSize);
        Assert.Equal(transformBlock, EncryptedValueLayout<TCurve>.BlockRandomTransformEncryptedTempKey.End);
        Assert.Equal(transformKey, TransformKeyLayout<TCurve>.Signature.End);
        Assert.Equal(
            transformKeyBytes,
            TransformKeyLayout<TCurve>.PublicSigningKey.End - TransformKeyLayout<TCurve>.EphemeralPublicKey.Offset);
    }
}
