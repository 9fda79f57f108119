using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KalshiPortfolio.Web.Data;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KalshiPortfolio.Tests.TestSupport;

/// <summary>Helpers for calling the account API (<c>/api/v1/account</c>) and looking into the app's database.</summary>
public static class AccountApi
{
    public const string Authenticate = "/api/v1/account/authenticate";
    public const string Portfolio = "/api/v1/account/portfolio";
    public const string Positions = "/api/v1/account/positions";
    public const string Logout = "/api/v1/account/logout";
    public const string Refresh = "/api/v1/account/refresh";
    public const string Sse = "/api/v1/account/sse/positions";

    /// <summary>A client that keeps no cookies and sends no token.</summary>
    public static HttpClient CreateAnonymousClient(this PortfolioAppFactory app) =>
        app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false, AllowAutoRedirect = false });

    /// <summary>POST /authenticate with any JSON body; the raw response.</summary>
    public static async Task<ApiResponse> PostAuthenticateAsync(this HttpClient client, object body) =>
        await ApiResponse.ReadAsync(await client.PostAsJsonAsync(Authenticate, body));

    public static async Task<SignedIn> SignInAsync(this PortfolioAppFactory app, SimAccount account) =>
        await app.AuthenticateAsync(account.KeyId, account.PrivateKeyPem);

    public static async Task<ApiResponse> GetApiAsync(this HttpClient client, string path) =>
        await ApiResponse.ReadAsync(await client.GetAsync(path));

    /// <summary>Runs a query on the app's database (a context of its own).</summary>
    public static async Task<T> QueryDbAsync<T>(this PortfolioAppFactory app, Func<PortfolioDbContext, Task<T>> query)
    {
        var factory = app.Services.GetRequiredService<IDbContextFactory<PortfolioDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        return await query(db);
    }

    public static decimal Dec(this JsonElement element, string name) => element.GetProperty(name) switch
    {
        { ValueKind: JsonValueKind.String } s => decimal.Parse(s.GetString()!, NumberStyles.Number, CultureInfo.InvariantCulture),
        { ValueKind: JsonValueKind.Null } => throw new InvalidOperationException($"{name} is null"),
        var n => n.GetDecimal(),
    };

    public static decimal? DecOrNull(this JsonElement element, string name) =>
        element.GetProperty(name).ValueKind == JsonValueKind.Null ? null : element.Dec(name);

    public static string Str(this JsonElement element, string name) => element.GetProperty(name).GetString()!;
}

/// <summary>An API answer: status, headers, body text and (when JSON) the parsed body.</summary>
public sealed record ApiResponse(HttpStatusCode Status, HttpResponseMessage Message, string Text, JsonElement Json)
{
    public static async Task<ApiResponse> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        JsonElement json = default;
        if (text.Length > 0 && response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.Ordinal) == true)
        {
            using var document = JsonDocument.Parse(text);
            json = document.RootElement.Clone();
        }
        return new ApiResponse(response.StatusCode, response, text, json);
    }

    /// <summary>Asserts the status and the <c>{"error": {"code", "message"}}</c> shape; returns the error.</summary>
    public (string Code, string Message) ShouldBeError(HttpStatusCode status)
    {
        Status.Should().Be(status, "the body was: {0}", Text);
        Message.Content.Headers.ContentType?.MediaType.Should().Be("application/json", "errors are JSON (body: {0})", Text);
        Json.ValueKind.Should().Be(JsonValueKind.Object);
        Json.EnumerateObject().Select(p => p.Name).Should().Equal(["error"], "the error body is exactly {{\"error\": {{...}}}}");
        var error = Json.GetProperty("error");
        error.GetProperty("code").GetString().Should().NotBeNullOrWhiteSpace();
        error.GetProperty("message").GetString().Should().NotBeNullOrWhiteSpace();
        return (error.GetProperty("code").GetString()!, error.GetProperty("message").GetString()!);
    }

    /// <summary>Asserts that the body carries no stack trace, exception type or source location.</summary>
    public ApiResponse ShouldCarryNoStackTrace()
    {
        Text.Should().NotContain("   at ", "no response carries a stack trace")
            .And.NotContain("Exception", "no response names an exception type")
            .And.NotContain(".cs:line", "no response carries a source location")
            .And.NotContain("KalshiPortfolio.", "no response names the app's code");
        return this;
    }

    public JsonElement ShouldBeOk()
    {
        Status.Should().Be(HttpStatusCode.OK, "the body was: {0}", Text);
        return Json;
    }

    public override string ToString() => $"{(int)Status} {Text}";
}
