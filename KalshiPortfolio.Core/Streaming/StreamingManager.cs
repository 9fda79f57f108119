using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using KalshiPortfolio.Core.Diagnostics;
using KalshiPortfolio.Core.Kalshi;
using KalshiPortfolio.Core.Streaming.Upstream;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KalshiPortfolio.Core.Streaming;

/// <summary>
/// The singleton that owns every signed-in user's live portfolio: one upstream Kalshi link per user, shared by
/// all of that user's browser tabs and SSE clients, each of which subscribes to the user's hub.
/// </summary>
public sealed class StreamingManager : IPortfolioStreams, IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<Task<UserSession>>> _sessions = new(StringComparer.Ordinal);
    private readonly IKalshiClientFactory _clients;
    private readonly IKalshiSocketFactory _sockets;
    private readonly IPortfolioStore _store;
    private readonly StreamingOptions _options;
    private readonly PortfolioMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;

    public StreamingManager(
        IKalshiClientFactory clients,
        IKalshiSocketFactory sockets,
        IPortfolioStore store,
        IOptions<StreamingOptions> options,
        PortfolioMetrics metrics,
        TimeProvider time,
        ILoggerFactory loggers)
    {
        _clients = clients;
        _sockets = sockets;
        _store = store;
        _options = options.Value;
        _metrics = metrics;
        _time = time;
        _loggers = loggers;
        _logger = loggers.CreateLogger<StreamingManager>();
        metrics.Observe(ObserveStates, ObserveUptime, () => Sessions().Sum(s => (long)s.Portfolio.Hub.QueueDepth));
    }

    /// <summary>Raised with the user id when Kalshi refuses a user's stored key.</summary>
    public event Action<string>? CredentialsRejected;

    /// <summary>Users with a live portfolio.</summary>
    public int Count => Sessions().Count();

    /// <summary>
    /// Starts (or returns) the user's live portfolio: the cache is served at once (marked stale), then Kalshi's
    /// snapshot reconciles it and the WebSocket keeps it live. With <paramref name="waitForSnapshot"/>, returns
    /// once Kalshi's first snapshot is in (or <see cref="StreamingOptions.InitialSnapshotTimeout"/> passed).
    /// The manager takes ownership of the account's signer.
    /// </summary>
    public async Task<UserPortfolio> StartAsync(UserAccount account, bool waitForSnapshot, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        while (true)
        {
            // Two sign-ins of the same user at once get the same Lazy, so one session is created.
            var created = new Lazy<Task<UserSession>>(() => CreateAsync(account));
            var lazy = _sessions.GetOrAdd(account.UserId, created);
            UserSession session;
            try
            {
                session = await lazy.Value.ConfigureAwait(false);
            }
            catch (Exception) when (!ReferenceEquals(lazy, created))
            {
                // Someone else's start failed (and removes itself): try again with ours.
                _sessions.TryRemove(KeyValuePair.Create(account.UserId, lazy));
                continue;
            }
            catch (Exception)
            {
                // Don't keep a failed start: the next sign-in tries afresh.
                _sessions.TryRemove(KeyValuePair.Create(account.UserId, lazy));
                account.Signer.Dispose();
                throw;
            }
            if (!ReferenceEquals(lazy, created))
            {
                if (session.Portfolio.Status.CredentialsInvalid || session.Upstream.HasEnded)
                {
                    // Signed in again after Kalshi refused the old key, or after the link ended: start over. Only that
                    // session is stopped, never one a concurrent sign-in has just put in its place.
                    await StopSessionAsync(account.UserId, lazy).ConfigureAwait(false);
                    continue;
                }
                account.Signer.Dispose(); // already running with the same key (the user id is derived from it)
            }
            if (waitForSnapshot && !session.Portfolio.IsLive)
            {
                await session.Upstream.WaitForFirstSnapshotAsync(_options.InitialSnapshotTimeout, cancellationToken).ConfigureAwait(false);
            }
            return session.Portfolio;
        }
    }

    /// <summary>Stops the user's live portfolio and ends every subscription; <paramref name="forget"/> also clears the cache.</summary>
    public async Task StopAsync(string userId, bool forget)
    {
        if (_sessions.TryGetValue(userId, out var lazy))
        {
            await StopSessionAsync(userId, lazy).ConfigureAwait(false);
        }
        if (forget)
        {
            await _store.DeleteUserAsync(userId).ConfigureAwait(false);
        }
    }

    private async Task StopSessionAsync(string userId, Lazy<Task<UserSession>> lazy)
    {
        if (!_sessions.TryRemove(KeyValuePair.Create(userId, lazy)))
        {
            return; // already stopped (or replaced) by someone else
        }
        UserSession session;
        try
        {
            session = await lazy.Value.ConfigureAwait(false);
        }
        catch (Exception)
        {
            return; // its start failed: nothing runs
        }
        await session.DisposeAsync().ConfigureAwait(false);
        _logger.LogInformation("Stopped the live portfolio of user {UserId}", userId);
    }

    public UserPortfolio? Find(string userId) => FindSession(userId)?.Portfolio;

    /// <summary>The user's upstream link (for diagnostics), if running.</summary>
    public KalshiUpstream? FindUpstream(string userId) => FindSession(userId)?.Upstream;

    public PortfolioSubscription? Subscribe(string userId, long? lastEventId = null) =>
        Find(userId)?.Hub.Subscribe(lastEventId);

    public async Task RefreshAsync(string userId, CancellationToken cancellationToken = default)
    {
        if (FindSession(userId) is { } session)
        {
            await session.Upstream.RefreshAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public ConnectionStatus? GetStatus(string userId) => Find(userId)?.Status;

    private async Task<UserSession> CreateAsync(UserAccount account)
    {
        var portfolio = new UserPortfolio(account.UserId, _options, _time);
        portfolio.Hub.EventDropped += _metrics.EventDropped;
        try
        {
            portfolio.RestoreFromCache(await _store.LoadAsync(account.UserId).ConfigureAwait(false));
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "Could not read the cached positions of user {UserId}; starting empty", account.UserId);
        }

        var writer = new PositionCacheWriter(portfolio, _store, _options, _metrics, _time, _loggers.CreateLogger<PositionCacheWriter>());
        var upstream = new KalshiUpstream(
            portfolio,
            _clients.CreateAuthenticated(account.Endpoints, account.Signer),
            account.Endpoints,
            account.Signer,
            _sockets,
            _store,
            _options,
            _metrics,
            _time,
            _loggers.CreateLogger<KalshiUpstream>());
        upstream.CredentialsRejected += _ => CredentialsRejected?.Invoke(account.UserId);
        writer.Start();
        upstream.Start();
        _logger.LogInformation("Started the live portfolio of user {UserId} ({Environment})", account.UserId, account.Endpoints.Environment);
        return new UserSession(portfolio, upstream, writer, account);
    }

    private UserSession? FindSession(string userId) =>
        _sessions.TryGetValue(userId, out var lazy) && lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully
            ? lazy.Value.Result
            : null;

    private IEnumerable<UserSession> Sessions() =>
        _sessions.Values.Where(l => l.IsValueCreated && l.Value.IsCompletedSuccessfully).Select(l => l.Value.Result);

    private IEnumerable<Measurement<int>> ObserveStates() =>
        Sessions().GroupBy(s => s.Portfolio.Status.State)
            .Select(g => new Measurement<int>(g.Count(), new KeyValuePair<string, object?>("state", g.Key.ToWireName())));

    private IEnumerable<Measurement<double>> ObserveUptime()
    {
        var now = _time.GetUtcNow();
        return Sessions()
            .Where(s => s.Upstream.ConnectedSince is not null)
            .Select(s => new Measurement<double>((now - s.Upstream.ConnectedSince!.Value).TotalSeconds, new KeyValuePair<string, object?>("user_id", s.Portfolio.UserId)));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var userId in _sessions.Keys.ToList())
        {
            await StopAsync(userId, forget: false).ConfigureAwait(false);
        }
    }

    private sealed record UserSession(UserPortfolio Portfolio, KalshiUpstream Upstream, PositionCacheWriter Writer, UserAccount Account) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            // The link first (nothing changes the portfolio after it), then the subscribers, then the cache
            // writer, which writes the last changes before it stops; the key last, once nothing signs with it.
            await Upstream.DisposeAsync().ConfigureAwait(false);
            Portfolio.Dispose();
            Portfolio.Hub.CompleteAll();
            await Writer.DisposeAsync().ConfigureAwait(false);
            Account.Signer.Dispose();
        }
    }
}
