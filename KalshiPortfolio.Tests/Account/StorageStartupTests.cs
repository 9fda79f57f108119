using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using KalshiPortfolio.Tests.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KalshiPortfolio.Tests.Account;

/// <summary>
/// Damaged storage found at start (<c>Storage:OnCorruption</c>): a database or Data Protection key ring that cannot
/// be read is moved aside as <c>*.corrupt-&lt;UTC time&gt;</c>, with a log line naming both files, and the app starts
/// fresh (Kalshi restores the positions; users sign in again); with <c>Refuse</c> the app does not start and says why.
/// </summary>
[Trait("Category", "Integration")]
public sealed class StorageStartupTests : IAsyncLifetime
{
    private AccountSimulator _simulator = null!;
    private SimAccount _account = null!;
    private readonly string _dataDirectory = PortfolioAppFactory.NewDataDirectory();

    public async Task InitializeAsync()
    {
        _simulator = await AccountSimulator.StartAsync();
        _account = await _simulator.CreateAccountAsync(100m);
        Directory.CreateDirectory(_dataDirectory);
    }

    public async Task DisposeAsync() => await _simulator.DisposeAsync();

    private string DatabasePath => Path.Combine(_dataDirectory, "kalshiportfolio.db");

    private string KeyRingPath => Path.Combine(_dataDirectory, "keys");

    public enum Damage
    {
        /// <summary>Not a database at all (SQLite: "file is not a database").</summary>
        Garbage,

        /// <summary>A valid header and schema, but a table's pages overwritten (found by <c>PRAGMA quick_check</c>).</summary>
        DamagedPages,
    }

    [Theory]
    [InlineData(Damage.Garbage)]
    [InlineData(Damage.DamagedPages)]
    public async Task A_damaged_database_is_moved_aside_at_start_with_a_log_line_naming_both_files_and_sign_in_works_on_a_fresh_one(Damage damage)
    {
        var damaged = damage == Damage.Garbage ? WriteGarbageDatabase() : WriteDatabaseWithDamagedPages();
        var logs = new CapturingLoggerProvider();

        await using var app = new PortfolioAppFactory(_simulator.BaseUri, _dataDirectory, services: s => s.AddSingleton<ILoggerProvider>(logs));
        var session = await app.SignInAsync(_account);

        var movedTo = Directory.GetFiles(_dataDirectory, "kalshiportfolio.db.corrupt-*").Should().ContainSingle().Subject;
        (await File.ReadAllBytesAsync(movedTo)).Should().Equal(damaged, "the damaged file is kept as it was, for inspection");
        logs.Lines.Should().ContainSingle(l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("is damaged", StringComparison.Ordinal))
            .Which.Should().Contain(DatabasePath + " ").And.Contain(movedTo);
        (await app.QueryDbAsync(db => Task.FromResult(db.UserCredentials.Count()))).Should().Be(1, "the fresh database took the new sign-in");
        using var reader = app.CreateBearerClient(session.Token);
        (await reader.GetApiAsync(AccountApi.Portfolio)).ShouldBeOk();
    }

    [Fact]
    public async Task With_OnCorruption_Refuse_a_damaged_database_stops_the_start_with_exit_code_1_and_a_message_naming_the_file()
    {
        var damaged = WriteGarbageDatabase();

        var (exitCode, output) = await RunAppAsync("--Storage:OnCorruption=Refuse");

        exitCode.Should().Be(1, "the app must not start; its output was:\n{0}", output);
        output.Should().Contain(DatabasePath).And.Contain("is damaged").And.Contain("Storage:OnCorruption is Refuse")
            .And.NotContain("Application started");
        (await File.ReadAllBytesAsync(DatabasePath)).Should().Equal(damaged, "a refused start leaves the file where it is");
        Directory.GetFiles(_dataDirectory, "*.corrupt-*").Should().BeEmpty();
    }

    [Fact]
    public async Task A_key_ring_that_cannot_be_read_is_moved_aside_at_start_and_the_app_starts_with_a_fresh_one_where_users_sign_in_again()
    {
        SignedIn session;
        await using (var before = new PortfolioAppFactory(_simulator.BaseUri, _dataDirectory))
        {
            session = await before.SignInAsync(_account);
        }
        var keyFile = Directory.GetFiles(KeyRingPath, "key-*.xml").Should().ContainSingle().Subject;
        await File.WriteAllTextAsync(keyFile, "<key id=\"not closed\"><descriptor>\u0000garbage");
        var logs = new CapturingLoggerProvider();

        await using var after = new PortfolioAppFactory(_simulator.BaseUri, _dataDirectory, services: s => s.AddSingleton<ILoggerProvider>(logs));
        using var reader = after.CreateBearerClient(session.Token);
        var signedOut = await reader.GetApiAsync(AccountApi.Positions);

        var movedTo = Directory.GetDirectories(_dataDirectory, "keys.corrupt-*").Should().ContainSingle().Subject;
        File.Exists(Path.Combine(movedTo, Path.GetFileName(keyFile))).Should().BeTrue("the damaged ring is kept, for inspection");
        Directory.GetFiles(KeyRingPath, "key-*.xml").Should().ContainSingle("a fresh ring has a new key")
            .Which.Should().NotEndWith(Path.GetFileName(keyFile));
        logs.Lines.Should().ContainSingle(l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("key ring", StringComparison.Ordinal))
            .Which.Should().Contain(KeyRingPath + " ").And.Contain(movedTo);
        signedOut.ShouldBeError(HttpStatusCode.Unauthorized).Code.Should().Be("signed_out", "the stored key cannot be read with the new ring");
        signedOut.ShouldCarryNoStackTrace();
        var again = await after.SignInAsync(_account);
        using var signedIn = after.CreateBearerClient(again.Token);
        (await signedIn.GetApiAsync(AccountApi.Portfolio)).ShouldBeOk();
    }

    private byte[] WriteGarbageDatabase()
    {
        var garbage = new byte[16 * 1024];
        new Random(11).NextBytes(garbage);
        File.WriteAllBytes(DatabasePath, garbage);
        return garbage;
    }

    // A real SQLite database (rollback journal, so nothing waits in a WAL) whose table pages are then overwritten.
    private byte[] WriteDatabaseWithDamagedPages()
    {
        const int pageSize = 4096;
        using (var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"""
                PRAGMA page_size = {pageSize};
                CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL);
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
                INSERT INTO notes (body) SELECT printf('note %d, long enough to fill a few pages', i) FROM n;
                """;
            command.ExecuteNonQuery();
        }
        var bytes = File.ReadAllBytes(DatabasePath);
        bytes.Length.Should().BeGreaterThan(4 * pageSize);
        var garbage = new byte[bytes.Length - pageSize];
        new Random(7).NextBytes(garbage);
        garbage.CopyTo(bytes, pageSize);
        File.WriteAllBytes(DatabasePath, bytes);
        return bytes;
    }

    // The real app in its own process (as DataDirectorySettingTests runs it): its exit code and everything it wrote.
    private async Task<(int ExitCode, string Output)> RunAppAsync(params string[] arguments)
    {
        var contentRoot = Directory.CreateTempSubdirectory("kp-content-").FullName;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = contentRoot,
        };
        foreach (var argument in new[]
        {
            Path.Combine(AppContext.BaseDirectory, "KalshiPortfolio.Web.dll"), $"--DataDirectory={_dataDirectory}", $"--contentRoot={contentRoot}",
            "--urls=http://127.0.0.1:0", "--Simulator:Enabled=false", $"--Simulator:Url={_simulator.BaseUri}",
        }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var output = new ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => output.Enqueue(e.Data ?? "");
        process.ErrorDataReceived += (_, e) => output.Enqueue("stderr: " + e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException("The app did not exit within 60 s; its output was:\n" + string.Join('\n', output));
        }
        return (process.ExitCode, string.Join('\n', output));
    }
}
