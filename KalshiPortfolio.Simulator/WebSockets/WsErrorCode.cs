namespace KalshiPortfolio.Simulator.WebSockets;

/// <summary>Kalshi's WebSocket error codes (reference §5.2), sent as <c>{"id":n,"type":"error","msg":{"code":int,"msg":...}}</c>.</summary>
internal static class WsErrorCode
{
    public const int UnableToProcess = 1;
    public const int ParamsRequired = 2;
    public const int ChannelsRequired = 3;
    public const int SubscriptionIdsRequired = 4;
    public const int UnknownCommand = 5;
    public const int AlreadySubscribed = 6;
    public const int UnknownSubscriptionId = 7;
    public const int UnknownChannel = 8;
    public const int AuthenticationRequired = 9;
    public const int InvalidParameter = 11;
    public const int ExactlyOneSubscriptionId = 12;
    public const int UnsupportedAction = 13;
    public const int MarketTickerRequired = 14;
    public const int ActionRequired = 15;
    public const int MarketNotFound = 16;

    public static string Message(int code) => code switch
    {
        UnableToProcess => "Unable to process message",
        ParamsRequired => "Params required",
        ChannelsRequired => "Channels required",
        SubscriptionIdsRequired => "Subscription IDs required",
        UnknownCommand => "Unknown command",
        AlreadySubscribed => "Already subscribed",
        UnknownSubscriptionId => "Unknown subscription ID",
        UnknownChannel => "Unknown channel name",
        AuthenticationRequired => "Authentication required",
        InvalidParameter => "Invalid parameter",
        ExactlyOneSubscriptionId => "Exactly one subscription ID is required",
        UnsupportedAction => "Unsupported action",
        MarketTickerRequired => "Market Ticker required",
        ActionRequired => "Action required",
        MarketNotFound => "Market not found",
        _ => "Internal error",
    };
}
