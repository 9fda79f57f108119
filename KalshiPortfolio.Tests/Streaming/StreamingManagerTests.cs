using System.Net;
using KalshiPortfolio.Core.Diagnostics;
using KalshiPortfolio.Core.Kalshi;
using KalshiPortfolio.Core.Kalshi.Auth;
using KalshiPortfolio.Core.Streaming;
using KalshiPortfolio.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KalshiPortfolio.Tests.Streaming;

/// <summary>One session per user however many sign-ins race; stops that never take down a newer session.</summary>
[Trait("Category", "Unit")]
public sealed class StreamingManagerTests : IAsyncLifetime
{
    private UpstreamHarness _h = null!;
    private StreamingManager _manager = null!;

    public async Task InitializeAsync()
    {
        _h = await UpstreamHarness.CreateAsync();
        _manager = new StreamingManager(
            _h.Services.GetRequiredService<IKalshiClientFactory>(),
            _h.Sockets,
            _h.Store,
            Options.Create(UpstreamHarness.DefaultOptions()),
            _h.Metrics,
            _h.Timers,
            NullLoggerFactory.Instance);
    }

    public async Task DisposeAsync()
    {
        await _manager.DisposeAsync();
        await _h.DisposeAsync();
    }

    private UserAccount Account() =>
        new("user-1", _h.Endpoints, KalshiSigner.FromPem(_h.Account.KeyId, _h.Account.PrivateKeyPem!));

    [Fact]
    public async Task Concurrent_sign_ins_of_one_user_share_one_session_and_one_socket()
    {
        var starts = Enumerable.Range(0, 16).Select(_ => Task.Run(() => _manager.StartAsync(Account(), waitForSnapshot: true))).ToArray();
        var portfolios = await Task.WhenAll(starts);

        portfolios.Distinct().Should().ContainSingle();
        _manager.Count.Should().Be(1);
        await Eventually.True(() => portfolios[0].Status.State == ConnectionState.Connected, "connected");
        _h.Sockets.Created.Should().ContainSingle("one upstream socket per user");
    }

    [Fact]
    public async Task Signing_in_again_after_a_refused_key_starts_one_new_session_even_when_two_race()
    {
        _h.Sockets.Refuse(HttpStatusCode.Unauthorized);
        var refused = await _manager.StartAsync(Account(), waitForSnapshot: false);
        await Eventually.True(() => refused.Status.CredentialsInvalid, "the key refused");
        _h.Sockets.Accept();

        var again = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => _manager.StartAsync(Account(), waitForSnapshot: true))));

        again.Distinct().Should().ContainSingle();
        again[0].Should().NotBeSameAs(refused);
        _manager.Find("user-1").Should().BeSameAs(again[0], "the session returned is the one running, not one stopped by the other sign-in");
        await Eventually.True(() => again[0].Status.State == ConnectionState.Connected, "connected with the new key");
        _manager.Count.Should().Be(1);
    }

    [Fact]
    public async Task Stopping_ends_every_subscription_and_closes_the_socket()
    {
        var portfolio = await _manager.StartAsync(Account(), waitForSnapshot: true);
        await Eventually.True(() => portfolio.Status.State == ConnectionState.Connected, "connected");
        using var subscription = _manager.Subscribe("user-1")!;

        await _manager.StopAsync("user-1", forget: false);

        while (subscription.Reader.TryRead(out _))
        {
        }
        subscription.Reader.Completion.IsCompleted.Should().BeTrue("the stream ended");
        _h.Sockets.Created.Should().OnlyContain(s => s.Disposed);
        _manager.Find("user-1").Should().BeNull();
        portfolio.Hub.SubscriberCount.Should().Be(0);
    }
}
