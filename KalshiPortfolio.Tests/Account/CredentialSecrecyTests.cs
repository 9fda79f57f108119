using System.Net;
using System.Security.Cryptography;
using System.Text;
using KalshiPortfolio.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;

namespace KalshiPortfolio.Tests.Account;

/// <summary>
/// A Kalshi key never appears in plain text on disk, in a log line (at any level, any category) or in a response;
/// neither does a session token in a log line. Every file under the data directory is read as bytes.
/// </summary>
[Trait("Category", "Integration")]
public sealed class CredentialSecrecyTests(CredentialSecrecyTests.Fixture fixture) : IClassFixture<CredentialSecrecyTests.Fixture>
{
    private PortfolioAppFactory App => fixture.App;
    private SimAccount Account => fixture.Account;
    private SignedIn Session => fixture.Session;

    [Fact]
    public void No_file_in_the_data_directory_contains_the_key_id_or_the_private_key()
    {
        var files = Directory.EnumerateFiles(App.DataDirectory, "*", SearchOption.AllDirectories).ToList();
        files.Select(Path.GetFileName).Should().Contain(["kalshiportfolio.db", "session-signing.key"]);
        files.Should().Contain(f => f.Contains($"{Path.DirectorySeparatorChar}keys{Path.DirectorySeparatorChar}", StringComparison.Ordinal), "the key ring is in the data directory");
        Account.PemFragments.Should().HaveCountGreaterThan(10);

        var contents = files.ToDictionary(f => f, ReadShared);
        // The scan sees what the database holds: the (non-secret) user id is found, in the database file or its WAL.
        contents.Should().Contain(kv => Contains(kv.Value, Encoding.UTF8.GetBytes(Session.UserId)), "the scan must read the stored rows");

        foreach (var (file, bytes) in contents)
        {
            foreach (var secret in Secrets())
            {
                Contains(bytes, Encoding.UTF8.GetBytes(secret)).Should().BeFalse("{0} must not hold {1} in UTF-8", file, Describe(secret));
                Contains(bytes, Encoding.Unicode.GetBytes(secret)).Should().BeFalse("{0} must not hold {1} in UTF-16", file, Describe(secret));
            }
        }
    }

    [Fact]
    public async Task The_stored_key_is_ciphertext_that_only_the_credential_manager_reads_back()
    {
        var row = await App.QueryDbAsync(db => db.UserCredentials.AsNoTracking().SingleAsync(x => x.UserId == Session.UserId));

        row.Environment.Should().Be("simulator");
        row.ProtectedKey.Should().NotContain(Account.KeyId);
        var stored = await App.Services.GetRequiredService<KalshiPortfolio.Web.Security.CredentialManager>().GetAsync(Session.UserId);
        stored!.KeyId.Should().Be(Account.KeyId);
        stored.PrivateKeyPem.Should().Be(Account.PrivateKeyPem);
        stored.ToString().Should().NotContain(Account.KeyId).And.NotContain("PRIVATE KEY");
    }

    [Fact]
    public void No_log_line_contains_the_key_id_the_private_key_or_a_session_token()
    {
        var lines = fixture.Logs.Lines;
        lines.Should().Contain(l => l.Contains(Session.UserId, StringComparison.Ordinal), "the capture sees the app's own log lines");
        lines.Should().Contain(l => l.StartsWith("Trace", StringComparison.Ordinal) || l.StartsWith("Debug", StringComparison.Ordinal), "every level is captured");

        var secrets = Secrets().Select(s => (Secret: s, What: Describe(s)))
            .Concat(fixture.Tokens.SelectMany(t => new (string Secret, string What)[] { (t, "a session token"), (t.Split('.')[2], "a session token's signature") }));
        var leaks = secrets.SelectMany(s => lines.Where(l => l.Contains(s.Secret, StringComparison.Ordinal)).Select(l => $"{s.What}: {l}")).ToList();
        leaks.Should().BeEmpty("no log line may contain a key id, a piece of a private key or a session token; found:\n{0}",
            string.Join('\n', leaks.Select(l => l.Length > 300 ? l[..300] : l)));
    }

    [Fact]
    public void No_response_contains_the_key_id_or_the_private_key()
    {
        fixture.Responses.Should().HaveCountGreaterThan(8);
        foreach (var response in fixture.Responses)
        {
            var everything = response.Text + string.Join('\n', response.Message.Headers.Select(h => $"{h.Key}: {string.Join(",", h.Value)}"));
            foreach (var secret in Secrets())
            {
                everything.Should().NotContain(secret, "{0} {1} must not answer with {2}", (int)response.Status, response.Message.RequestMessage?.RequestUri?.AbsolutePath, Describe(secret));
            }
        }
    }

    // The key id (also without dashes) and every distinctive piece of the PEM body.
    private IEnumerable<string> Secrets() =>
        new[] { Account.KeyId, Account.KeyId.Replace("-", "", StringComparison.Ordinal) }.Concat(Account.PemFragments);

    private string Describe(string secret) => secret.StartsWith(Account.KeyId[..8], StringComparison.Ordinal) ? "the key id" : "a piece of the private key";

    private static byte[] ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;

    public sealed class Fixture : IAsyncLifetime
    {
            public CapturingLoggerProvider Logs { get; } = new();
            public List<ApiResponse> Responses { get; } = [];
            public List<string> Tokens { get; } = [];
            public AccountSimulator Simulator { get; private set; } = null!;
            public PortfolioAppFactory App { get; private set; } = null!;
            public SimAccount Account { get; private set; } = null!;
            public SignedIn Session { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Simulator = await AccountSimulator.StartAsync();
            Account = await Simulator.CreateAccountAsync(newKey: true);
            var tickers = Simulator.Tickers(2);
            await Simulator.TradeAsync(Account, tickers[0], "yes", "buy", 5, 0.40m);
            await Simulator.TradeAsync(Account, tickers[1], "no", "buy", 3, 0.20m);

            App = new PortfolioAppFactory(Simulator.BaseUri,
                settings: new Dictionary<string, string?>
                {
                    ["Logging:LogLevel:Default"] = "Trace",
                    ["Logging:LogLevel:Microsoft"] = "Trace",
                    ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
                    ["Logging:LogLevel:System"] = "Trace",
                },
                services: s =>
                {
                    s.AddLogging(b => b.ClearProviders());
                    s.AddSingleton<ILoggerProvider>(Logs);
                });
            using var client = App.CreateAnonymousClient();

            // Refused and malformed sign-ins with the same key material first: their error paths must not leak it either.
            var other = await Simulator.CreateAccountAsync();
            var damaged = string.Join('\n', Account.PrivateKeyPem.Split('\n').Where((_, i) => i != 3));
            await Record(client.PostAuthenticateAsync(new { key_id = Account.KeyId, private_key = other.PrivateKeyPem, environment = "simulator" }), HttpStatusCode.Unauthorized);
            await Record(client.PostAuthenticateAsync(new { key_id = other.KeyId, private_key = Account.PrivateKeyPem, environment = "simulator" }), HttpStatusCode.Unauthorized);
            await Record(client.PostAuthenticateAsync(new { key_id = Account.KeyId, private_key = damaged, environment = "simulator" }), HttpStatusCode.BadRequest);
            await Record(client.PostAuthenticateAsync(new { key_id = Account.KeyId, private_key = Account.PrivateKeyPem, environment = "nowhere" }), HttpStatusCode.BadRequest);

            var signIn = await Record(client.PostAuthenticateAsync(new { key_id = Account.KeyId, private_key = Account.PrivateKeyPem, environment = "simulator" }), HttpStatusCode.OK);
            Session = new SignedIn(signIn.Json.Str("user_id"), signIn.Json.Str("token"));
            Tokens.Add(Session.Token);

            using var bearer = App.CreateBearerClient(Session.Token);
            await Record(bearer.GetApiAsync(AccountApi.Positions), HttpStatusCode.OK);
            await Record(bearer.GetApiAsync(AccountApi.Portfolio), HttpStatusCode.OK);
            await Record(client.GetApiAsync($"{AccountApi.Positions}?token={Session.Token}"), HttpStatusCode.Unauthorized);
            await ReadSseSnapshotAsync(client, Session.Token);
            var refreshed = await Record(ApiResponse.ReadAsync(await bearer.PostAsync(AccountApi.Refresh, null)), HttpStatusCode.OK);
            Tokens.Add(refreshed.Json.Str("token"));
            await Record(bearer.GetApiAsync(AccountApi.Positions), HttpStatusCode.Unauthorized); // the refreshed-away token

            // Tokens that fail validation (bad signature, changed claims) are not written out by the handler's failure logs.
            var parts = Session.Token.Split('.');
            var badSignature = $"{parts[0]}.{parts[1]}.{Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32))}";
            var changedClaims = $"{parts[0]}.{Base64UrlEncoder.Encode(Base64UrlEncoder.Decode(parts[1]).Replace(Session.UserId, "u_" + new string('0', 32), StringComparison.Ordinal))}.{parts[2]}";
            foreach (var invalid in new[] { badSignature, changedClaims })
            {
                Tokens.Add(invalid);
                using var forged = App.CreateBearerClient(invalid);
                await Record(forged.GetApiAsync(AccountApi.Positions), HttpStatusCode.Unauthorized);
            }

            await Eventually.WaitAsync(
                () => App.QueryDbAsync(db => db.PositionCache.CountAsync(x => x.UserId == Session.UserId)),
                n => n == 2,
                "the positions to reach the cache");
        }

        public async Task DisposeAsync()
        {
            await App.DisposeAsync();
            await Simulator.DisposeAsync();
        }

        private async Task<ApiResponse> Record(Task<ApiResponse> call, HttpStatusCode expected)
        {
            var response = await call;
            response.Status.Should().Be(expected, "the body was {0}", response.Text);
            Responses.Add(response);
            return response;
        }

        private static async Task ReadSseSnapshotAsync(HttpClient client, string token)
        {
            using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            using var response = await client.GetAsync($"{AccountApi.Sse}?token={Uri.EscapeDataString(token)}", HttpCompletionOption.ResponseHeadersRead, cancel.Token);
            response.StatusCode.Should().Be(HttpStatusCode.OK);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancel.Token));
            string? line;
            do
            {
                line = await reader.ReadLineAsync(cancel.Token);
            }
            while (line is not null && !line.StartsWith("data:", StringComparison.Ordinal));
                }
    }
}
