using System.Text.Json;

namespace KalshiPortfolio.Tests.TestSupport;

/// <summary>
/// Reads the recorded Kalshi demo responses from the test output directory
/// (<c>Fixtures/kalshi-captures</c>, copied there by the test project).
/// </summary>
public static class KalshiCaptures
{
    public static string Directory { get; } = Path.Combine(AppContext.BaseDirectory, "Fixtures", "kalshi-captures");

    /// <summary>The body of <c>{name}.json</c>, byte for byte.</summary>
    public static byte[] Body(string name) => File.ReadAllBytes(PathOf(name + ".json"));

    /// <summary>The body of <c>{name}.json</c> as text.</summary>
    public static string Text(string name) => File.ReadAllText(PathOf(name + ".json"));

    /// <summary>The request that produced <c>{name}.json</c> (<c>{name}.meta.json</c>).</summary>
    public static CaptureMeta Meta(string name)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(PathOf(name + ".meta.json")));
        var root = document.RootElement;
        var pathAndQuery = root.GetProperty("path").GetString()!;
        var host = root.TryGetProperty("host", out var h) ? h.GetString() : null;
        return new CaptureMeta(
            root.GetProperty("method").GetString()!,
            pathAndQuery,
            root.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.Number ? s.GetInt32() : 200,
            host);
    }

    /// <summary>True when the capture has a <c>.meta.json</c> describing its request.</summary>
    public static bool HasMeta(string name) => File.Exists(Path.Combine(Directory, name + ".meta.json"));

    /// <summary>The WebSocket text frames of <c>{name}.jsonl</c>, in arrival order (blank separator lines dropped).</summary>
    public static IReadOnlyList<string> Frames(string name) =>
        File.ReadAllLines(PathOf(name + ".jsonl")).Where(line => line.Trim().Length > 0).ToList();

    /// <summary>Names (without <c>.json</c>) of the response captures whose name starts with <paramref name="prefix"/>.</summary>
    public static IReadOnlyList<string> Names(string prefix) =>
        System.IO.Directory.GetFiles(Directory, prefix + "*.json")
            .Select(Path.GetFileName)
            .Where(f => !f!.EndsWith(".meta.json", StringComparison.Ordinal))
            .Select(f => f![..^".json".Length])
            .Order(StringComparer.Ordinal)
            .ToList();

    private static string PathOf(string file)
    {
        var path = Path.Combine(Directory, file);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"Capture '{file}' is not in the test output ({Directory}). Is it under KalshiPortfolio.Tests/Fixtures/kalshi-captures?", path);
    }
}

/// <summary>What a capture's <c>.meta.json</c> says about its request.</summary>
/// <param name="PathAndQuery">e.g. <c>/trade-api/v2/markets?limit=5&amp;cursor=...</c>.</param>
public sealed record CaptureMeta(string Method, string PathAndQuery, int Status, string? Host)
{
    /// <summary>The path without the query.</summary>
    public string Path => PathAndQuery.Split('?')[0];

    /// <summary>A query parameter of the recorded request, unescaped; null when absent.</summary>
    public string? Query(string name)
    {
        var query = PathAndQuery.Contains('?') ? PathAndQuery[(PathAndQuery.IndexOf('?') + 1)..] : string.Empty;
        return query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .Where(kv => kv[0] == name)
            .Select(kv => Uri.UnescapeDataString(kv.Length > 1 ? kv[1] : string.Empty))
            .FirstOrDefault();
    }
}
