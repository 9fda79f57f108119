namespace KalshiPortfolio.Core.Kalshi;

/// <summary>
/// Where a Kalshi environment lives: the REST base (ending in <c>/trade-api/v2</c>, no trailing slash) and the
/// WebSocket URI (<c>.../trade-api/ws/v2</c>).
/// </summary>
public sealed record KalshiEndpoints
{
    private const string RestPath = "/trade-api/v2";
    private const string WebSocketPath = "/trade-api/ws/v2";

    private KalshiEndpoints(KalshiEnvironment environment, Uri restBaseUri, Uri webSocketUri)
    {
        Environment = environment;
        RestBaseUri = restBaseUri;
        WebSocketUri = webSocketUri;
    }

    /// <summary>Kalshi production on its recommended dedicated hosts.</summary>
    public static KalshiEndpoints Production { get; } = new(
        KalshiEnvironment.Production,
        new Uri("https://external-api.kalshi.com/trade-api/v2"),
        new Uri("wss://external-api-ws.kalshi.com/trade-api/ws/v2"));

    /// <summary>Kalshi's demo exchange on its recommended dedicated hosts.</summary>
    public static KalshiEndpoints Demo { get; } = new(
        KalshiEnvironment.Demo,
        new Uri("https://external-api.demo.kalshi.co/trade-api/v2"),
        new Uri("wss://external-api-ws.demo.kalshi.co/trade-api/ws/v2"));

    public KalshiEnvironment Environment { get; }

    /// <summary>REST base, e.g. <c>https://external-api.kalshi.com/trade-api/v2</c> (no trailing slash).</summary>
    public Uri RestBaseUri { get; }

    /// <summary>WebSocket URI, e.g. <c>wss://external-api-ws.kalshi.com/trade-api/ws/v2</c>.</summary>
    public Uri WebSocketUri { get; }

    /// <summary>
    /// Endpoints for any server that serves Kalshi's paths under <paramref name="baseUrl"/>, such as the simulator:
    /// <c>http://127.0.0.1:5090</c> gives REST <c>http://127.0.0.1:5090/trade-api/v2</c> and WebSocket
    /// <c>ws://127.0.0.1:5090/trade-api/ws/v2</c> (https gives wss). A base that already ends in
    /// <c>/trade-api/v2</c> is accepted; a path prefix (reverse proxy) is kept.
    /// </summary>
    /// <exception cref="ArgumentException">The URL is relative or not http/https.</exception>
    public static KalshiEndpoints ForBaseUrl(Uri baseUrl)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        if (!baseUrl.IsAbsoluteUri || (baseUrl.Scheme != Uri.UriSchemeHttp && baseUrl.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"A Kalshi base URL must be an absolute http:// or https:// URL, e.g. http://127.0.0.1:5090 (got \"{baseUrl}\").", nameof(baseUrl));
        }

        var prefix = baseUrl.AbsolutePath.TrimEnd('/');
        if (prefix.EndsWith(RestPath, StringComparison.OrdinalIgnoreCase))
        {
            prefix = prefix[..^RestPath.Length];
        }

        var rest = new UriBuilder(baseUrl) { Path = prefix + RestPath, Query = string.Empty, Fragment = string.Empty }.Uri;
        var ws = new UriBuilder(baseUrl)
        {
            Scheme = baseUrl.Scheme == Uri.UriSchemeHttps ? Uri.UriSchemeWss : Uri.UriSchemeWs,
            Port = baseUrl.IsDefaultPort ? -1 : baseUrl.Port,
            Path = prefix + WebSocketPath,
            Query = string.Empty,
            Fragment = string.Empty,
        }.Uri;
        return new KalshiEndpoints(KalshiEnvironment.Custom, rest, ws);
    }

    /// <summary>As <see cref="ForBaseUrl(Uri)"/> for a string URL.</summary>
    public static KalshiEndpoints ForBaseUrl(string baseUrl) =>
        Uri.TryCreate(baseUrl?.Trim(), UriKind.Absolute, out var uri)
            ? ForBaseUrl(uri)
            : throw new ArgumentException($"\"{baseUrl}\" is not an absolute URL; expected e.g. http://127.0.0.1:5090.", nameof(baseUrl));

    /// <summary>The endpoints of <paramref name="environment"/>; <see cref="KalshiEnvironment.Custom"/> needs <paramref name="customBaseUrl"/>.</summary>
    public static KalshiEndpoints For(KalshiEnvironment environment, Uri? customBaseUrl = null) => environment switch
    {
        KalshiEnvironment.Production => Production,
        KalshiEnvironment.Demo => Demo,
        KalshiEnvironment.Custom => ForBaseUrl(customBaseUrl ?? throw new ArgumentNullException(nameof(customBaseUrl), "A custom Kalshi environment needs a base URL.")),
        _ => throw new ArgumentOutOfRangeException(nameof(environment), environment, "Unknown Kalshi environment."),
    };

    /// <summary>The absolute URI of a REST resource, e.g. <c>Rest("/markets/ABC")</c>.</summary>
    internal Uri Rest(string relativePath, string query = "") =>
        new(RestBaseUri.AbsoluteUri.TrimEnd('/') + relativePath + query, UriKind.Absolute);

    public override string ToString() => $"{Environment} ({RestBaseUri})";
}
