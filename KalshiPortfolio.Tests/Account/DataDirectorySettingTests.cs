using System.Diagnostics;
using KalshiPortfolio.Simulator;
using KalshiPortfolio.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KalshiPortfolio.Tests.Account;

/// <summary>
/// One data directory, chosen by the <c>DataDirectory</c> setting (also <c>--DataDirectory=/path</c> on the command
/// line), holds everything the app keeps: the database, the key ring, the session key and the embedded simulator's
/// demo key.
/// </summary>
[Trait("Category", "Integration")]
public sealed class DataDirectorySettingTests
{
    [Fact]
    public async Task The_app_started_with_DataDirectory_on_its_command_line_keeps_everything_there()
    {
        var contentRoot = Directory.CreateTempSubdirectory("kp-content-").FullName;
        var dataDirectory = Path.Combine(PortfolioAppFactory.NewDataDirectory(), "chosen");
        var app = Path.Combine(AppContext.BaseDirectory, "KalshiPortfolio.Web.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList =
            {
                app, $"--DataDirectory={dataDirectory}", $"--contentRoot={contentRoot}",
                "--urls=http://127.0.0.1:0", "--Simulator:Enabled=false", "--Logging:LogLevel:Default=Information",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = contentRoot,
        };
        using var process = Process.Start(start)!;
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }
            output.Enqueue(e.Data);
            if (e.Data.Contains("Application started", StringComparison.Ordinal))
            {
                started.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, e) => output.Enqueue("stderr: " + e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var ready = await Task.WhenAny(started.Task, process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(60)));
            ready.Should().Be(started.Task, "the app should start; its output was:\n{0}", string.Join('\n', output));

            File.Exists(Path.Combine(dataDirectory, "kalshiportfolio.db")).Should().BeTrue();
            File.Exists(Path.Combine(dataDirectory, "session-signing.key")).Should().BeTrue();
            Directory.Exists(Path.Combine(dataDirectory, "keys")).Should().BeTrue();
            Directory.Exists(Path.Combine(contentRoot, "data")).Should().BeFalse("nothing is kept in the default place");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
                await process.WaitForExitAsync();
            }
        }
    }

    [Fact]
    public async Task The_embedded_simulator_keeps_its_demo_key_in_the_data_directory()
    {
        await using var app = new PortfolioAppFactory(new Uri("http://127.0.0.1:9"));

        var options = app.Services.GetRequiredService<IOptions<SimulatorOptions>>().Value;

        options.DataDirectory.Should().Be(Path.Combine(app.DataDirectory, "simulator"));
    }

    [Fact]
    public async Task An_explicit_simulator_data_directory_is_kept()
    {
        var elsewhere = Path.Combine(Path.GetTempPath(), "kp-sim-" + Guid.NewGuid().ToString("N"));
        await using var app = new PortfolioAppFactory(new Uri("http://127.0.0.1:9"),
            settings: new Dictionary<string, string?> { ["Simulator:DataDirectory"] = elsewhere });

        app.Services.GetRequiredService<IOptions<SimulatorOptions>>().Value.DataDirectory.Should().Be(elsewhere);
    }
}
