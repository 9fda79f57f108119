using System.Net;
using KalshiPortfolio.Core.Streaming;
using KalshiPortfolio.Core.Streaming.Upstream;
using KalshiPortfolio.Simulator.Exchange;
using KalshiPortfolio.Tests.TestSupport;

namespace KalshiPortfolio.Tests.Streaming;

/// <summary>
/// The upstream's timing on a fake clock: reconnect schedule, degraded polling and recovery, silence, maintenance,
/// refused keys. Sockets are fakes; REST is the real client against a simulator on the same fake clock.
/// </summary>
[Trait("Category", "Unit")]
public sealed class KalshiUpstreamTimingTests
{
    [Theory]
    [InlineData(0.0)]
    [InlineData(0.5)]
    [InlineData(1.0)]
    public async Task After_a_drop_attempts_wait_2_4_8_16_32_32_seconds_plus_at_most_20_percent_jitter(double random)
    {
        await using var h = await UpstreamHarness.CreateAsync(jitter: () => random);
        await h.StartConnectedAsync();
        h.Sockets.Refuse();

        h.Sockets.Created[0].Drop();

        foreach (var seconds in new[] { 2, 4, 8, 16, 32, 32 })
        {
            var delay = TimeSpan.FromSeconds(seconds * (1 + 0.2 * random));
            var due = h.Time.GetUtcNow() + delay;
            await Eventually.True(() => h.Upstream.NextAttemptAt == due, $"the next attempt {delay.TotalSeconds} s ahead (is {h.Upstream.NextAttemptAt - h.Time.GetUtcNow()})");
            await h.Timers.WaitForTimerAsync(due, "the reconnect delay");
            var attempts = h.Sockets.Attempts.Count;

            h.Advance(delay - TimeSpan.FromMilliseconds(1));
            h.Sockets.Attempts.Should().HaveCount(attempts, "nothing is attempted before its time");
            h.Advance(TimeSpan.FromMilliseconds(1));

            await Eventually.True(() => h.Sockets.Attempts.Count == attempts + 1, $"the attempt due after {delay.TotalSeconds} s");
            h.Sockets.Attempts[^1].Should().Be(due);
        }
        await Eventually.True(() => h.Upstream.FailedConnects == 6, "6 failed connects");
        h.Status.State.Should().Be(ConnectionState.Degraded, "degraded from the 5th failed connect on");
    }

    [Fact]
    public void The_backoff_schedule_doubles_from_2_s_to_a_32_s_cap_and_jitter_adds_at_most_20_percent()
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(32), 0.2);

        Enumerable.Range(1, 8).Select(a => backoff.NominalDelay(a).TotalSeconds).Should().Equal(2, 4, 8, 16, 32, 32, 32, 32);
        for (var attempt = 1; attempt <= 7; attempt++)
        {
            var nominal = backoff.NominalDelay(attempt);
            var delays = Enumerable.Range(0, 2000).Select(_ => backoff.DelayFor(attempt)).ToList();
            delays.Should().OnlyContain(d => d >= nominal && d <= nominal * 1.2);
            delays.Max().Should().BeGreaterThan(nominal * 1.1, "jitter spreads clients out");
            delays.Min().Should().BeLessThan(nominal * 1.1);
        }
    }

    [Fact]
    public async Task Polling_runs_from_the_first_failed_connect_five_degrade_the_socket_keeps_being_probed_and_recovers_with_a_reconcile()
    {
        await using var h = await UpstreamHarness.CreateAsync();
        await h.StartConnectedAsync();
        h.Sockets.Refuse();
        h.Sockets.Created[0].Drop();

        for (var failed = 1; failed <= 5; failed++)
        {
            await AdvanceToNextAttemptAsync(h);
            await Eventually.True(() => h.Upstream.FailedConnects == failed, $"{failed} failed connect(s)");
            if (failed < 5)
            {
                h.Status.State.Should().Be(ConnectionState.KalshiReconnecting);
                h.Upstream.IsPolling.Should().BeTrue("REST polling starts at the first failed connect, not after five");
                h.Status.IsLive.Should().BeFalse();
            }
        }
        await Eventually.True(() => h.Status.State == ConnectionState.Degraded && h.Upstream.IsPolling, "degraded, polling");
        h.Status.LastError.Should().Contain("503");
        var degradedAt = h.Time.GetUtcNow();
        h.Upstream.NextAttemptAt.Should().Be(degradedAt + TimeSpan.FromSeconds(32), "the socket keeps being probed at the cap");

        // Polling (running since the first failure): a trade shows within one PollInterval.
        var polled = h.Market(1);
        h.Trade(polled);
        var tradedAt = h.Time.GetUtcNow();
        await Eventually.True(() =>
        {
            if (h.Portfolio.GetPosition(polled) is not null)
            {
                return true;
            }
            if (h.Time.GetUtcNow() < tradedAt + h.Options.PollInterval)
            {
                h.Advance(TimeSpan.FromMilliseconds(250));
            }
            return false;
        }, "the polled position within one PollInterval");

        // Still probing: the next attempt fails too, still degraded.
        await AdvanceToNextAttemptAsync(h);
        await Eventually.True(() => h.Upstream.FailedConnects == 6, "the 6th attempt (a probe)");
        h.Status.State.Should().Be(ConnectionState.Degraded);

        // Recovery: to just before the next attempt (polls fire in between), then a trade, then the attempt.
        await Eventually.True(() => h.Upstream.NextAttemptAt > h.Time.GetUtcNow(), "the 7th attempt scheduled");
        var next = h.Upstream.NextAttemptAt!.Value;
        await h.Timers.WaitForTimerAsync(next, "the 7th attempt's delay");
        // A poll at a time, each seen to ask for the positions, so no poll is still on its way when counting starts.
        while (h.Time.GetUtcNow() + h.Options.PollInterval <= next - TimeSpan.FromSeconds(1))
        {
            var before = h.Requests.Count("/portfolio/positions");
            h.Advance(h.Options.PollInterval);
            await Eventually.True(() => h.Requests.Count("/portfolio/positions") > before, "a poll");
        }
        h.Advance(next - h.Time.GetUtcNow() - TimeSpan.FromSeconds(1));
        var missed = h.Market(2);
        h.Trade(missed);
        var positionsRequests = h.Requests.Count("/portfolio/positions");
        h.Sockets.Accept();
        h.Advance(TimeSpan.FromSeconds(1));

        await Eventually.True(() => h.Status.IsLive, "connected again and verified");
        h.Status.State.Should().Be(ConnectionState.Connected);
        await Eventually.True(() => !h.Upstream.IsPolling, "polling stopped once live");
        await Eventually.True(() => h.Portfolio.GetPosition(missed) is not null, "the trade made while degraded, via the reconcile after the reconnect");
        h.Requests.Count("/portfolio/positions").Should().BeGreaterThan(positionsRequests);
        h.Status.ReconnectCount.Should().Be(1);
        var afterLive = h.Requests.Count("/portfolio/positions");

        // Polling stopped: time passes, no more position requests.
        await h.WaitForTimerAsync(h.Options.ProbeInterval, "watching the new socket");
        for (var i = 0; i < 3; i++)
        {
            h.Advance(h.Options.PollInterval);
        }
        await Eventually.True(() => h.Sockets.Created[^1].CommandsNamed("list_subscriptions").Count >= 1, "a liveness probe on the new socket");
        h.Requests.Count("/portfolio/positions").Should().Be(afterLive, "no polling while live");
    }

    [Fact]
    public async Task A_socket_that_answers_probes_stays_and_a_silent_one_is_replaced_after_SilenceTimeout()
    {
        await using var h = await UpstreamHarness.CreateAsync();
        await h.StartConnectedAsync();
        var first = h.Sockets.Created[0];

        for (var tick = 1; tick <= 6; tick++)
        {
            await h.WaitForTimerAsync(h.Options.ProbeInterval, $"probe {tick}");
            h.Advance(h.Options.ProbeInterval);
            await Eventually.True(() => first.CommandsNamed("list_subscriptions").Count == tick, $"probe {tick}");
            var now = h.Time.GetUtcNow();
            await Eventually.True(() => h.Status.LastMessageAt == now, $"the answer to probe {tick}");
        }
        h.Sockets.Created.Should().HaveCount(1, "an answering socket is kept however long it is quiet");

        first.Silent = true;
        var silentSince = h.Time.GetUtcNow();
        await h.WaitForTimerAsync(h.Options.ProbeInterval, "probe 7");
        h.Advance(h.Options.ProbeInterval);
        await Eventually.True(() => first.CommandsNamed("list_subscriptions").Count == 7, "probe 7 (unanswered)");
        await h.WaitForTimerAsync(h.Options.ProbeInterval, "probe 8");
        h.Advance(h.Options.ProbeInterval);
        await Eventually.True(() => first.CommandsNamed("list_subscriptions").Count == 8, "probe 8 (unanswered)");
        first.CloseCalled.Should().BeFalse("20 s of silence is under the 25 s limit");

        await h.WaitForTimerAsync(h.Options.ProbeInterval, "probe 9");
        h.Advance(h.Options.ProbeInterval);
        await Eventually.True(() => first.CloseCalled && first.Disposed, "the silent socket closed and disposed");
        (h.Time.GetUtcNow() - silentSince).Should().BeGreaterThanOrEqualTo(h.Options.SilenceTimeout);
        await Eventually.True(() => h.Status.State == ConnectionState.KalshiReconnecting, "reconnecting");
        h.Status.LastError.Should().Contain("silent");

        await AdvanceToNextAttemptAsync(h);
        await Eventually.True(() => h.Status.State == ConnectionState.Connected && h.Sockets.Created.Count == 2, "a new socket");
        h.Status.ReconnectCount.Should().Be(1);
    }

    [Fact]
    public async Task Maintenance_is_shown_as_such_waits_MaintenanceCheckInterval_and_does_not_count_as_failures()
    {
        await using var h = await UpstreamHarness.CreateAsync();
        h.Simulator.Exchange.SetStatus(exchangeActive: false, tradingActive: false);
        h.Upstream.Start();

        await Eventually.True(() => h.Status.ExchangeMaintenance && h.Upstream.NextAttemptAt is not null, "maintenance noticed");
        h.Status.State.Should().Be(ConnectionState.Degraded);
        h.Status.Describe().Should().Contain("maintenance");
        h.Upstream.NextAttemptAt.Should().Be(h.Time.GetUtcNow() + h.Options.MaintenanceCheckInterval);
        for (var i = 0; i < 3; i++)
        {
            var statusChecks = h.Requests.Count("/exchange/status");
            await h.WaitForTimerAsync(h.Options.MaintenanceCheckInterval, "the maintenance wait");
            h.Advance(h.Options.MaintenanceCheckInterval);
            await Eventually.True(() => h.Requests.Count("/exchange/status") == statusChecks + 1 && h.Upstream.NextAttemptAt == h.Time.GetUtcNow() + h.Options.MaintenanceCheckInterval, "the next check");
        }
        h.Sockets.Attempts.Should().BeEmpty("no socket is tried while the exchange is in maintenance");
        h.Upstream.FailedConnects.Should().Be(0);
        h.Upstream.IsPolling.Should().BeFalse();

        h.Simulator.Exchange.SetStatus(exchangeActive: true, tradingActive: true);
        await h.WaitForTimerAsync(h.Options.MaintenanceCheckInterval, "the maintenance wait");
        h.Advance(h.Options.MaintenanceCheckInterval);
        await Eventually.True(() => h.Status.State == ConnectionState.Connected && h.Portfolio.IsLive, "connected with a snapshot once it reopens");
        h.Status.ExchangeMaintenance.Should().BeFalse();
        h.Status.LastError.Should().BeNull();
    }

    [Fact]
    public async Task A_socket_refused_during_maintenance_waits_for_the_exchange_without_counting_a_failure()
    {
        await using var h = await UpstreamHarness.CreateAsync();
        await h.StartConnectedAsync();
        h.Simulator.Exchange.SetStatus(exchangeActive: false, tradingActive: false);
        h.Sockets.Refuse();
        h.Sockets.Created[0].Drop("closed by Kalshi (EndpointUnavailable)");

        await AdvanceToNextAttemptAsync(h);
        await Eventually.True(() => h.Status.ExchangeMaintenance, "maintenance noticed");
        await Eventually.True(() => h.Upstream.NextAttemptAt == h.Time.GetUtcNow() + h.Options.MaintenanceCheckInterval, "a maintenance wait");
        h.Upstream.FailedConnects.Should().Be(0);
        h.Status.State.Should().Be(ConnectionState.Degraded);

        h.Simulator.Exchange.SetStatus(exchangeActive: true, tradingActive: true);
        h.Sockets.Accept();
        await h.WaitForTimerAsync(h.Options.MaintenanceCheckInterval, "the maintenance wait");
        h.Advance(h.Options.MaintenanceCheckInterval);
        await Eventually.True(() => h.Status.State == ConnectionState.Connected && !h.Status.ExchangeMaintenance, "connected after maintenance");
    }

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized)]
    [InlineData(HttpStatusCode.Forbidden)]
    public async Task A_refused_key_on_the_handshake_disconnects_for_good_and_asks_for_a_new_sign_in(HttpStatusCode status)
    {
        await using var h = await UpstreamHarness.CreateAsync();
        string? rejected = null;
        h.Upstream.CredentialsRejected += reason => rejected = reason;
        h.Sockets.Refuse(status);

        h.Upstream.Start();

        await Eventually.True(() => h.Status.CredentialsInvalid, "credentials invalid");
        h.Status.State.Should().Be(ConnectionState.Disconnected);
        h.Status.LastError.Should().Contain("Sign in again");
        rejected.Should().NotBeNull();
        for (var i = 0; i < 10; i++)
        {
            h.Advance(TimeSpan.FromMinutes(1));
        }
        h.Sockets.Attempts.Should().HaveCount(1, "a refused key is never retried");
        h.Upstream.NextAttemptAt.Should().BeNull();
    }

    [Fact]
    public async Task A_refused_key_on_REST_at_start_disconnects_for_good()
    {
        await using var h = await UpstreamHarness.CreateAsync(signer: TestRsaKeys.Signer()); // a key the simulator doesn't know
        var rejected = false;
        h.Upstream.CredentialsRejected += _ => rejected = true;

        h.Upstream.Start();

        await Eventually.True(() => h.Status.CredentialsInvalid && rejected, "credentials invalid");
        h.Status.State.Should().Be(ConnectionState.Disconnected);
        h.Advance(TimeSpan.FromMinutes(5));
        h.Sockets.Attempts.Should().BeEmpty();
    }

    [Fact]
    public async Task Malformed_frames_are_ignored_and_counted_and_the_socket_stays()
    {
        await using var h = await UpstreamHarness.CreateAsync();
        await h.StartConnectedAsync();
        var socket = h.Sockets.Created[0];

        socket.Push("{not json");
        socket.Push("\u00ffgarbage");
        socket.Push("""{"type":"market_position","msg":{}}""");
        await Eventually.True(() => socket.Delivered >= 3 + 1, "frames delivered"); // + the subscribe ack(s)

        await Eventually.True(() => h.Upstream.MalformedFrames == 3, "3 malformed frames counted");
        h.Status.State.Should().Be(ConnectionState.Connected);
        socket.IsOpen.Should().BeTrue();
        h.Sockets.Created.Should().HaveCount(1);
    }

    [Fact]
    public async Task Disposing_stops_every_timer_and_attempt()
    {
        var h = await UpstreamHarness.CreateAsync();
        await h.StartConnectedAsync();
        h.Sockets.Refuse();
        h.Sockets.Created[0].Drop();
        await Eventually.True(() => h.Upstream.NextAttemptAt is not null, "a pending attempt");

        await h.Upstream.DisposeAsync();
        var attempts = h.Sockets.Attempts.Count;
        h.Advance(TimeSpan.FromMinutes(5));

        h.Sockets.Attempts.Should().HaveCount(attempts);
        h.Sockets.Created.Should().OnlyContain(s => s.Disposed);
        await h.DisposeAsync();
    }

    // Waits until the next attempt is scheduled after now, moves the clock to it and waits for the attempt.
    internal static async Task AdvanceToNextAttemptAsync(UpstreamHarness h)
    {
        await Eventually.True(() => h.Upstream.NextAttemptAt > h.Time.GetUtcNow(), "a scheduled attempt");
        await h.Timers.WaitForTimerAsync(h.Upstream.NextAttemptAt!.Value, "the reconnect delay");
        var attempts = h.Sockets.Attempts.Count;
        h.Advance(h.Upstream.NextAttemptAt!.Value - h.Time.GetUtcNow());
        await Eventually.True(() => h.Sockets.Attempts.Count > attempts, "the scheduled attempt");
    }
}
