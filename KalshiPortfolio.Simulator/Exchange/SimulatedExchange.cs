using System.Security.Cryptography;

namespace KalshiPortfolio.Simulator.Exchange;

/// <summary>
/// The exchange's state: the market catalogue with its living quotes, the accounts, and the exchange status.
/// Every change happens under one lock and is reported, in order, to the observers (the WebSocket hub).
/// The public members are the in-process counterpart of the <c>/_sim</c> control API, for tests and benchmarks.
/// </summary>
public sealed class SimulatedExchange
{
    private readonly TimeProvider _time;
    private readonly List<MarketState> _markets;
    private readonly Dictionary<string, MarketState> _byTicker;
    private readonly Dictionary<string, Account> _accounts = new(StringComparer.Ordinal);
    private readonly RandomWalk _walk;
    private readonly Random _settlementRng;
    private IExchangeObserver[] _observers = [];
    private volatile bool _exchangeActive = true;
    private DateTimeOffset? _estimatedResumeTime;
    private volatile bool _tradingActive = true;
    private long _ids;

    internal SimulatedExchange(SimulatorOptions options, TimeProvider time)
    {
        _time = time;
        _walk = new RandomWalk(options.Seed);
        _settlementRng = new Random(unchecked(options.Seed * 31 + 7));
        _markets = [.. MarketCatalogue.Load(time.GetUtcNow(), options.SyntheticMarkets)];
        _byTicker = _markets.ToDictionary(m => m.Ticker, StringComparer.Ordinal);
        foreach (var market in _markets)
        {
            market.Quote = _walk.Initial(market.Quote, market.Grid);
        }
        MarketTickers = [.. _markets.Select(m => m.Ticker)];
    }

    /// <summary>The lock that guards all state; readers in this assembly take it to build consistent responses.</summary>
    internal Lock Gate { get; } = new();

    internal TimeProvider Time => _time;

    /// <summary>The catalogue in listing order. Read under <see cref="Gate"/>.</summary>
    internal IReadOnlyList<MarketState> Markets => _markets;

    /// <summary>Every market's ticker, in catalogue order.</summary>
    public IReadOnlyList<string> MarketTickers { get; }

    /// <summary><c>exchange_active</c>: false during a (simulated) maintenance window.</summary>
    public bool ExchangeActive => _exchangeActive;

    /// <summary><c>trading_active</c>: false during a trading pause (and during maintenance).</summary>
    public bool TradingActive => _tradingActive;

    internal void AddObserver(IExchangeObserver observer)
    {
        lock (Gate) _observers = [.. _observers, observer];
    }

    internal MarketState? FindMarket(string ticker) => _byTicker.GetValueOrDefault(ticker);

    internal Account? FindAccount(string keyId)
    {
        lock (Gate) return _accounts.GetValueOrDefault(keyId);
    }

    /// <summary>Sets the exchange status (maintenance). The random walk and the demo account pause while trading is inactive.</summary>
    public void SetStatus(bool exchangeActive, bool tradingActive, DateTimeOffset? estimatedResumeTime = null)
    {
        lock (Gate)
        {
            _exchangeActive = exchangeActive;
            _tradingActive = tradingActive && exchangeActive;
            _estimatedResumeTime = exchangeActive ? null : estimatedResumeTime;
        }
    }

    /// <summary>In maintenance, when the exchange expects to reopen (<c>exchange_estimated_resume_time</c>); else null.</summary>
    public DateTimeOffset? EstimatedResumeTime
    {
        get { lock (Gate) return _estimatedResumeTime; }
    }

    /// <summary>
    /// Creates an account. With <paramref name="publicKeyPem"/> the caller keeps the private key; without it the simulator
    /// generates an RSA-2048 pair and returns the private key (PKCS#1 PEM, like Kalshi's downloads) once.
    /// </summary>
    public AccountCredentials CreateAccount(string? publicKeyPem = null, decimal balanceDollars = 1000m)
    {
        if (balanceDollars < 0) throw ExchangeException.BadRequest("balance_dollars must not be negative");
        var keyId = Guid.NewGuid().ToString();
        if (publicKeyPem is null)
        {
            using var rsa = RSA.Create(2048);
            AddAccount(keyId, rsa.ExportSubjectPublicKeyInfo(), balanceDollars, isDemo: false);
            return new AccountCredentials(keyId, rsa.ExportRSAPrivateKeyPem());
        }
        AddAccount(keyId, PublicKeyFromPem(publicKeyPem), balanceDollars, isDemo: false);
        return new AccountCredentials(keyId, null);
    }

    internal Account AddAccount(string keyId, byte[] subjectPublicKeyInfo, decimal cash, bool isDemo)
    {
        var account = new Account(keyId, Guid.NewGuid().ToString(), subjectPublicKeyInfo, cash, isDemo) { UpdatedTime = _time.GetUtcNow() };
        lock (Gate)
        {
            if (!_accounts.TryAdd(keyId, account)) throw new ExchangeException(409, "conflict", "key id already exists");
        }
        return account;
    }

    /// <summary>An account's cash in dollars.</summary>
    public decimal GetCashDollars(string keyId)
    {
        lock (Gate) return (_accounts.GetValueOrDefault(keyId) ?? throw ExchangeException.NotFound("account")).Cash;
    }

    /// <summary>An account's open positions now: ticker → contracts (YES positive, NO negative).</summary>
    public IReadOnlyDictionary<string, decimal> GetOpenPositions(string keyId)
    {
        lock (Gate)
        {
            var account = _accounts.GetValueOrDefault(keyId) ?? throw ExchangeException.NotFound("account");
            return account.Positions.Values.Where(p => p.Position != 0).ToDictionary(p => p.Ticker, p => p.Position, StringComparer.Ordinal);
        }
    }

    /// <summary>A market's quote and status now.</summary>
    public MarketSnapshot GetMarket(string ticker)
    {
        lock (Gate)
        {
            var m = FindMarket(ticker) ?? throw ExchangeException.NotFound("market");
            return new MarketSnapshot(m.Ticker, m.EventTicker, m.Quote, m.LastPrice, m.Status, m.Result, m.Pinned);
        }
    }

    /// <summary>
    /// A taker fill now: <paramref name="count"/> contracts of <paramref name="side"/> bought or sold at
    /// <paramref name="priceDollars"/> (the price of that side, on the market's tick grid). Emits <c>fill</c>,
    /// <c>market_position</c>, <c>trade</c> and <c>ticker</c> messages.
    /// </summary>
    public void Trade(string keyId, string ticker, ContractSide side, TradeAction action, decimal count, decimal priceDollars)
    {
        lock (Gate)
        {
            var account = _accounts.GetValueOrDefault(keyId) ?? throw ExchangeException.NotFound("account");
            ExecuteFill(account, ticker, side, action, count, priceDollars);
        }
    }

    internal FillRecord ExecuteFill(Account account, string ticker, ContractSide side, TradeAction action, decimal count, decimal price)
    {
        lock (Gate)
        {
            var market = FindMarket(ticker) ?? throw ExchangeException.NotFound("market");
            if (!_tradingActive) throw new ExchangeException(409, "trading_is_paused", "trading is paused");
            if (!market.IsTradable) throw new ExchangeException(409, "market_closed", "market is not open for trading");
            if (count <= 0 || decimal.Round(count, 2) != count) throw new ExchangeException(400, "invalid_order_size", "count must be a positive multiple of 0.01");
            if (!market.Grid.Contains(price)) throw new ExchangeException(400, "invalid_price", "price is not on the market's tick grid inside (0,1)");

            var fee = Fees.Taker(count, price);
            var worstCase = (action == TradeAction.Buy ? count * price : 0m) + fee;
            if (account.Cash < worstCase) throw new ExchangeException(400, "insufficient_balance", "insufficient balance");

            var now = _time.GetUtcNow();
            var book = account.GetOrAddPosition(market.Ticker, market.EventTicker);
            var heldBefore = Math.Abs(book.Position);
            account.Cash += book.Apply(side, action, count, price, fee, now) - fee;
            account.UpdatedTime = now;

            var yesPrice = side == ContractSide.Yes ? price : 1m - price;
            market.LastPrice = yesPrice;
            market.LastTradeSize = count;
            market.Volume += count;
            market.Volume24h += count;
            market.OpenInterest = Math.Max(0m, market.OpenInterest + Math.Abs(book.Position) - heldBefore);
            market.UpdatedTime = now;

            var fill = new FillRecord(NewId(), NewId(), market.Ticker, side, action, count, yesPrice, fee, IsTaker: true, now, book.Position);
            account.Fills.Add(fill);
            var trade = new TradeRecord(fill.FillId, market.Ticker, yesPrice, count, fill.OutcomeSide, now);

            foreach (var observer in _observers)
            {
                observer.OnFill(account, fill);
                observer.OnMarketPosition(account, book);
                observer.OnTrade(trade);
                observer.OnTicker(market, now);
            }
            return fill;
        }
    }

    /// <summary>Sets and pins a market's quote (null = that side empty); the random walk leaves it alone until <see cref="ClearQuote"/>.</summary>
    public void SetQuote(string ticker, decimal? yesBid, decimal? yesAsk, decimal? bidSize = null, decimal? askSize = null)
    {
        lock (Gate)
        {
            var market = FindMarket(ticker) ?? throw ExchangeException.NotFound("market");
            if (!market.IsTradable) throw new ExchangeException(409, "market_closed", "market is not open");
            if (yesBid is { } b && !market.Grid.Contains(b)) throw new ExchangeException(400, "invalid_price", "yes_bid_dollars is not on the tick grid inside (0,1)");
            if (yesAsk is { } a && !market.Grid.Contains(a)) throw new ExchangeException(400, "invalid_price", "yes_ask_dollars is not on the tick grid inside (0,1)");
            if (yesBid >= yesAsk) throw ExchangeException.BadRequest("yes_bid_dollars must be below yes_ask_dollars");
            if (bidSize < 0 || askSize < 0) throw ExchangeException.BadRequest("sizes must not be negative");

            market.Quote = new Quote(yesBid ?? 0m, yesBid is null ? 0m : bidSize ?? 100m, yesAsk ?? 0m, yesAsk is null ? 0m : askSize ?? 100m);
            market.Pinned = true;
            market.UpdatedTime = _time.GetUtcNow();
            Notify(market);
        }
    }

    /// <summary>Releases a pinned quote: the random walk moves the market again from where it is.</summary>
    public void ClearQuote(string ticker)
    {
        lock (Gate)
        {
            var market = FindMarket(ticker) ?? throw ExchangeException.NotFound("market");
            market.Pinned = false;
        }
    }

    /// <summary>
    /// Settles a market: every position in it pays $1 per winning contract into cash, leaves <c>/portfolio/positions</c>
    /// and appears in <c>/portfolio/settlements</c> (every account that ever traded the market gets a row, with its
    /// lifetime per-side totals, even after a full exit); the market becomes <c>finalized</c> with its result.
    /// Returns the number of settlement rows written.
    /// </summary>
    public int Settle(string ticker, ContractSide result)
    {
        lock (Gate)
        {
            var market = FindMarket(ticker) ?? throw ExchangeException.NotFound("market");
            if (market.Status == MarketStatus.Finalized) throw new ExchangeException(409, "market_settled", "market is already settled");
            return SettleLocked(market, result);
        }
    }

    private int SettleLocked(MarketState market, ContractSide result)
    {
        var now = _time.GetUtcNow();
        market.Status = MarketStatus.Finalized;
        market.Result = result.ToWire();
        market.SettledTime = now;
        market.UpdatedTime = now;
        market.Pinned = false;
        market.Quote = Quote.Settled;

        var rows = 0;
        foreach (var account in _accounts.Values)
        {
            // Every market the account ever traded gets a row, a fully exited one too (as on Kalshi), with the
            // lifetime per-side totals; revenue pays the net position only.
            if (!account.Positions.TryGetValue(market.Ticker, out var book) || book.Settled) continue;
            var held = book.Position != 0;
            var payout = book.Settle(result, now);
            account.Cash += payout;
            account.UpdatedTime = now;
            account.Settlements.Add(new SettlementRecord(
                market.Ticker, market.EventTicker, result, book.YesCount, book.NoCount, book.YesTotalCost, book.NoTotalCost,
                (long)(payout * 100m), now, book.FeesPaid, result == ContractSide.Yes ? 100 : 0));
            rows++;
            // The held position goes flat on the market_positions channel; an account already flat hears nothing.
            if (held)
            {
                foreach (var observer in _observers) observer.OnMarketPosition(account, book);
            }
        }
        Notify(market);
        return rows;
    }

    /// <summary>Settles the active markets whose close time has passed, each YES with probability equal to its mid price.</summary>
    internal int SettleExpiredMarkets()
    {
        lock (Gate)
        {
            if (!_tradingActive) return 0;
            var now = _time.GetUtcNow();
            var settled = 0;
            foreach (var market in _markets)
            {
                if (market.Status != MarketStatus.Active || market.CloseTime == default || market.CloseTime > now) continue;
                var mid = (double)((market.Quote.YesBid + market.Quote.YesAsk) / 2m);
                SettleLocked(market, _settlementRng.NextDouble() < mid ? ContractSide.Yes : ContractSide.No);
                settled++;
            }
            return settled;
        }
    }

    /// <summary>Runs <paramref name="ticks"/> random-walk steps now (each publishes a <c>ticker</c> message); returns how many moved a market.</summary>
    public int AdvanceRandomWalk(int ticks)
    {
        var moved = 0;
        lock (Gate)
        {
            var now = _time.GetUtcNow();
            for (var i = 0; i < ticks; i++)
            {
                if (_walk.Step(_markets) is not { } market) continue;
                market.UpdatedTime = now;
                moved++;
                foreach (var observer in _observers) observer.OnTicker(market, now);
            }
        }
        return moved;
    }

    private void Notify(MarketState market)
    {
        var now = _time.GetUtcNow();
        foreach (var observer in _observers) observer.OnTicker(market, now);
    }

    private string NewId()
    {
        // UUID-shaped ids, unique per exchange.
        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes);
        BitConverter.TryWriteBytes(bytes, Interlocked.Increment(ref _ids));
        return new Guid(bytes).ToString();
    }

    internal static byte[] PublicKeyFromPem(string pem)
    {
        try
        {
            using var rsa = RSA.Create();
            rsa.ImportFromPem(pem);
            return rsa.ExportSubjectPublicKeyInfo();
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            throw ExchangeException.BadRequest("public_key_pem is not an RSA key in PEM format");
        }
    }
}
