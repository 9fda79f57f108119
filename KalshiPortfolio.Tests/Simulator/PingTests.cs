using System.Text;
using KalshiPortfolio.Tests.Simulator.Support;

namespace KalshiPortfolio.Tests.Simulator;

/// <summary>The heartbeat: a Ping control frame with payload <c>heartbeat</c> every 10 s of the simulator's clock.</summary>
[Trait("Category", "Integration")]
public sealed class PingTests : IAsyncLifetime
{
    private SimulatorTestHost _sim = null!;
    private KalshiSigner _signer = null!;

    public async Task InitializeAsync()
    {
        _sim = await SimulatorTestHost.StartAsync();
        _signer = await _sim.CreateAccountAsync();
    }

    public async Task DisposeAsync() => await _sim.DisposeAsync();

    [Fact]
    public async Task A_ping_frame_with_payload_heartbeat_arrives_every_ten_seconds()
    {
        await using var raw = await RawWebSocketClient.ConnectAsync(_sim.Host.BaseUri, _signer);
        await WaitForConnectionsAsync(1);

        _sim.Time!.Advance(TimeSpan.FromSeconds(9));
        _sim.Time.Advance(TimeSpan.FromSeconds(1));
        var (opcode, payload) = await raw.ReadFrameAsync();

        opcode.Should().Be(0x9);
        Encoding.ASCII.GetString(payload).Should().Be("heartbeat");
        _sim.Host.WebSocketPingsSent.Should().Be(1);

        _sim.Time.Advance(TimeSpan.FromSeconds(10));
        (await raw.ReadFrameAsync()).Opcode.Should().Be(0x9);
    }

    [Fact]
    public async Task No_ping_is_sent_before_the_interval()
    {
        await using var raw = await RawWebSocketClient.ConnectAsync(_sim.Host.BaseUri, _signer);
        await WaitForConnectionsAsync(1);

        _sim.Time!.Advance(TimeSpan.FromSeconds(9.9));
        await raw.SendFrameAsync(0x1, Encoding.UTF8.GetBytes("""{"id":1,"cmd":"list_subscriptions"}"""));

        var (opcode, payload) = await raw.ReadFrameAsync();
        opcode.Should().Be(0x1, "the command's answer comes first: no ping before 10 s");
        Encoding.UTF8.GetString(payload).Should().Contain("\"type\":\"ok\"");
        _sim.Host.WebSocketPingsSent.Should().Be(0);
    }

    [Fact]
    public async Task Client_pings_are_answered_with_a_pong_carrying_the_same_payload()
    {
        await using var raw = await RawWebSocketClient.ConnectAsync(_sim.Host.BaseUri, _signer);

        await raw.SendFrameAsync(0x9, Encoding.ASCII.GetBytes("are you there"));

        var (opcode, payload) = await raw.ReadFrameAsync();
        opcode.Should().Be(0xA);
        Encoding.ASCII.GetString(payload).Should().Be("are you there");
    }

    [Fact]
    public async Task A_dotnet_client_socket_stays_open_across_pings()
    {
        var socket = await _sim.ConnectAsync(_signer);
        await WaitForConnectionsAsync(1);

        for (var i = 0; i < 3; i++) _sim.Time!.Advance(TimeSpan.FromSeconds(10));
        await socket.SendAsync(new { id = 7, cmd = "list_subscriptions" });

        (await socket.NextAsync()).GetProperty("id").GetInt32().Should().Be(7);
        await WaitUntilAsync(() => _sim.Host.WebSocketPingsSent == 3);
    }

    private Task WaitForConnectionsAsync(int count) => WaitUntilAsync(() => _sim.Host.WebSocketConnections == count);

    /// <summary>Polls a condition the server updates asynchronously (no fixed sleeps; fails after 10 s).</summary>
    internal static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("condition not met in time");
            await Task.Yield();
            await Task.Delay(5);
        }
    }
}
