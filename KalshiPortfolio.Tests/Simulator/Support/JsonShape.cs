using System.Text.Json;

namespace KalshiPortfolio.Tests.Simulator.Support;

/// <summary>
/// Compares the shape of two JSON documents: the same field names, and the same value kind
/// (string/number/bool/array/object/null) for each, recursively. Arrays are compared element-wise against the
/// expected array's first element (skipped when either array is empty).
/// </summary>
internal static class JsonShape
{
    public static IReadOnlyList<string> Differences(JsonElement expected, JsonElement actual, string path = "$")
    {
        var differences = new List<string>();
        Compare(expected, actual, path, differences);
        return differences;
    }

    public static void ShouldMatch(JsonElement expected, JsonElement actual, string because)
    {
        var differences = Differences(expected, actual);
        differences.Should().BeEmpty("the simulator's {0} must have the capture's fields and JSON types", because);
    }

    private static void Compare(JsonElement expected, JsonElement actual, string path, List<string> differences)
    {
        if (Kind(expected) != Kind(actual))
        {
            differences.Add($"{path}: expected {Kind(expected)}, got {Kind(actual)}");
            return;
        }
        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                var expectedNames = expected.EnumerateObject().Select(p => p.Name).ToHashSet();
                var actualNames = actual.EnumerateObject().Select(p => p.Name).ToHashSet();
                foreach (var missing in expectedNames.Except(actualNames).Order()) differences.Add($"{path}.{missing}: missing");
                foreach (var extra in actualNames.Except(expectedNames).Order()) differences.Add($"{path}.{extra}: not in the capture");
                foreach (var name in expectedNames.Intersect(actualNames).Order())
                {
                    Compare(expected.GetProperty(name), actual.GetProperty(name), $"{path}.{name}", differences);
                }
                break;
            case JsonValueKind.Array:
                if (expected.GetArrayLength() == 0 || actual.GetArrayLength() == 0) break;
                var template = expected[0];
                var index = 0;
                foreach (var item in actual.EnumerateArray()) Compare(template, item, $"{path}[{index++}]", differences);
                break;
        }
    }

    private static string Kind(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.True or JsonValueKind.False => "bool",
        JsonValueKind.Number => "number",
        JsonValueKind.String => "string",
        JsonValueKind.Array => "array",
        JsonValueKind.Object => "object",
        _ => "null",
    };
}
