using Microsoft.AspNetCore.Http.Metadata;

namespace KalshiPortfolio.Web.Api;

/// <summary>
/// Endpoint metadata: the app's HTML status-code pages (<c>UseStatusCodePagesWithReExecute</c>) leave this
/// endpoint's answers alone, so an API error stays the JSON the endpoint wrote.
/// </summary>
public sealed class ApiOnlyJson : ISkipStatusCodePagesMetadata
{
    public static ApiOnlyJson Instance { get; } = new();
}
