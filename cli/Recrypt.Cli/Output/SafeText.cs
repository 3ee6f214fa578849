using System.Globalization;
using System.Text;

namespace Recrypt.Cli.Output;

/// <summary>
/// Makes text safe to print on a terminal. Whatever <c>recrypt</c> prints passes through
/// <see cref="Escape"/> (<see cref="CliContext"/> and <see cref="CommandRunner"/> call it on every line
/// they write), because much of it comes from elsewhere: display names chosen by other people, the service
/// URL in a file's header, the service's problem details, file names. A control character in such text
/// could move the cursor, clear the screen, recolour or hide a warning, or forge a line of output.
/// </summary>
/// <remarks>
/// Escaped, as <c>\xHH</c> or <c>\uHHHH</c>: C0 controls (newlines and tabs included: each line is written
/// by its own call), DEL, C1 controls (U+0080–U+009F, among them the one-character CSI), the bidirectional
/// overrides and isolates that reorder what is shown (U+061C, U+200E, U+200F, U+202A–U+202E,
/// U+2066–U+2069), the line and paragraph separators, and unpaired surrogates. Everything else, letters
/// of every script included, is left as it is.
/// </remarks>
internal static class SafeText
{
    /// <summary>The text with every character that could act on a terminal replaced by a visible escape.</summary>
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? "";
        }
        var first = IndexOfUnsafe(text);
        if (first < 0)
        {
            return text;
        }
        var builder = new StringBuilder(text.Length + 16);
        builder.Append(text, 0, first);
        for (var i = first; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(c).Append(text[++i]);
            }
            else if (IsUnsafe(c))
            {
                builder.Append(c <= '\u00ff'
                    ? string.Create(CultureInfo.InvariantCulture, $"\\x{(int)c:X2}")
                    : string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}"));
            }
            else
            {
                builder.Append(c);
            }
        }
        return builder.ToString();
    }

    /// <summary>
    /// Serialized JSON with every character <see cref="Escape"/> would change, other than its own line breaks,
    /// written as a JSON escape (<c>\uXXXX</c>): the same JSON value, safe to show on a terminal.
    /// </summary>
    public static string EscapeJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        StringBuilder? builder = null;
        for (var i = 0; i < json.Length; i++)
        {
            var c = json[i];
            if (char.IsHighSurrogate(c) && i + 1 < json.Length && char.IsLowSurrogate(json[i + 1]))
            {
                builder?.Append(c).Append(json[i + 1]);
                i++;
                continue;
            }
            if (c != '\n' && IsUnsafe(c))
            {
                builder ??= new StringBuilder(json, 0, i, json.Length + 16);
                builder.Append(string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}"));
            }
            else
            {
                builder?.Append(c);
            }
        }
        return builder?.ToString() ?? json;
    }

    /// <summary>Whether <paramref name="text"/> has anything <see cref="Escape"/> would change.</summary>
    public static bool IsSafe(string? text) => string.IsNullOrEmpty(text) || IndexOfUnsafe(text) < 0;

    private static int IndexOfUnsafe(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (IsUnsafe(c))
            {
                return i;
            }
        }
        return -1;
    }

    private static bool IsUnsafe(char c) =>
        c < ' '
        || c is >= '\u007f' and <= '\u009f'
        || c is '\u061c' or '\u200e' or '\u200f' or '\u2028' or '\u2029'
        || c is >= '\u202a' and <= '\u202e'
        || c is >= '\u2066' and <= '\u2069'
        || char.IsSurrogate(c);
}
