using System.Diagnostics;
using System.Text;
using KalshiPortfolio.Core.Kalshi.Auth;
using KalshiPortfolio.Tests.TestSupport;

namespace KalshiPortfolio.Tests.Kalshi;

/// <summary>
/// Checks the signature with an independent implementation: the openssl command line, exactly as Kalshi's
/// scheme is described (<c>openssl dgst -sha256 -verify … -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:32</c>).
/// </summary>
[Trait("Category", "Integration")]
public sealed class KalshiSignatureOpenSslTests : IDisposable
{
    private const long Timestamp = 1781159348379;
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("kalshi-sig-");

    [Fact]
    public async Task Openssl_verifies_the_signature_as_rsa_pss_sha256_with_a_32_byte_salt()
    {
        using var signer = TestRsaKeys.Signer();
        var signature = signer.Sign(Timestamp, "GET", "/trade-api/v2/portfolio/balance?subaccount=0");
        var files = Write(KalshiSigner.BuildMessage(Timestamp, "GET", "/trade-api/v2/portfolio/balance"), signature);

        var (exitCode, output) = await OpenSslVerify(files, saltLength: "32");

        output.Should().Contain("Verified OK");
        exitCode.Should().Be(0);
        File.ReadAllText(files.Message).Should().Be("1781159348379GET/trade-api/v2/portfolio/balance");
    }

    [Fact]
    public async Task Openssl_rejects_the_signature_for_a_tampered_message()
    {
        using var signer = TestRsaKeys.Signer();
        var signature = signer.Sign(Timestamp, "GET", "/trade-api/v2/portfolio/balance");
        var files = Write("1781159348379GET/trade-api/v2/portfolio/positions", signature);

        var (exitCode, output) = await OpenSslVerify(files, saltLength: "32");

        output.Should().Contain("Verification failure").And.NotContain("Verified OK");
        exitCode.Should().NotBe(0);
    }

    [Fact]
    public async Task Openssl_rejects_the_signature_when_told_the_salt_is_not_32_bytes()
    {
        using var signer = TestRsaKeys.Signer();
        var signature = signer.Sign(Timestamp, "GET", "/trade-api/v2/portfolio/balance");
        var files = Write("1781159348379GET/trade-api/v2/portfolio/balance", signature);

        var (exitCode, output) = await OpenSslVerify(files, saltLength: "20");

        output.Should().NotContain("Verified OK");
        exitCode.Should().NotBe(0);
    }

    public void Dispose() => _dir.Delete(recursive: true);

    private (string PublicKey, string Message, string Signature) Write(string message, string signatureBase64)
    {
        var publicKey = Path.Combine(_dir.FullName, "pub.pem");
        var messageFile = Path.Combine(_dir.FullName, "msg.txt");
        var signatureFile = Path.Combine(_dir.FullName, "sig.bin");
        File.WriteAllText(publicKey, TestRsaKeys.PublicPem);
        File.WriteAllBytes(messageFile, Encoding.UTF8.GetBytes(message));
        File.WriteAllBytes(signatureFile, Convert.FromBase64String(signatureBase64));
        return (publicKey, messageFile, signatureFile);
    }

    private static async Task<(int ExitCode, string Output)> OpenSslVerify((string PublicKey, string Message, string Signature) files, string saltLength)
    {
        var start = new ProcessStartInfo("openssl")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     "dgst", "-sha256", "-verify", files.PublicKey,
                     "-sigopt", "rsa_padding_mode:pss", "-sigopt", $"rsa_pss_saltlen:{saltLength}",
                     "-signature", files.Signature, files.Message,
                 })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("openssl could not be started; it must be on PATH.");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
