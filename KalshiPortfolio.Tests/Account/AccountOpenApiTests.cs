using System.Text.Json;
using System.Text.RegularExpressions;
using KalshiPortfolio.Tests.TestSupport;

namespace KalshiPortfolio.Tests.Account;

/// <summary><c>GET /openapi/v1.json</c> describes the account API: its paths, methods, bodies and snake_case schemas.</summary>
[Trait("Category", "Integration")]
public sealed partial class AccountOpenApiTests : IAsyncLifetime
{
    private PortfolioAppFactory _app = null!;
    private JsonElement _document;

    public async Task InitializeAsync()
    {
        // The document is built without calling Kalshi: no simulator is needed.
        _app = new PortfolioAppFactory(new Uri("http://127.0.0.1:9"));
        using var client = _app.CreateAnonymousClient();
        _document = (await client.GetApiAsync("/openapi/v1.json")).ShouldBeOk();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("/api/v1/account/authenticate", "post")]
    [InlineData("/api/v1/account/portfolio", "get")]
    [InlineData("/api/v1/account/positions", "get")]
    [InlineData("/api/v1/account/logout", "delete")]
    [InlineData("/api/v1/account/refresh", "post")]
    [InlineData("/api/v1/account/sse/positions", "get")]
    public void Every_account_endpoint_is_described(string path, string method)
    {
        _document.GetProperty("paths").TryGetProperty(path, out var item).Should().BeTrue("{0} is in the document", path);
        item.TryGetProperty(method, out var operation).Should().BeTrue("{0} {1} is described", method, path);
        string[] answers = path.EndsWith("/authenticate", StringComparison.Ordinal) ? ["200", "400", "401", "429", "503"] : ["200", "401"];
        operation.GetProperty("responses").EnumerateObject().Select(r => r.Name).Should().Contain(answers);
    }

    [Fact]
    public void Authenticate_describes_its_json_body_and_error_answers()
    {
        var operation = _document.GetProperty("paths").GetProperty("/api/v1/account/authenticate").GetProperty("post");

        var body = operation.GetProperty("requestBody");
        body.GetProperty("required").GetBoolean().Should().BeTrue();
        var schema = Resolve(body.GetProperty("content").GetProperty("application/json").GetProperty("schema"));
        schema.GetProperty("properties").EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo(["key_id", "private_key", "environment"]);
        schema.GetProperty("required").EnumerateArray().Select(r => r.GetString()).Should().BeEquivalentTo(["key_id", "private_key"]);
        operation.GetProperty("responses").EnumerateObject().Select(r => r.Name).Should().Contain(["200", "400", "401", "429", "503"]);
        var error = Resolve(operation.GetProperty("responses").GetProperty("401").GetProperty("content").GetProperty("application/json").GetProperty("schema"));
        error.GetProperty("properties").EnumerateObject().Select(p => p.Name).Should().Equal(["error"]);
        Resolve(error.GetProperty("properties").GetProperty("error")).GetProperty("properties").EnumerateObject().Select(p => p.Name)
            .Should().BeEquivalentTo(["code", "message"]);
    }

    [Fact]
    public void The_positions_schema_has_the_documented_snake_case_fields()
    {
        var response = Resolve(_document.GetProperty("paths").GetProperty("/api/v1/account/positions").GetProperty("get")
            .GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema"));
        response.GetProperty("properties").EnumerateObject().Select(p => p.Name).Should().Contain(["positions", "as_of", "source", "cached_at", "cache_age_seconds"]);

        var position = Resolve(response.GetProperty("properties").GetProperty("positions").GetProperty("items"));
        position.GetProperty("properties").EnumerateObject().Select(p => p.Name).Should().Contain(
        [
            "ticker", "market_title", "side", "quantity", "avg_entry_price_dollars", "current_price_dollars",
            "market_value_dollars", "cost_dollars", "unrealized_pnl_dollars", "unrealized_pnl_percent",
            "realized_pnl_dollars", "fees_paid_dollars", "updated_at", "stale",
        ]);
    }

    [Fact]
    public void The_portfolio_schema_has_the_documented_snake_case_fields()
    {
        var response = Resolve(_document.GetProperty("paths").GetProperty("/api/v1/account/portfolio").GetProperty("get")
            .GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema"));
        var portfolio = Resolve(response.GetProperty("properties").GetProperty("portfolio"));
        portfolio.GetProperty("properties").EnumerateObject().Select(p => p.Name).Should().Contain(
        [
            "cash_dollars", "market_value_dollars", "total_value_dollars", "unrealized_pnl_dollars", "unrealized_pnl_percent",
            "realized_pnl_dollars", "today_pnl_dollars", "today_pnl_percent", "position_count", "as_of",
        ]);
    }

    [Fact]
    public void Every_schema_property_of_the_api_is_snake_case()
    {
        var properties = _document.GetProperty("components").GetProperty("schemas").EnumerateObject()
            .SelectMany(schema => schema.Value.TryGetProperty("properties", out var p) ? p.EnumerateObject().Select(x => (schema.Name, x.Name)) : [])
            .ToList();

        properties.Should().NotBeEmpty();
        properties.Where(p => !SnakeCase().IsMatch(p.Item2)).Should().BeEmpty("the API speaks snake_case, as Kalshi does");
    }

    private JsonElement Resolve(JsonElement schema)
    {
        if (schema.TryGetProperty("$ref", out var reference))
        {
            var name = reference.GetString()!.Split('/').Last();
            return _document.GetProperty("components").GetProperty("schemas").GetProperty(name);
        }
        return schema;
    }

    [GeneratedRegex("^[a-z][a-z0-9]*(_[a-z0-9]+)*$")]
    private static partial Regex SnakeCase();
}
