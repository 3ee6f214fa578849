using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Recrypt.Interop;

namespace Recrypt.Tests.Interop;

/// <summary>
/// The two generated descriptions of the C ABI agree: the C header (cbindgen) and the C# bindings
/// (recrypt-bindgen) declare the same functions with the same signatures, constants and status codes.
/// </summary>
public sealed partial class BindingCoverageTests
{
    private static readonly Lazy<string> s_header = new(() =>
        StripComments().Replace(RepositoryFiles.ReadAllText("native", "include", "recrypt_ffi.h"), " "));

    private static readonly Dictionary<string, string> s_cToCSharp = new()
    {
        ["void"] = "void",
        ["int32_t"] = "int",
        ["uint32_t"] = "uint",
        ["size_t"] = "nuint",
        ["recrypt_status"] = "recrypt_status",
        ["uint8_t*"] = "byte*",
        ["char*"] = "byte*",
        ["size_t*"] = "nuint*",
        ["uint32_t*"] = "uint*",
        ["recrypt_context*"] = "recrypt_context*",
        ["recrypt_context**"] = "recrypt_context**",
        ["recrypt_prepared_transform_key*"] = "recrypt_prepared_transform_key*",
        ["recrypt_prepared_transform_key**"] = "recrypt_prepared_transform_key**",
    };

    private static Dictionary<string, string> HeaderFunctions =>
        HeaderFunction().Matches(s_header.Value).ToDictionary(m => m.Groups["name"].Value, Signature);

    private static Dictionary<string, string> BoundFunctions =>
        typeof(NativeMethods).GetMethods(BindingFlags.Static | BindingFlags.NonPublic)
            .Where(m => m.GetCustomAttribute<LibraryImportAttribute>() is not null)
            .ToDictionary(m => m.Name, m => $"{Name(m.ReturnType)}({string.Join(", ", m.GetParameters().Select(p => Name(p.ParameterType)))})");

    [Fact]
    public void EveryHeaderFunction_HasABindingWithTheSameSignature()
    {
        var bound = BoundFunctions;

        Assert.NotEmpty(HeaderFunctions);
        Assert.All(HeaderFunctions, f => Assert.Equal(f.Value, bound.GetValueOrDefault(f.Key, "(no binding)")));
    }

    [Fact]
    public void EveryBinding_IsAHeaderFunction()
    {
        Assert.Empty(BoundFunctions.Keys.Except(HeaderFunctions.Keys));
    }

    [Fact]
    public void Constants_AreTheHeadersDefines()
    {
        var defines = HeaderDefine().Matches(s_header.Value)
            .ToDictionary(m => m.Groups["name"].Value, m => long.Parse(m.Groups["value"].Value, System.Globalization.CultureInfo.InvariantCulture));
        var constants = typeof(NativeMethods).GetFields(BindingFlags.Static | BindingFlags.NonPublic)
            .Where(f => f.IsLiteral && f.Name.StartsWith("RECRYPT", StringComparison.Ordinal))
            .ToDictionary(f => f.Name, f => Convert.ToInt64(f.GetRawConstantValue(), System.Globalization.CultureInfo.InvariantCulture));

        Assert.NotEmpty(defines);
        Assert.Equal(defines.OrderBy(d => d.Key), constants.OrderBy(c => c.Key));
    }

    [Fact]
    public void StatusEnum_IsTheHeadersEnum()
    {
        var header = HeaderEnumerator().Matches(s_header.Value)
            .ToDictionary(m => m.Groups["name"].Value, m => int.Parse(m.Groups["value"].Value, System.Globalization.CultureInfo.InvariantCulture));
        var bound = Enum.GetValues<recrypt_status>().ToDictionary(s => s.ToString(), s => (int)s);

        Assert.NotEmpty(header);
        Assert.Equal(header.OrderBy(h => h.Key), bound.OrderBy(b => b.Key));
    }

    /// <summary><c>ret(param, ...)</c> in C# type names, from a header declaration.</summary>
    private static string Signature(Match declaration)
    {
        var parameters = declaration.Groups["params"].Value.Trim();
        var types = parameters is "void" or ""
            ? []
            : parameters.Split(',').Select(p => CType(p.Trim()[..LastIdentifier(p.Trim())]));
        return $"{CType(declaration.Groups["ret"].Value)}({string.Join(", ", types)})";
    }

    /// <summary>A C type with <c>const</c>, <c>struct</c> and spaces removed, mapped to C#.</summary>
    private static string CType(string c)
    {
        var bare = Regex.Replace(c, @"\b(const|struct)\b|\s", "");
        return s_cToCSharp.TryGetValue(bare, out var cs) ? cs : $"(unmapped C type {bare})";
    }

    private static int LastIdentifier(string parameter) => parameter.Length - Regex.Match(parameter, @"\w+$").Length;

    private static string Name(Type type) => type switch
    {
        { IsPointer: true } => Name(type.GetElementType()!) + "*",
        _ when type == typeof(void) => "void",
        _ when type == typeof(int) => "int",
        _ when type == typeof(uint) => "uint",
        _ when type == typeof(nuint) => "nuint",
        _ when type == typeof(byte) => "byte",
        _ => type.Name,
    };

    [GeneratedRegex(@"/\*.*?\*/|//[^\n]*", RegexOptions.Singleline)]
    private static partial Regex StripComments();

    // recrypt_* (Api256 and both curves) and recrypt480_* (Api480).
    [GeneratedRegex(@"(?m)^(?<ret>[A-Za-z_][\w ]*?\**)\s*(?<name>recrypt(480)?_\w+)\((?<params>[^;]*?)\);", RegexOptions.Singleline)]
    private static partial Regex HeaderFunction();

    [GeneratedRegex(@"(?m)^#define\s+(?<name>\w+)\s+(?<value>\d+)\s*$")]
    private static partial Regex HeaderDefine();

    [GeneratedRegex(@"(?<name>RECRYPT_STATUS_\w+)\s*=\s*(?<value>-?\d+)")]
    private static partial Regex HeaderEnumerator();
}
