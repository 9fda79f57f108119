using System.Text.Json;
using KalshiPortfolio.Tests.Simulator.Support;

namespace KalshiPortfolio.Tests.Simulator;

/// <summary>The golden comparer itself finds what it must find.</summary>
[Trait("Category", "Unit")]
public sealed class JsonShapeTests
{
    [Fact]
    public void Reports_missing_extra_and_retyped_fields_recursively()
    {
        var expected = Parse("""{"a":"1","b":2,"c":{"d":true},"e":[{"f":"x"}]}""");
        var actual = Parse("""{"a":1,"c":{"d":"true"},"e":[{"f":"y","g":1}],"z":null}""");

        JsonShape.Differences(expected, actual).Should().BeEquivalentTo(
            "$.b: missing", "$.z: not in the capture", "$.a: expected string, got number",
            "$.c.d: expected bool, got string", "$.e[0].g: not in the capture");
    }

    [Fact]
    public void Accepts_the_same_shape_with_other_values()
    {
        JsonShape.Differences(Parse("""{"a":"1","b":[1,2],"c":null}"""), Parse("""{"c":null,"b":[3],"a":"x"}""")).Should().BeEmpty();
    }

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
