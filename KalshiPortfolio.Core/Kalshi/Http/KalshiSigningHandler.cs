using KalshiPortfolio.Core.Kalshi.Auth;

namespace KalshiPortfolio.Core.Kalshi.Http;

/// <summary>
/// Signs each outgoing attempt with the <see cref="KalshiSigner"/> found in the request's options under
/// <see cref="SignerOption"/>; requests without one pass unsigned. Place it inside the resilience handler so that
/// retries get a fresh timestamp and signature. Credentials travel with the request, so one pipeline serves every user.
/// </summary>
public sealed class KalshiSigningHandler : DelegatingHandler
{
    /// <summary>The request option that carries the signer.</summary>
    public static readonly HttpRequestOptionsKey<KalshiSigner> SignerOption = new("KalshiPortfolio.Kalshi.Signer");

    /// <summary>Set on a request once this handler has signed it (used to detect a pipeline without the handler).</summary>
    internal static readonly HttpRequestOptionsKey<bool> SignedOption = new("KalshiPortfolio.Kalshi.Signed");

    private readonly TimeProvider _clock;

    public KalshiSigningHandler(TimeProvider clock)
    {
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
    }

    public KalshiSigningHandler(TimeProvider clock, HttpMessageHandler innerHandler)
        : base(innerHandler)
    {
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        SignIfRequested(request);
        return base.SendAsync(request, cancellationToken);
    }

    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        SignIfRequested(request);
        return base.Send(request, cancellationToken);
    }

    private void SignIfRequested(HttpRequestMessage request)
    {
        if (!request.Options.TryGetValue(SignerOption, out var signer) || request.RequestUri is not { IsAbsoluteUri: true } uri)
        {
            return;
        }

        var headers = signer.CreateAuthHeaders(_clock, request.Method.Method, uri.AbsolutePath);
        foreach (var (name, value) in headers.ToList())
        {
            request.Headers.Remove(name);
            request.Headers.TryAddWithoutValidation(name, value);
        }

        request.Options.Set(SignedOption, true);
    }
}
