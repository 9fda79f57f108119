using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using KalshiPortfolio.Core.Diagnostics;
using KalshiPortfolio.Core.Kalshi;
using KalshiPortfolio.Core.Kalshi.Auth;
using KalshiPortfolio.Core.Kalshi.Models;
using KalshiPortfolio.Core.Streaming;
using KalshiPortfolio.Core.Streaming.Upstream;
using KalshiPortfolio.Simulator;
using KalshiPortfolio.Simulator.Exchange;
using KalshiPortfolio.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace KalshiPortfolio.Tests.Streaming;

/// <summary>
/// Bad input from the exchange (issue 15), against the whole app with the simulator as the exchange and a hostile
/// stand-in in front of it: a handler in the Kalshi HttpClient adds or replaces rows of the simulator's real REST
/// answers (so every reconcile sees the same hostile figures as the socket), and the app's real socket can be made
/// to deliver frames of the test's own.
/// </summary>
[Trait("Category", "Integration")]
public sealed class HostileInputTests : IAsyncLifetime
{
    // decimal's smallest step: a count inside the input limits whose quotients overflow.
    private const string Tiny = "0.0000000000000000000000000001";
    private const decimal TinyValue = 0.0000000000000000000000000001m;

    private readonly HostileRest _rest = new();
    private readonly InjectingSocketFactory.Holder _sockets = new();
    private readonly CapturingLoggerProvider _logs = new();
    private SimulatorHost _simulator = null!;
    private PortfolioAppFactory _app = null!;

    public async Task InitializeAsync()
    {
        _simulator = await SimulatorHost.StartAsync(new SimulatorOptions { Url = "http://127.0.0.1:0", TicksPerSecond = 0, DemoAccountTradesPerMinute = 0, AutoSettleAtCloseTime = false });
        _app = new PortfolioAppFactory(_simulator.BaseUri, settings: new Dictionary<string, string?> { ["Logging:LogLevel:KalshiPortfolio"] = "Information" }, services: services =>
        {
            services.AddSingleton<ILoggerProvider>(_logs);
            services.AddHttpClient(KalshiServiceCollectionExtensions.HttpClientName).AddHttpMessageHandler(() => new HostileRestHandler(_rest));
            services.AddSingleton<WebsocketClientKalshiSocketFactory>();
            services.RemoveAll<IKalshiSocketFactory>();
            services.AddSingleton<IKalshiSocketFactory>(sp => new InjectingSocketFactory(sp.GetRequiredService<WebsocketClientKalshiSocketFactory>(), _sockets));
        });
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _simulator.DisposeAsync();
    }

    [Fact]
    public async Task A_snapshot_with_unusable_rows_shows_the_other_rows_live_and_counts_and_logs_what_it_skipped()
    {
        var account = _simulator.Exchange.CreateAccount(balanceDollars: 500m);
        var (first, second) = (_simulator.Exchange.MarketTickers[1], _simulator.Exchange.MarketTickers[2]);
        _simulator.Exchange.Trade(account.KeyId, first, ContractSide.Yes, TradeAction.Buy, 5, 0.40m);
        _simulator.Exchange.Trade(account.KeyId, second, ContractSide.No, TradeAction.Buy, 3, 0.30m);
        _rest.AddRow("""{"ticker":null,"position_fp":"2.00","market_exposure_dollars":"1.00"}""");
        _rest.AddRow("""{"ticker":"HOSTILE-NAN","position_fp":"NaN","market_exposure_dollars":"1.00"}""");
        _rest.AddRow("""{"ticker":"HOSTILE-HUGE","position_fp":"79228162514264337593543950335","market_exposure_dollars":"1e28"}""");

        var session = await _app.AuthenticateAsync(account.KeyId, account.PrivateKeyPem!);

        await Eventually.True(() => _app.Streams.GetStatus(session.UserId)?.State == ConnectionState.Connected, "connected");
        using var api = _app.CreateBearerClient(session.Token);
        var positions = await GetPositionsAsync(api);
        positions.Select(Ticker).Should().BeEquivalentTo([first, second], "the usable rows are shown, the others left out");
        Fp(positions.Single(p => Ticker(p) == first)).Should().Be(5m);
        _app.Services.GetRequiredService<PortfolioMetrics>().Snapshot().SkippedInputs
            .GetValueOrDefault(KalshiInputKind.MarketPosition).Should().BeGreaterThanOrEqualTo(3, "each unusable row of each snapshot is counted");
        _logs.Lines.Should().Contain(l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("Skipped an unusable MarketPosition", StringComparison.Ordinal) && l.Contains("HOSTILE-NAN", StringComparison.Ordinal),
            "each skipped row is logged with its ticker");
    }

    [Fact]
    public async Task Figures_that_overflow_decimal_are_no_figure_and_positions_answers_200_with_the_other_positions()
    {
        var account = _simulator.Exchange.CreateAccount(balanceDollars: 500m);
        var (first, second, third) = (_simulator.Exchange.MarketTickers[1], _simulator.Exchange.MarketTickers[2], _simulator.Exchange.MarketTickers[3]);
        _simulator.Exchange.Trade(account.KeyId, first, ContractSide.Yes, TradeAction.Buy, 5, 0.40m);
        _simulator.Exchange.Trade(account.KeyId, second, ContractSide.No, TradeAction.Buy, 3, 0.30m);
        // Both inside the input limits, yet $1e12 over 1e-28 contracts (the average entry) exceeds decimal.
        _rest.ReplaceRow(first, $$"""{"ticker":"{{first}}","position_fp":"{{Tiny}}","market_exposure_dollars":"1000000000000.00","realized_pnl_dollars":"-1000000000000.00","fees_paid_dollars":"1000000000000.00"}""");
        // 1e9 contracts bought for 1e-28 dollars: the P&L's percentage of that cost exceeds decimal.
        _rest.AddRow($$"""{"ticker":"{{third}}","position_fp":"1000000000.00","market_exposure_dollars":"{{Tiny}}","realized_pnl_dollars":"0","fees_paid_dollars":"0"}""");

        var session = await _app.AuthenticateAsync(account.KeyId, account.PrivateKeyPem!);

        await Eventually.True(() => _app.Streams.GetStatus(session.UserId)?.State == ConnectionState.Connected, "connected");
        using var api = _app.CreateBearerClient(session.Token);
        var positions = await Eventually.WaitAsync(() => GetPositionsAsync(api), p => p.Any(x => Ticker(x) == third && !IsNull(x, "current_price_dollars")), "the third market marked");
        positions.Select(Ticker).Should().BeEquivalentTo([first, second, third]);
        var tiny = positions.Single(p => Ticker(p) == first);
        Fp(tiny).Should().Be(TinyValue);
        IsNull(tiny, "avg_entry_price_dollars").Should().BeTrue("an average that overflows is no figure");
        Money(tiny, "cost_dollars").Should().Be(1_000_000_000_000m);
        IsNull(positions.Single(p => Ticker(p) == third), "unrealized_pnl_percent").Should().BeTrue("a percentage that overflows is no figure");
        Money(positions.Single(p => Ticker(p) == third), "unrealized_pnl_dollars").Should().BePositive();
        var other = positions.Single(p => Ticker(p) == second);
        Fp(other).Should().Be(-3m);
        Money(other, "avg_entry_price_dollars").Should().Be(0.30m, "the other positions are whole");
        await AssertOkWithoutStackTraceAsync(api, "/api/v1/account/portfolio");
        _app.Streams.GetStatus(session.UserId)!.State.Should().Be(ConnectionState.Connected);
        _sockets.Created.Should().Be(1, "the link never ended");
        NoHandlerFailures();
    }

    [Fact]
    public async Task Hostile_frames_over_the_socket_do_not_end_the_link()
    {
        var account = _simulator.Exchange.CreateAccount(balanceDollars: 500m);
        var (first, second) = (_simulator.Exchange.MarketTickers[4], _simulator.Exchange.MarketTickers[5]);
        _simulator.Exchange.Trade(account.KeyId, first, ContractSide.Yes, TradeAction.Buy, 5, 0.40m);
        _simulator.Exchange.Trade(account.KeyId, second, ContractSide.No, TradeAction.Buy, 3, 0.30m);
        var session = await _app.AuthenticateAsync(account.KeyId, account.PrivateKeyPem!);
        await Eventually.True(() => _app.Streams.GetStatus(session.UserId)?.State == ConnectionState.Connected, "connected");
        using var api = _app.CreateBearerClient(session.Token);
        var socket = _sockets.Current!;
        var malformedBefore = _app.Services.GetRequiredService<PortfolioMetrics>().Snapshot().MalformedFrames;

        // Inside the limits, yet its average entry ($1e12 over 1e-28 contracts) overflows decimal. REST says the same,
        // so a reconcile at any moment agrees with the socket.
        _rest.ReplaceRow(first, $$"""{"ticker":"{{first}}","position_fp":"{{Tiny}}","market_exposure_dollars":"1000000000000.00","realized_pnl_dollars":"-1000000000000.00","fees_paid_dollars":"0"}""");
        socket.Inject($$$"""{"type":"market_position","sid":90,"msg":{"market_ticker":"{{{first}}}","position_fp":"{{{Tiny}}}","position_cost_dollars":"1000000000000.00","realized_pnl_dollars":"-1000000000000.00","fees_paid_dollars":"0"}}""");
        var tiny = await Eventually.WaitAsync(
            async () => (await GetPositionsAsync(api)).SingleOrDefault(p => Ticker(p) == first),
            p => p.ValueKind == JsonValueKind.Object && Fp(p) == TinyValue, "the tiny position applied");
        IsNull(tiny, "avg_entry_price_dollars").Should().BeTrue("an average that overflows is no figure");

        // Beyond the limits: unusable where parsed, skipped.
        socket.Inject($$$"""{"type":"market_position","sid":90,"msg":{"market_ticker":"{{{first}}}","position_fp":"79228162514264337593543950335","position_cost_dollars":"79228162514264337593543950335"}}""");
        socket.Inject($$$"""{"type":"ticker","sid":91,"msg":{"market_ticker":"{{{first}}}","yes_bid_dollars":"1e28","yes_ask_dollars":"-1e28","price_dollars":"NaN","ts":1781159370}}""");
        // Broken text is replaced, not fatal: an escaped lone surrogate, and a lone surrogate in the frame's own text.
        socket.Inject($$$"""{"type":"ticker","sid":91,"msg":{"market_ticker":"{{{first}}}","market_id":"\ud800","yes_bid_dollars":"0.41","yes_ask_dollars":"0.43","ts":1781159370}}""");
        socket.Inject($$$"""{"type":"ticker","sid":91,"msg":{"market_ticker":"{{{first}}}","market_id":"{{{'\uDC00'}}}","yes_bid_dollars":"0.41","yes_ask_dollars":"0.43","ts":1781159370}}""");
        await Eventually.True(
            () => _app.Services.GetRequiredService<PortfolioMetrics>().Snapshot().MalformedFrames >= malformedBefore + 2,
            "the out-of-range frames counted as unusable");

        // The link lives on: the next real fill arrives over the same socket and every endpoint answers.
        _simulator.Exchange.Trade(account.KeyId, second, ContractSide.No, TradeAction.Buy, 1, 0.30m);
        await Eventually.TrueAsync(async () => (await GetPositionsAsync(api)).Any(p => Ticker(p) == second && Fp(p) == -4m), "the next fill applied");
        _app.Streams.GetStatus(session.UserId)!.State.Should().Be(ConnectionState.Connected);
        _sockets.Created.Should().Be(1, "no frame ended the socket");
        await AssertOkWithoutStackTraceAsync(api, "/api/v1/account/portfolio");
        NoHandlerFailures();
    }

    [Fact]
    public async Task A_lone_surrogate_or_broken_utf8_in_a_rest_body_is_replaced_and_does_not_end_the_link()
    {
        var account = _simulator.Exchange.CreateAccount(balanceDollars: 500m);
        var (first, second) = (_simulator.Exchange.MarketTickers[6], _simulator.Exchange.MarketTickers[7]);
        _simulator.Exchange.Trade(account.KeyId, first, ContractSide.Yes, TradeAction.Buy, 5, 0.40m);
        _simulator.Exchange.Trade(account.KeyId, second, ContractSide.No, TradeAction.Buy, 3, 0.30m);
        _rest.SetTitle(first, Encoding.UTF8.GetBytes("\"Will \\ud800 win?\""));
        // A surrogate encoded as UTF-8 (ED A0 80) is not UTF-8 at all.
        _rest.SetTitle(second, [.. "\"Broken "u8, 0xED, 0xA0, 0x80, .. " bytes\""u8]);

        var session = await _app.AuthenticateAsync(account.KeyId, account.PrivateKeyPem!);

        await Eventually.True(() => _app.Streams.GetStatus(session.UserId)?.State == ConnectionState.Connected, "connected");
        using var api = _app.CreateBearerClient(session.Token);
        var positions = await GetPositionsAsync(api);
        positions.Single(p => Ticker(p) == first).GetProperty("market_title").GetString().Should().Be("Will \uFFFD win?");
        var broken = positions.Single(p => Ticker(p) == second).GetProperty("market_title").GetString();
        broken.Should().StartWith("Broken ").And.EndWith(" bytes").And.Contain("\uFFFD");
        _sockets.Created.Should().Be(1, "the link never ended");
        NoHandlerFailures();
    }

    private void NoHandlerFailures() =>
        _logs.Lines.Should().NotContain(l => l.StartsWith("Error", StringComparison.Ordinal) || l.StartsWith("Critical", StringComparison.Ordinal),
            "no exchange input made any part of the app fail");

    private static string? Ticker(JsonElement position) => position.GetProperty("ticker").GetString();

    private static bool IsNull(JsonElement position, string name) => position.GetProperty(name).ValueKind == JsonValueKind.Null;

    private static decimal Fp(JsonElement position) => Money(position, "position_fp");

    private static decimal Money(JsonElement position, string name) =>
        decimal.Parse(position.GetProperty(name).GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static async Task AssertOkWithoutStackTraceAsync(HttpClient api, string path)
    {
        using var response = await api.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, body);
        body.Should().NotContain("   at ", "no stack trace in a response");
    }

    private static async Task<List<JsonElement>> GetPositionsAsync(HttpClient api)
    {
        using var response = await api.GetAsync("/api/v1/account/positions");
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, body);
        body.Should().NotContain("   at ", "no stack trace in a response");
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("positions").EnumerateArray().Select(p => p.Clone()).ToList();
    }

    /// <summary>What the hostile stand-in changes in the simulator's REST answers.</summary>
    private sealed class HostileRest
    {
        private readonly Lock _gate = new();
        private readonly List<string> _added = [];
        private readonly Dictionary<string, string> _replaced = new(StringComparer.Ordinal);
        private readonly Dictionary<string, byte[]> _titles = new(StringComparer.Ordinal);

        /// <summary>A row to add to every <c>GET /portfolio/positions</c> answer.</summary>
        public void AddRow(string json)
        {
            lock (_gate)
            {
                _added.Add(json);
            }
        }

        /// <summary>The row that replaces the market's real row in every <c>GET /portfolio/positions</c> answer.</summary>
        public void ReplaceRow(string ticker, string json)
        {
            lock (_gate)
            {
                _replaced[ticker] = json;
            }
        }

        /// <summary>The market's <c>title</c> in <c>GET /markets</c> answers, as raw bytes of a JSON string.</summary>
        public void SetTitle(string ticker, byte[] jsonString)
        {
            lock (_gate)
            {
                _titles[ticker] = jsonString;
            }
        }

        public (List<string> Added, Dictionary<string, string> Replaced, Dictionary<string, byte[]> Titles) Read()
        {
            lock (_gate)
            {
                return ([.. _added], new(_replaced, StringComparer.Ordinal), new(_titles, StringComparer.Ordinal));
            }
        }
    }

    private sealed class HostileRestHandler(HostileRest hostile) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            var path = request.RequestUri?.AbsolutePath ?? "";
            if (!response.IsSuccessStatusCode || response.Content is null)
            {
                return response;
            }

            var (added, replaced, titles) = hostile.Read();
            if (path.EndsWith("/portfolio/positions", StringComparison.Ordinal) && (added.Count > 0 || replaced.Count > 0))
            {
                var root = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!;
                var list = root["market_positions"]!.AsArray();
                var rows = list.Select(row => row!.DeepClone()).ToList();
                list.Clear();
                foreach (var row in rows)
                {
                    var ticker = row["ticker"]?.GetValue<string>() ?? "";
                    list.Add(replaced.TryGetValue(ticker, out var replacement) ? JsonNode.Parse(replacement) : row);
                }
                foreach (var (ticker, replacement) in replaced.Where(r => rows.All(row => row["ticker"]?.GetValue<string>() != r.Key)))
                {
                    list.Add(JsonNode.Parse(replacement));
                }
                foreach (var row in added)
                {
                    list.Add(JsonNode.Parse(row));
                }
                response.Content = new StringContent(root.ToJsonString(), Encoding.UTF8, "application/json");
            }
            else if (path.Contains("/markets", StringComparison.Ordinal) && titles.Count > 0)
            {
                var root = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!;
                IEnumerable<JsonNode?> markets = root["markets"] is JsonArray array ? array : [root["market"]];
                // Placeholders first: a JsonNode cannot hold broken text, so the hostile bytes go in after serializing.
                var placeholders = new Dictionary<string, byte[]>(StringComparer.Ordinal);
                foreach (var market in markets.OfType<JsonObject>())
                {
                    if (market["ticker"]?.GetValue<string>() is { } ticker && titles.TryGetValue(ticker, out var title))
                    {
                        var placeholder = $"hostile-title-{placeholders.Count}";
                        market["title"] = placeholder;
                        placeholders[$"\"{placeholder}\""] = title;
                    }
                }
                var body = root.ToJsonString();
                var bytes = new List<byte>();
                var at = 0;
                while (at < body.Length)
                {
                    var next = placeholders.Keys.Select(k => (Key: k, Index: body.IndexOf(k, at, StringComparison.Ordinal))).Where(h => h.Index >= 0).OrderBy(h => h.Index).FirstOrDefault();
                    if (next.Key is null)
                    {
                        bytes.AddRange(Encoding.UTF8.GetBytes(body[at..]));
                        break;
                    }
                    bytes.AddRange(Encoding.UTF8.GetBytes(body[at..next.Index]));
                    bytes.AddRange(placeholders[next.Key]);
                    at = next.Index + next.Key.Length;
                }
                response.Content = new ByteArrayContent([.. bytes]);
                response.Content.Headers.ContentType = new("application/json") { CharSet = "utf-8" };
            }
            return response;
        }
    }

    /// <summary>The app's real sockets, each of which a test can make deliver a frame of its own.</summary>
    private sealed class InjectingSocketFactory(IKalshiSocketFactory inner, InjectingSocketFactory.Holder holder) : IKalshiSocketFactory
    {
        public IKalshiSocket Create(Uri webSocketUri, KalshiSigner signer) => holder.Track(new InjectableSocket(inner.Create(webSocketUri, signer)));

        public sealed class Holder
        {
            private int _created;
            private volatile InjectableSocket? _current;

            public InjectableSocket? Current => _current;

            public int Created => Volatile.Read(ref _created);

            internal InjectableSocket Track(InjectableSocket socket)
            {
                Interlocked.Increment(ref _created);
                _current = socket;
                return socket;
            }
        }
    }

    private sealed class InjectableSocket(IKalshiSocket inner) : IKalshiSocket
    {
        private readonly Lock _gate = new();

        public event Action<string>? MessageReceived;

        public event Action<string>? Closed
        {
            add => inner.Closed += value;
            remove => inner.Closed -= value;
        }

        public async Task ConnectAsync(CancellationToken cancellationToken)
        {
            inner.MessageReceived += Deliver;
            await inner.ConnectAsync(cancellationToken);
        }

        /// <summary>Delivers <paramref name="frame"/> as if Kalshi had sent it, in turn with the real frames.</summary>
        public void Inject(string frame) => Deliver(frame);

        public bool Send(string text) => inner.Send(text);

        public Task CloseAsync(string reason) => inner.CloseAsync(reason);

        public ValueTask DisposeAsync() => inner.DisposeAsync();

        // One frame at a time, as a socket's receive loop delivers them.
        private void Deliver(string frame)
        {
            lock (_gate)
            {
                MessageReceived?.Invoke(frame);
            }
        }
    }
}
