using System.Text.Json;
using KalshiPortfolio.Core.Kalshi.WebSockets;
using KalshiPortfolio.Tests.TestSupport;

namespace KalshiPortfolio.Tests.Kalshi;

[Trait("Category", "Unit")]
public sealed class KalshiWsCommandsTests
{
    private const string Lep = "KXWTACHALLENGERMATCH-26JUN11JIMLEP-LEP";

    [Fact]
    public void Subscribe_matches_the_recorded_subscribe_command()
    {
        var command = new KalshiWsCommands().Subscribe([KalshiWsChannels.OrderbookDelta, KalshiWsChannels.Trade], [Lep]);

        command.Json.Should().Be("{\"id\":1,\"cmd\":\"subscribe\",\"params\":{\"channels\":[\"orderbook_delta\",\"trade\"],\"market_tickers\":[\"" + Lep + "\"]}}");
        (command.Id, command.Command).Should().Be((1L, "subscribe"));

        using var recorded = JsonDocument.Parse(File.ReadAllText(Path.Combine(KalshiCaptures.Directory, "ws__orderbook_trade_yes.meta.json")));
        var cmd = recorded.RootElement.GetProperty("subscribe_cmd");
        using var ours = JsonDocument.Parse(command.Json);
        ours.RootElement.GetProperty("id").GetInt64().Should().Be(cmd.GetProperty("id").GetInt64());
        ours.RootElement.GetProperty("cmd").GetString().Should().Be(cmd.GetProperty("cmd").GetString());
        foreach (var list in new[] { "channels", "market_tickers" })
        {
            Strings(ours.RootElement.GetProperty("params").GetProperty(list)).Should().Equal(Strings(cmd.GetProperty("params").GetProperty(list)));
        }

        static List<string?> Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()).ToList();
    }

    [Fact]
    public void Subscribe_without_tickers_omits_them_meaning_all_markets()
    {
        new KalshiWsCommands().Subscribe([KalshiWsChannels.Ticker]).Json
            .Should().Be("{\"id\":1,\"cmd\":\"subscribe\",\"params\":{\"channels\":[\"ticker\"]}}");
    }

    [Fact]
    public void Unsubscribe_update_and_list_have_kalshis_shapes_and_increasing_ids()
    {
        var commands = new KalshiWsCommands(firstId: 123);

        commands.Unsubscribe([1, 2]).Json.Should().Be("{\"id\":123,\"cmd\":\"unsubscribe\",\"params\":{\"sids\":[1,2]}}");
        commands.UpdateSubscription(456, ["A", "B"], KalshiWsUpdateAction.AddMarkets).Json
            .Should().Be("{\"id\":124,\"cmd\":\"update_subscription\",\"params\":{\"sids\":[456],\"market_tickers\":[\"A\",\"B\"],\"action\":\"add_markets\"}}");
        commands.UpdateSubscription(456, ["B"], KalshiWsUpdateAction.DeleteMarkets).Json
            .Should().Be("{\"id\":125,\"cmd\":\"update_subscription\",\"params\":{\"sids\":[456],\"market_tickers\":[\"B\"],\"action\":\"delete_markets\"}}");
        commands.ListSubscriptions().Json.Should().Be("{\"id\":126,\"cmd\":\"list_subscriptions\"}");
    }

    [Fact]
    public async Task Ids_stay_unique_when_commands_are_built_concurrently()
    {
        var commands = new KalshiWsCommands();

        var ids = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Task.Run(() => commands.ListSubscriptions().Id)));

        ids.Should().OnlyHaveUniqueItems().And.HaveCount(200);
        ids.Max().Should().Be(200);
    }

    [Fact]
    public void Values_are_json_escaped()
    {
        var json = new KalshiWsCommands().Subscribe([KalshiWsChannels.Ticker], ["A\"B\\C"]).Json;

        using var document = JsonDocument.Parse(json);
        document.RootElement.GetProperty("params").GetProperty("market_tickers")[0].GetString().Should().Be("A\"B\\C");
    }

    [Fact]
    public void Commands_without_their_required_values_are_refused()
    {
        var commands = new KalshiWsCommands();

        FluentActions.Invoking(() => commands.Subscribe([])).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => commands.Subscribe([" "])).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => commands.Unsubscribe([])).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => commands.UpdateSubscription(1, [], KalshiWsUpdateAction.AddMarkets)).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => new KalshiWsCommands(firstId: 0)).Should().Throw<ArgumentOutOfRangeException>();
        commands.ListSubscriptions().Id.Should().Be(1, "refused commands do not consume ids");
    }
}
