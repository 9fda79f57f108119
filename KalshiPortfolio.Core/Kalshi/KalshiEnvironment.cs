namespace KalshiPortfolio.Core.Kalshi;

/// <summary>Which Kalshi exchange a client talks to.</summary>
public enum KalshiEnvironment
{
    /// <summary>Kalshi production (real money).</summary>
    Production,

    /// <summary>Kalshi's demo exchange (separate credentials, play money).</summary>
    Demo,

    /// <summary>Any other base URL, e.g. the local simulator.</summary>
    Custom,
}
