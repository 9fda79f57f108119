using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace KalshiPortfolio.Bench.Servers;

/// <summary>
/// A server under test in its own process (the app or the floor relay), so its CPU time and peak memory are its
/// own. Output goes to a log file; stopping sends SIGTERM (graceful shutdown), then kills after a grace period.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Lock _logGate = new();
    private bool _logClosed;

    private ServerProcess(Process process, StreamWriter log, Uri baseUri, string name)
    {
        _process = process;
        _log = log;
        BaseUri = baseUri;
        Name = name;
    }

    public string Name { get; }

    public Uri BaseUri { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Starts <c>dotnet {arguments}</c> and waits until <paramref name="healthPath"/> answers 200.</summary>
    public static async Task<ServerProcess> StartAsync(
        string name,
        IEnumerable<string> arguments,
        string workingDirectory,
        Uri baseUri,
        string logPath,
        IReadOnlyDictionary<string, string>? environment = null,
        string healthPath = "/healthz",
        TimeSpan? timeout = null)
    {
        var info = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        // The child decides its own environment: nothing of the bench's leaks in (e.g. ASPNETCORE_ENVIRONMENT).
        foreach (var key in new[] { "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT", "ASPNETCORE_URLS", "DOTNET_gcServer", "DOTNET_GCgen0size" })
        {
            info.Environment.Remove(key);
        }
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(logPath)!);
        var log = new StreamWriter(logPath, append: false) { AutoFlush = false };
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var server = new ServerProcess(process, log, baseUri, name);
        process.OutputDataReceived += (_, e) => server.WriteLog(e.Data);
        process.ErrorDataReceived += (_, e) => server.WriteLog(e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException($"Could not start {name}.");
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.GetTimestamp() + (long)((timeout ?? TimeSpan.FromSeconds(90)).TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            if (process.HasExited)
            {
                var exitCode = process.ExitCode; // read before the dispose releases the process
                await server.DisposeAsync();
                throw new InvalidOperationException($"{name} exited with code {exitCode} during start; see {logPath}.");
            }
            try
            {
                using var response = await http.GetAsync(new Uri(baseUri, healthPath));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            if (Stopwatch.GetTimestamp() > deadline)
            {
                await server.DisposeAsync();
                throw new TimeoutException($"{name} did not become healthy at {baseUri}; see {logPath}.");
            }
            await Task.Delay(100);
        }
    }

    /// <summary>A free loopback TCP port (bound and released: another process could take it first, which is unlikely here).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The muxer running this process (<c>dotnet</c>), also for apps built as framework-dependent dlls.</summary>
    public static string DotnetHost()
    {
        var path = Environment.ProcessPath;
        if (path is not null && Path.GetFileNameWithoutExtension(path) == "dotnet")
        {
            return path;
        }
        var root = Environment.GetEnvironmentVariable("DOTNET_ROOT");
        var candidate = root is null ? null : Path.Combine(root, "dotnet");
        return candidate is not null && File.Exists(candidate) ? candidate : "dotnet";
    }

    private void WriteLog(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_logGate)
        {
            if (!_logClosed)
            {
                _log.WriteLine(line);
            }
        }
    }

    /// <summary>Sends SIGTERM and waits up to <paramref name="grace"/> for the exit, then kills. Returns how long the exit took and whether it had to be killed.</summary>
    public async Task<(TimeSpan Elapsed, bool Killed)> TerminateAsync(TimeSpan grace)
    {
        var started = Stopwatch.GetTimestamp();
        if (_process.HasExited)
        {
            return (TimeSpan.Zero, false);
        }
        NativeMethods.kill(_process.Id, NativeMethods.SigTerm);
        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
            return (Stopwatch.GetElapsedTime(started), false);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
            return (Stopwatch.GetElapsedTime(started), true);
        }
    }

    /// <summary>SIGKILL: the process ends at once, with no shutdown of its own.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                NativeMethods.kill(_process.Id, NativeMethods.SigTerm);
                using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                try
                {
                    await _process.WaitForExitAsync(grace.Token);
                }
                catch (OperationCanceledException)
                {
                    _process.Kill(entireProcessTree: true);
                    await _process.WaitForExitAsync();
                }
            }
        }
        catch (InvalidOperationException)
        {
            // never started
        }
        lock (_logGate)
        {
            _logClosed = true;
            _log.Flush();
            _log.Dispose();
        }
        _process.Dispose();
    }
}
