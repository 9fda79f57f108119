using System.Text;
using KalshiPortfolio.Bench.Soak;

namespace KalshiPortfolio.Tests.Bench.Soak;

/// <summary>An SSE client's view of the account, from the feed's events alone, and its count of lost events.</summary>
[Trait("Category", "Unit")]
public sealed class SseAccountStateTests
{
    [Fact]
    public void A_snapshot_then_updates_build_the_figures_the_client_shows()
    {
        var state = Connected();

        Apply(state, "100", """{"type":"snapshot","positions":[{"ticker":"KXA","position_fp":"5","cost_dollars":"2.5","realized_pnl_dollars":"0","fees_paid_dollars":"0.0875"},{"ticker":"KXB","position_fp":"-2","cost_dollars":"1","realized_pnl_dollars":"0","fees_paid_dollars":"0.03"}],"portfolio":{"cash_dollars":"50.0000"}}""");
        Apply(state, "101", """{"type":"position_update","position":{"ticker":"KXA","position_fp":"6","cost_dollars":"3.0","realized_pnl_dollars":"0","fees_paid_dollars":"0.1050"}}""");
        Apply(state, "102", """{"type":"position_closed","ticker":"KXB","position":null}""");
        Apply(state, "103", """{"type":"portfolio_update","portfolio":{"cash_dollars":"49.4825"}}""");
        Apply(state, "104", """{"type":"connection_status","connection_status":{"state":"connected","dropped_events":0}}""");

        var figures = state.Figures()!;
        figures.Cash.Should().Be(49.4825m);
        figures.Positions.Should().ContainSingle().Which.Should().Be(new KeyValuePair<string, PositionFigures>("KXA", new PositionFigures(6m, 3m, 0m, 0.105m)));
        state.LastEventId.Should().Be("104");
        (state.Lost, state.Repeated, state.Events, state.Snapshots).Should().Be((0, 0, 5, 1));
    }

    [Fact]
    public void A_gap_in_the_ids_counts_the_events_lost_and_a_snapshot_starts_afresh()
    {
        var state = Connected();

        Apply(state, "10", Snapshot());
        Apply(state, "11", Cash("1"));
        Apply(state, "14", Cash("2"));           // 12 and 13 never came
        Apply(state, "14", Cash("3"));           // again: ignored
        Apply(state, "900", Snapshot());         // a new instance's numbering
        Apply(state, "901", Cash("4"));
        Apply(state, "901", """{"type":"session_expired","reason":"expired"}"""); // carries the last id, not one of its own

        state.Lost.Should().Be(2);
        state.Repeated.Should().Be(1);
        state.SessionExpired.Should().Be(1);
        state.Figures()!.Cash.Should().Be(4m);
    }

    [Fact]
    public void A_position_update_with_no_contracts_removes_the_position_and_dropped_events_are_noted()
    {
        var state = Connected();
        Apply(state, "1", """{"type":"snapshot","positions":[{"ticker":"KXA","position_fp":"5","cost_dollars":"2.5","realized_pnl_dollars":"0","fees_paid_dollars":"0"}],"portfolio":{"cash_dollars":"1"}}""");

        Apply(state, "2", """{"type":"position_update","position":{"ticker":"KXA","position_fp":"0","cost_dollars":"0","realized_pnl_dollars":"0.4","fees_paid_dollars":"0"}}""");
        Apply(state, "3", """{"type":"connection_status","connection_status":{"state":"degraded","dropped_events":7}}""");

        state.Figures()!.Positions.Should().BeEmpty();
        state.ReportedDropped.Should().Be(7);
    }

    [Fact]
    public void Between_connections_and_before_anything_is_heard_again_the_client_shows_nothing_current()
    {
        var state = new SseAccountState();
        state.Figures().Should().BeNull("no stream yet");
        state.OnConnected();
        state.Figures().Should().BeNull("no snapshot yet");
        Apply(state, "5", Snapshot());
        state.Figures().Should().NotBeNull();

        state.OnDisconnected();
        state.Figures().Should().BeNull("the stream is down");
        state.OnConnected();
        state.Figures().Should().BeNull("the replay or the new snapshot has not arrived");
        state.LastEventId.Should().Be("5", "the client resumes from it");
        Apply(state, "6", Cash("2"));
        state.Figures()!.Cash.Should().Be(2m);
    }

    private static SseAccountState Connected()
    {
        var state = new SseAccountState();
        state.OnConnected();
        return state;
    }

    private static string Snapshot() => """{"type":"snapshot","positions":[],"portfolio":{"cash_dollars":"0"}}""";

    private static string Cash(string cash) => $$$"""{"type":"portfolio_update","portfolio":{"cash_dollars":"{{{cash}}}"}}""";

    private static void Apply(SseAccountState state, string id, string json) => state.Apply(id, Encoding.UTF8.GetBytes(json));
}
