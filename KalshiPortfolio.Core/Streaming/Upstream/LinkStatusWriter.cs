namespace KalshiPortfolio.Core.Streaming.Upstream;

/// <summary>
/// The one writer of a link's <see cref="ConnectionStatus"/>: a small state machine fed by the other parts
/// (connection loop, reconciler, maintenance watch), so the status always follows one rule. The figures are live
/// only when the socket is up, not silent, the exchange is open, and a REST snapshot taken after the socket's
/// subscriptions were confirmed has been applied.
/// </summary>
internal sealed class LinkStatusWriter(UserPortfolio portfolio, int failuresBeforeDegraded)
{
    private readonly Lock _gate = new();
    private bool _socketUp;
    private bool _verified;
    private bool _silent;
    private bool _maintenance;
    private bool _credentialsRejected;
    private bool _stopped;
    private bool _everConnected;
    private int _failedConnects;
    private int _reconnects;
    private LinkReason _downReason = LinkReason.Starting;
    private string? _lastError;
    private string? _maintenanceMessage;
    private DateTimeOffset? _resumeAt;

    public bool SocketUp { get { lock (_gate) { return _socketUp; } } }

    public bool InMaintenance { get { lock (_gate) { return _maintenance; } } }

    public bool IsLive { get { lock (_gate) { return ReasonLocked() == LinkReason.Live; } } }

    public int FailedConnects { get { lock (_gate) { return _failedConnects; } } }

    public bool IsCredentialsRejected { get { lock (_gate) { return _credentialsRejected; } } }

    public int Reconnects { get { lock (_gate) { return _reconnects; } } }

    /// <summary>True once a socket has been up: the next <see cref="Connected"/> is a reconnection.</summary>
    public bool HasConnected { get { lock (_gate) { return _everConnected; } } }

    public void ConnectFailed(string error) => Write(() =>
    {
        _socketUp = false;
        _verified = false;
        _failedConnects++;
        _downReason = LinkReason.ConnectFailed;
        _lastError = error;
    });

    /// <summary>The socket is open and subscribed; the figures are live once <see cref="Verified"/> follows.</summary>
    public void Connected() => Write(() =>
    {
        if (_everConnected)
        {
            _reconnects++;
        }
        _everConnected = true;
        _socketUp = true;
        _verified = false;
        _silent = false;
        _failedConnects = 0;
        _lastError = null;
    });

    /// <summary>A snapshot taken after the socket was confirmed has been applied.</summary>
    public void Verified() => Write(() => _verified = _socketUp && !_silent);

    public void Dropped(string error) => Write(() =>
    {
        _socketUp = false;
        _verified = false;
        _silent = false;
        _downReason = LinkReason.SocketDropped;
        _lastError = error;
    });

    /// <summary>Nothing arrived on the open socket for too long: not live until it speaks and is verified again.</summary>
    public void Silent(TimeSpan quiet) => Write(() =>
    {
        _silent = true;
        _verified = false;
        _lastError = $"Nothing from Kalshi's live feed for {quiet.TotalSeconds:0} s.";
    });

    /// <summary>The silent socket spoke again; it must be verified before the figures count as live.</summary>
    public void SpokeAgain() => Write(() =>
    {
        _silent = false;
        _lastError = null;
    });

    public void Maintenance(string message, DateTimeOffset? resumeAt) => Write(() =>
    {
        _maintenance = true;
        _verified = false;
        _maintenanceMessage = message;
        _resumeAt = resumeAt;
    });

    public void MaintenanceEnded() => Write(() =>
    {
        _maintenance = false;
        _maintenanceMessage = null;
        _resumeAt = null;
    });

    public void CredentialsRejected() => Write(() =>
    {
        _credentialsRejected = true;
        _socketUp = false;
        _verified = false;
        _lastError = "Kalshi refused your API key. Sign in again.";
    });

    public void Stopped(string? error) => Write(() =>
    {
        _stopped = true;
        _socketUp = false;
        _verified = false;
        _lastError = error ?? _lastError;
    });

    private void Write(Action change)
    {
        lock (_gate)
        {
            change();
            var reason = ReasonLocked();
            var state = reason switch
            {
                LinkReason.Live or LinkReason.Verifying => ConnectionState.Connected,
                LinkReason.CredentialsRejected or LinkReason.Stopped or LinkReason.Starting => ConnectionState.Disconnected,
                LinkReason.Maintenance or LinkReason.Silent => ConnectionState.Degraded,
                _ => _failedConnects >= failuresBeforeDegraded ? ConnectionState.Degraded : ConnectionState.KalshiReconnecting,
            };
            var error = reason == LinkReason.Maintenance ? _maintenanceMessage : _lastError;
            var resume = reason == LinkReason.Maintenance ? _resumeAt : null;
            var reconnects = _reconnects;
            // The portfolio owns the status (and its lock); this writer decides what it says.
            portfolio.UpdateStatus(s => s with
            {
                State = state,
                Reason = reason,
                LastError = error,
                ExpectedResumeAt = resume,
                ReconnectCount = reconnects,
            });
        }
    }

    private LinkReason ReasonLocked() => this switch
    {
        { _credentialsRejected: true } => LinkReason.CredentialsRejected,
        { _stopped: true } => LinkReason.Stopped,
        { _maintenance: true } => LinkReason.Maintenance,
        { _socketUp: true, _silent: true } => LinkReason.Silent,
        { _socketUp: true, _verified: true } => LinkReason.Live,
        { _socketUp: true } => LinkReason.Verifying,
        { _everConnected: false, _failedConnects: 0 } => LinkReason.Starting,
        _ => _downReason,
    };
}
