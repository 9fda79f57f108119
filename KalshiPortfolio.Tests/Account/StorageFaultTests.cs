using System.Net;
using KalshiPortfolio.Core.Kalshi;
using KalshiPortfolio.Core.Kalshi.Auth;
using KalshiPortfolio.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace KalshiPortfolio.Tests.Account;

/// <summary>
/// The API answers storage faults plainly, in every environment (Development included): 503
/// <c>storage_unavailable</c> with Retry-After when the database cannot be written, while the in-memory portfolio is
/// still served; 500 <c>internal_error</c> for any other unhandled exception. No body carries a stack trace.
/// </summary>
[Trait("Category", "Integration")]
public sealed class StorageFaultTests : IAsyncLifetime
{
    private AccountSimulator _simulator = null!;
    private SimAccount _account = null!;
    private string _ticker = null!;

    public async Task InitializeAsync()
    {
        _simulator = await AccountSimulator.StartAsync();
        _account = await _simulator.CreateAccountAsync(200m);
        _ticker = _simulator.Tickers(1)[0];
        await _simulator.TradeAsync(_account, _ticker, "yes", "buy", 3, 0.40m);
        await _simulator.SetQuoteAsync(_ticker, 0.45m, 0.48m);
    }

    public async Task DisposeAsync() => await _simulator.DisposeAsync();

    [Fact]
    public async Task While_another_writer_holds_the_database_sign_in_refresh_and_logout_answer_503_and_positions_are_still_served()
    {
        var logs = new CapturingLoggerProvider();
        // A 1 s busy timeout and no retry, so each locked-out write gives up at once (by default: 30 s, 5 retries).
        await using var app = new PortfolioAppFactory(_simulator.BaseUri,
            settings: new Dictionary<string, string?> { ["Storage:BusyTimeout"] = "00:00:01", ["Storage:BusyRetries"] = "0" },
            services: s => s.AddSingleton<ILoggerProvider>(logs));
        var session = await app.SignInAsync(_account);
        using var reader = app.CreateBearerClient(session.Token);
        await WaitForPositionAsync(reader);

        await using (await SqliteWriteLock.TakeAsync(DatabasePath(app)))
        {
            ShouldBeStorageUnavailable(await SignInAgainAsync(app));
            ShouldBeStorageUnavailable(await ApiResponse.ReadAsync(await reader.PostAsync(AccountApi.Refresh, null)));
            ShouldBeStorageUnavailable(await ApiResponse.ReadAsync(await reader.DeleteAsync(AccountApi.Logout)));

            var positions = (await reader.GetApiAsync(AccountApi.Positions)).ShouldBeOk();
            positions.GetProperty("positions").EnumerateArray().Select(p => p.Str("ticker")).Should().Equal([_ticker],
                "the portfolio is in memory: a database that cannot be written does not stop it being served");
            (await reader.GetApiAsync(AccountApi.Portfolio)).ShouldBeOk();
        }

        logs.Lines.Should().Contain(l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("could not use the app's storage", StringComparison.Ordinal)
            && l.Contains(nameof(Microsoft.Data.Sqlite.SqliteException) + " 5/", StringComparison.Ordinal), "the fault is logged with SQLite's code (5, busy)");
        // Nothing was changed by the refused logout: once the writer is gone the same session signs out normally.
        (await ApiResponse.ReadAsync(await reader.DeleteAsync(AccountApi.Logout))).ShouldBeOk();
    }

    [Fact]
    public async Task In_Development_a_database_that_cannot_be_written_answers_503_json_and_positions_are_still_served()
    {
        var readOnly = new ReadOnlyDatabaseSwitch();
        await using var app = new PortfolioAppFactory(_simulator.BaseUri, environment: "Development", services: readOnly.AddTo);
        var session = await app.SignInAsync(_account);
        using var reader = app.CreateBearerClient(session.Token);
        await WaitForPositionAsync(reader);

        readOnly.ReadOnly = true;
        ShouldBeStorageUnavailable(await SignInAgainAsync(app));
        ShouldBeStorageUnavailable(await ApiResponse.ReadAsync(await reader.PostAsync(AccountApi.Refresh, null)));
        ShouldBeStorageUnavailable(await ApiResponse.ReadAsync(await reader.DeleteAsync(AccountApi.Logout)));
        var positions = (await reader.GetApiAsync(AccountApi.Positions)).ShouldBeOk();
        positions.GetProperty("positions").EnumerateArray().Select(p => p.Str("ticker")).Should().Equal([_ticker]);

        readOnly.ReadOnly = false;
        (await ApiResponse.ReadAsync(await reader.PostAsync(AccountApi.Refresh, null))).ShouldBeOk();
    }

    [Fact]
    public async Task In_Development_an_unhandled_exception_on_an_api_path_answers_500_json_not_the_developer_exception_page()
    {
        var logs = new CapturingLoggerProvider();
        await using var app = new PortfolioAppFactory(_simulator.BaseUri, environment: "Development", services: s =>
        {
            s.RemoveAll<IKalshiClientFactory>();
            s.AddSingleton<IKalshiClientFactory>(sp => new FailingKalshiClientFactory(ActivatorUtilities.CreateInstance<KalshiClientFactory>(sp)));
            s.AddSingleton<ILoggerProvider>(logs);
        });

        var response = await SignInAgainAsync(app);

        response.ShouldBeError(HttpStatusCode.InternalServerError).Code.Should().Be("internal_error");
        response.ShouldCarryNoStackTrace();
        response.Text.Should().NotContain(FailingKalshiClientFactory.Bug);
        logs.Lines.Should().Contain(l => l.StartsWith("Error", StringComparison.Ordinal) && l.Contains(FailingKalshiClientFactory.Bug, StringComparison.Ordinal),
            "the exception itself is logged");
    }

    private async Task<ApiResponse> SignInAgainAsync(PortfolioAppFactory app)
    {
        using var client = app.CreateAnonymousClient();
        return await client.PostAuthenticateAsync(new { key_id = _account.KeyId, private_key = _account.PrivateKeyPem, environment = "simulator" });
    }

    private static void ShouldBeStorageUnavailable(ApiResponse response)
    {
        response.ShouldBeError(HttpStatusCode.ServiceUnavailable).Code.Should().Be("storage_unavailable");
        response.Message.Headers.RetryAfter.Should().NotBeNull("a client is told when to try again");
        response.ShouldCarryNoStackTrace();
    }

    private async Task WaitForPositionAsync(HttpClient reader) =>
        await Eventually.TrueAsync(async () =>
            (await reader.GetApiAsync(AccountApi.Positions)).Json.GetProperty("positions").GetArrayLength() == 1,
            "the position to be served", TimeSpan.FromSeconds(10));

    private static string DatabasePath(PortfolioAppFactory app) => Path.Combine(app.DataDirectory, "kalshiportfolio.db");

    /// <summary>A dependency with a bug: a signed client cannot be made (an exception that is no storage fault).</summary>
    private sealed class FailingKalshiClientFactory(KalshiClientFactory inner) : IKalshiClientFactory
    {
        public const string Bug = "a bug in the client factory";

        public KalshiClient CreatePublic(KalshiEndpoints endpoints) => inner.CreatePublic(endpoints);

        public AuthenticatedKalshiClient CreateAuthenticated(KalshiEndpoints endpoints, KalshiSigner signer) => throw new InvalidOperationException(Bug);
    }
}
