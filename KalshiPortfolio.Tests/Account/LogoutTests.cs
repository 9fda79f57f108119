using System.Net;
using System.Text.Json;
using KalshiPortfolio.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Tokens;

namespace KalshiPortfolio.Tests.Account;

/// <summary>
/// <c>DELETE /api/v1/account/logout</c>: revokes the token (persisted), stops the user's live portfolio, deletes the
/// stored key and the cached positions; every other session of the user is signed out with it.
/// </summary>
[Trait("Category", "Integration")]
public sealed class LogoutTests : IAsyncLifetime
{
    private AccountSimulator _simulator = null!;
    private PortfolioAppFactory _app = null!;
    private SimAccount _account = null!;

    public async Task InitializeAsync()
    {
        _simulator = await AccountSimulator.StartAsync();
        _app = new PortfolioAppFactory(_simulator.BaseUri);
        _account = await _simulator.CreateAccountAsync();
        var tickers = _simulator.Tickers(2);
        await _simulator.TradeAsync(_account, tickers[0], "yes", "buy", 3, 0.40m);
        await _simulator.TradeAsync(_account, tickers[1], "no", "buy", 2, 0.25m);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _simulator.DisposeAsync();
    }

    [Fact]
    public async Task Logout_revokes_the_token_deletes_the_key_and_the_cache_and_stops_the_live_portfolio()
    {
        var session = await _app.SignInAsync(_account);
        await WaitForCachedPositionsAsync(session.UserId, 2);
        using var client = _app.CreateBearerClient(session.Token);

        var response = await ApiResponse.ReadAsync(await client.DeleteAsync(AccountApi.Logout));

        response.ShouldBeOk().Str("status").Should().Be("logged_out");
        var cleared = response.Message.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("kp_session=", StringComparison.Ordinal));
        cleared.Should().StartWith("kp_session=;").And.Contain("expires=Thu, 01 Jan 1970");

        _app.Streams.Find(session.UserId).Should().BeNull("the user's link to Kalshi is stopped");
        var jti = TokenId(session.Token);
        (await _app.QueryDbAsync(db => db.UserCredentials.CountAsync(x => x.UserId == session.UserId))).Should().Be(0);
        (await _app.QueryDbAsync(db => db.PositionCache.CountAsync(x => x.UserId == session.UserId))).Should().Be(0);
        (await _app.QueryDbAsync(db => db.AccountCache.CountAsync(x => x.UserId == session.UserId))).Should().Be(0);
        (await _app.QueryDbAsync(db => db.RevokedTokens.SingleAsync(x => x.TokenId == jti))).UserId.Should().Be(session.UserId);

        foreach (var (method, path) in new[] { ("GET", AccountApi.Positions), ("GET", AccountApi.Portfolio), ("POST", AccountApi.Refresh), ("DELETE", AccountApi.Logout), ("GET", AccountApi.Sse) })
        {
            var refused = await ApiResponse.ReadAsync(await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)));
            refused.ShouldBeError(HttpStatusCode.Unauthorized).Code.Should().Be("unauthorized", "{0} {1} refuses the revoked token", method, path);
        }
        using var query = _app.CreateAnonymousClient();
        (await query.GetApiAsync($"{AccountApi.Sse}?token={Uri.EscapeDataString(session.Token)}")).ShouldBeError(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Other_sessions_of_the_user_are_signed_out_and_cannot_refresh()
    {
        var first = await _app.SignInAsync(_account);
        var second = await _app.SignInAsync(_account);
        using var other = _app.CreateBearerClient(second.Token);
        (await other.GetApiAsync(AccountApi.Positions)).ShouldBeOk();

        using (var client = _app.CreateBearerClient(first.Token))
        {
            (await client.DeleteAsync(AccountApi.Logout)).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        (await other.GetApiAsync(AccountApi.Positions)).ShouldBeError(HttpStatusCode.Unauthorized).Code.Should().Be("signed_out");
        (await other.GetApiAsync(AccountApi.Portfolio)).ShouldBeError(HttpStatusCode.Unauthorized).Code.Should().Be("signed_out");
        (await other.GetApiAsync(AccountApi.Sse)).ShouldBeError(HttpStatusCode.Unauthorized).Code.Should().Be("signed_out");
        (await ApiResponse.ReadAsync(await other.PostAsync(AccountApi.Refresh, null))).ShouldBeError(HttpStatusCode.Unauthorized).Code
            .Should().Be("signed_out", "a signed-out session cannot be extended");
        _app.Streams.Find(first.UserId).Should().BeNull("reading with another token does not start the stream again");

        // That session was ended by the logout (its cut-off): logging it out too is refused as already signed out.
        (await ApiResponse.ReadAsync(await other.DeleteAsync(AccountApi.Logout))).ShouldBeError(HttpStatusCode.Unauthorized).Code.Should().Be("signed_out");
    }

    [Fact]
    public async Task Open_sse_streams_of_the_user_end_at_logout()
    {
        var first = await _app.SignInAsync(_account);
        var second = await _app.SignInAsync(_account);
        using var client = _app.CreateAnonymousClient();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var streams = new List<StreamReader>();
        foreach (var token in new[] { first.Token, second.Token })
        {
            var response = await client.GetAsync($"{AccountApi.Sse}?token={Uri.EscapeDataString(token)}", HttpCompletionOption.ResponseHeadersRead, cancel.Token);
            response.StatusCode.Should().Be(HttpStatusCode.OK);
            var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancel.Token));
            (await ReadEventAsync(reader, cancel.Token)).Should().Contain("\"snapshot\"");
            streams.Add(reader);
        }

        using (var bearer = _app.CreateBearerClient(first.Token))
        {
            (await bearer.DeleteAsync(AccountApi.Logout)).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        foreach (var reader in streams)
        {
            while (await ReadEventAsync(reader, cancel.Token) is not null)
            {
                // drain what was sent before the end (updates, a session_expired notice)
            }
            reader.Dispose();
        }
    }

    [Fact]
    public async Task A_token_issued_before_a_logout_stays_refused_after_a_new_sign_in_and_cannot_be_refreshed()
    {
        var first = await _app.SignInAsync(_account);
        var second = await _app.SignInAsync(_account);
        using (var client = _app.CreateBearerClient(first.Token))
        {
            (await client.DeleteAsync(AccountApi.Logout)).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        var again = await _app.SignInAsync(_account);

        using var renewed = _app.CreateBearerClient(again.Token);
        (await renewed.GetApiAsync(AccountApi.Positions)).ShouldBeOk();
        using var old = _app.CreateBearerClient(second.Token);
        (await old.GetApiAsync(AccountApi.Positions)).ShouldBeError(HttpStatusCode.Unauthorized).Code
            .Should().Be("signed_out", "a token issued before the logout is ended for good");
        (await ApiResponse.ReadAsync(await old.PostAsync(AccountApi.Refresh, null))).ShouldBeError(HttpStatusCode.Unauthorized).Code
            .Should().Be("signed_out", "it cannot be refreshed into a fresh token");
        using var query = _app.CreateAnonymousClient();
        (await query.GetApiAsync($"{AccountApi.Sse}?token={Uri.EscapeDataString(second.Token)}")).ShouldBeError(HttpStatusCode.Unauthorized);
        (await _app.QueryDbAsync(db => db.UserSessionCutoffs.CountAsync(x => x.UserId == first.UserId))).Should().Be(1, "the cut-off is persisted");
    }

    [Fact]
    public async Task Signing_in_again_after_logout_starts_afresh()
    {
        var first = await _app.SignInAsync(_account);
        using (var client = _app.CreateBearerClient(first.Token))
        {
            (await client.DeleteAsync(AccountApi.Logout)).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        var again = await _app.SignInAsync(_account);

        again.UserId.Should().Be(first.UserId);
        using var renewed = _app.CreateBearerClient(again.Token);
        var positions = (await renewed.GetApiAsync(AccountApi.Positions)).ShouldBeOk();
        positions.Str("source").Should().Be("live");
        positions.GetProperty("positions").GetArrayLength().Should().Be(2);
        (await _app.QueryDbAsync(db => db.UserCredentials.CountAsync(x => x.UserId == again.UserId))).Should().Be(1);
    }

    private async Task WaitForCachedPositionsAsync(string userId, int count) =>
        await Eventually.WaitAsync(
            () => _app.QueryDbAsync(db => db.PositionCache.CountAsync(x => x.UserId == userId)),
            n => n == count,
            "the write-through cache to hold the positions");

    // The next SSE event's data line, or null when the stream ended.
    private static async Task<string?> ReadEventAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                return line;
            }
        }
        return null;
    }

    private static string TokenId(string token) =>
        JsonDocument.Parse(Base64UrlEncoder.Decode(token.Split('.')[1])).RootElement.GetProperty("jti").GetString()!;
}
