namespace KalshiPortfolio.Core.Kalshi.WebSockets;

/// <summary>A command ready to send as one text frame.</summary>
/// <param name="Id">The command id; Kalshi echoes it in the <c>subscribed</c>/<c>ok</c>/<c>error</c> replies.</param>
/// <param name="Command">The <c>cmd</c> value, e.g. <c>subscribe</c>.</param>
/// <param name="Json">The frame text.</param>
public sealed record KalshiWsCommand(long Id, string Command, string Json);

/// <summary>The <c>action</c> of an <c>update_subscription</c> command.</summary>
public enum KalshiWsUpdateAction
{
    /// <summary><c>add_markets</c></summary>
    AddMarkets,

    /// <summary><c>delete_markets</c></summary>
    DeleteMarkets,
}
