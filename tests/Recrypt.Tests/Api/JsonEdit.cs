using System.Text.Json.Nodes;

namespace Recrypt.Tests.Api;

/// <summary>Changes to a value in IronCore's JSON shape.</summary>
internal static class JsonEdit
{
    /// <summary>
    /// Changes the field at a dotted path (<c>ephemeralPublicKey.x</c>, <c>transformBlocks.0.publicKey</c>):
    /// <c>remove</c> it, <c>truncate</c> its hex by one byte, make it <c>not hex</c> (same length), or a <c>number</c>.
    /// </summary>
    public static string Change(string json, string path, string change)
    {
        var root = JsonNode.Parse(json)!;
        var names = path.Split('.');
        var parent = names[..^1].Aggregate(root, (node, name) => int.TryParse(name, out var i) ? node[i]! : node[name]!);
        var last = names[^1];
        var value = int.TryParse(last, out var index) ? parent[index] : parent[last];
        JsonNode? replacement = change switch
        {
            "truncate" => JsonValue.Create(value!.GetValue<string>()[..^2]),
            "not hex" => JsonValue.Create(new string('z', value!.GetValue<string>().Length)),
            "number" => JsonValue.Create(1),
            "remove" => null,
            _ => throw new ArgumentOutOfRangeException(nameof(change), change, "unknown change"),
        };
        if (change == "remove")
        {
            parent.AsObject().Remove(last);
        }
        else if (int.TryParse(last, out index))
        {
            parent[index] = replacement;
        }
        else
        {
            parent[last] = replacement;
        }
        return root.ToJsonString();
    }

    /// <summary>Every hex string in upper case, and an extra property in every object.</summary>
    public static string UppercaseWithExtraProperties(string json)
    {
        var root = JsonNode.Parse(json)!;
        Visit(root);
        return root.ToJsonString();

        static void Visit(JsonNode node)
        {
            switch (node)
            {
                case JsonObject obj:
                    foreach (var (name, child) in obj.ToArray())
                    {
                        if (child is JsonValue text && text.TryGetValue<string>(out var hex))
                        {
                            obj[name] = hex.ToUpperInvariant();
                        }
                        else if (child is not null)
                        {
                            Visit(child);
                        }
                    }
                    obj["comment"] = "added by a newer SDK";
                    break;
                case JsonArray array:
                    foreach (var child in array)
                    {
                        Visit(child!);
                    }
                    break;
            }
        }
    }
}
