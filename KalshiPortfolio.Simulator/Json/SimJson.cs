using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace KalshiPortfolio.Simulator.Json;

/// <summary>The simulator's JSON settings: snake_case names, nulls written (Kalshi writes nullable fields), no indentation.</summary>
internal static class SimJson
{
    public static readonly JsonSerializerOptions Options = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
            NumberHandling = JsonNumberHandling.AllowReadingFromString,
            WriteIndented = false,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // like Go: UTF-8 and quotes unescaped
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>Settings of the hand-written writers (markets, events, WS acks), matching <see cref="Options"/>.</summary>
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] SerializeToUtf8<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Options);
}
