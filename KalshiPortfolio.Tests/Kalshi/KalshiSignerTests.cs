using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using KalshiPortfolio.Core.Kalshi.Auth;
using KalshiPortfolio.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace KalshiPortfolio.Tests.Kalshi;

[Trait("Category", "Unit")]
public sealed class KalshiSignerTests
{
    private const long DocTimestamp = 1703123456789;

    [Fact]
    public void Sign_verifies_with_the_public_key_over_timestamp_method_and_full_path()
    {
        using var signer = TestRsaKeys.Signer();

        var signature = signer.Sign(DocTimestamp, "GET", "/trade-api/v2/portfolio/balance");

        TestRsaKeys.Verifies("1703123456789GET/trade-api/v2/portfolio/balance", signature).Should().BeTrue();
        TestRsaKeys.Verifies("1703123456789GET/portfolio/balance", signature).Should().BeFalse("the short path is not what is signed");
        Convert.FromBase64String(signature).Should().HaveCount(256, "a 2048-bit RSA signature is 256 bytes");
    }

    [Fact]
    public void Sign_is_randomised_by_pss_yet_every_signature_verifies()
    {
        using var signer = TestRsaKeys.Signer();

        var first = signer.Sign(DocTimestamp, "GET", "/trade-api/v2/markets");
        var second = signer.Sign(DocTimestamp, "GET", "/trade-api/v2/markets");

        first.Should().NotBe(second);
        TestRsaKeys.Verifies("1703123456789GET/trade-api/v2/markets", first).Should().BeTrue();
        TestRsaKeys.Verifies("1703123456789GET/trade-api/v2/markets", second).Should().BeTrue();
    }

    [Theory]
    [InlineData("get", "/trade-api/v2/portfolio/orders?limit=5", "1703123456789GET/trade-api/v2/portfolio/orders")]
    [InlineData("DELETE", "/trade-api/v2/portfolio/events/orders/abc", "1703123456789DELETE/trade-api/v2/portfolio/events/orders/abc")]
    [InlineData("GET", "/trade-api/ws/v2", "1703123456789GET/trade-api/ws/v2")]
    [InlineData("GET", "/trade-api/v2/markets?status=open&limit=200#x", "1703123456789GET/trade-api/v2/markets")]
    public void BuildMessage_upper_cases_the_method_and_drops_the_query(string method, string path, string expected)
    {
        KalshiSigner.BuildMessage(DocTimestamp, method, path).Should().Be(expected);
    }

    [Fact]
    public void Sign_with_a_query_signs_the_path_alone()
    {
        using var signer = TestRsaKeys.Signer();

        var signature = signer.Sign(DocTimestamp, "get", "/trade-api/v2/portfolio/fills?limit=10");

        TestRsaKeys.Verifies("1703123456789GET/trade-api/v2/portfolio/fills", signature).Should().BeTrue();
    }

    [Fact]
    public void CreateAuthHeaders_uses_the_clock_in_milliseconds_and_signs_without_the_query()
    {
        using var signer = TestRsaKeys.Signer();
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(DocTimestamp));

        var headers = signer.CreateAuthHeaders(clock, "GET", "/trade-api/v2/portfolio/positions?cursor=abc&limit=100");

        headers.AccessKey.Should().Be(TestRsaKeys.KeyId);
        headers.TimestampMs.Should().Be(DocTimestamp);
        headers.ToList().Select(h => h.Key).Should().Equal("KALSHI-ACCESS-KEY", "KALSHI-ACCESS-TIMESTAMP", "KALSHI-ACCESS-SIGNATURE");
        headers.ToList()[1].Value.Should().Be("1703123456789");
        TestRsaKeys.Verifies("1703123456789GET/trade-api/v2/portfolio/positions", headers.Signature).Should().BeTrue();
    }

    public static TheoryData<string, string> AcceptedPems()
    {
        var pkcs1 = TestRsaKeys.Pkcs1Pem;
        var pkcs8 = TestRsaKeys.Pkcs8Pem;
        return new TheoryData<string, string>
        {
            { "PKCS#1", pkcs1 },
            { "PKCS#8", pkcs8 },
            { "PKCS#1 with Windows line endings and surrounding whitespace", "\r\n  " + pkcs1.Replace("\n", "\r\n") + "\r\n\t " },
            { "PKCS#8 with Windows line endings", pkcs8.Replace("\n", "\r\n") },
            { "PKCS#8 pasted with literal \\n escapes (env var)", pkcs8.Replace("\n", "\\n") },
            { "PKCS#1 in quotes", "\"" + pkcs1 + "\"" },
        };
    }

    [Theory]
    [MemberData(nameof(AcceptedPems))]
    public void FromPem_accepts_pkcs1_and_pkcs8_as_pasted(string because, string pem)
    {
        using var signer = KalshiSigner.FromPem("  " + TestRsaKeys.KeyId + "\n", pem);

        var signature = signer.Sign(DocTimestamp, "GET", "/trade-api/v2/portfolio/balance");

        TestRsaKeys.Verifies("1703123456789GET/trade-api/v2/portfolio/balance", signature).Should().BeTrue(because);
        signer.CreateAuthHeaders(TimeProvider.System, "GET", "/x").AccessKey.Should().Be(TestRsaKeys.KeyId, "the key id is trimmed");
    }

    public static TheoryData<string, string, InvalidKalshiKeyReason, string> RejectedPems()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var small = RSA.Create(1024);
        var ed25519Der = new byte[] { 0x30, 0x2E, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20 }
            .Concat(RandomNumberGenerator.GetBytes(32)).ToArray();
        var request = new CertificateRequest("CN=test", TestRsaKeys.Key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var body = TestRsaKeys.Pkcs1Pem.Split('\n')[1];
        var garbage = Enumerable.Range(0, 120).Select(i => (byte)((i * 7) + 1)).ToArray(); // not DER: first byte 0x01

        return new TheoryData<string, string, InvalidKalshiKeyReason, string>
        {
            { "empty", "", InvalidKalshiKeyReason.Empty, "No private key was given" },
            { "whitespace", "  \r\n ", InvalidKalshiKeyReason.Empty, "No private key was given" },
            { "garbage text", "this is not a key", InvalidKalshiKeyReason.NotPem, "not in PEM format" },
            { "bare base64 without PEM lines", body, InvalidKalshiKeyReason.NotPem, "not in PEM format" },
            { "bad base64 in the block", "-----BEGIN RSA PRIVATE KEY-----\nnot*base64!!\n-----END RSA PRIVATE KEY-----", InvalidKalshiKeyReason.Malformed, "damaged" },
            { "END line missing", TestRsaKeys.Pkcs1Pem.Replace("-----END RSA PRIVATE KEY-----", ""), InvalidKalshiKeyReason.Malformed, "missing" },
            { "BEGIN and END labels differ", TestRsaKeys.Pkcs8Pem.Replace("-----END PRIVATE KEY-----", "-----END RSA PRIVATE KEY-----"), InvalidKalshiKeyReason.Malformed, "does not match" },
            { "PKCS#1 label around garbage", PemEncoding.WriteString("RSA PRIVATE KEY", garbage), InvalidKalshiKeyReason.Malformed, "PKCS#1" },
            { "PKCS#8 label around garbage", PemEncoding.WriteString("PRIVATE KEY", garbage), InvalidKalshiKeyReason.Malformed, "PKCS#8" },
            { "public key (SPKI)", TestRsaKeys.PublicPem, InvalidKalshiKeyReason.PublicKeyInsteadOfPrivate, "public key" },
            { "public key (PKCS#1)", TestRsaKeys.Key.ExportRSAPublicKeyPem(), InvalidKalshiKeyReason.PublicKeyInsteadOfPrivate, "public key" },
            { "certificate", certificate.ExportCertificatePem(), InvalidKalshiKeyReason.PublicKeyInsteadOfPrivate, "certificate" },
            { "EC key in PKCS#8", ec.ExportPkcs8PrivateKeyPem(), InvalidKalshiKeyReason.NotRsa, "EC (ECDSA) key" },
            { "EC key in SEC1", ec.ExportECPrivateKeyPem(), InvalidKalshiKeyReason.NotRsa, "EC (ECDSA) key" },
            { "Ed25519 key", PemEncoding.WriteString("PRIVATE KEY", ed25519Der), InvalidKalshiKeyReason.NotRsa, "Ed25519" },
            { "encrypted PKCS#8", TestRsaKeys.Key.ExportEncryptedPkcs8PrivateKeyPem("pw", new PbeParameters(PbeEncryptionAlgorithm.Aes128Cbc, HashAlgorithmName.SHA256, 1000)), InvalidKalshiKeyReason.Encrypted, "passphrase" },
            { "legacy encrypted PKCS#1", $"-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00112233445566778899AABBCCDDEEFF\n\n{body}\n-----END RSA PRIVATE KEY-----", InvalidKalshiKeyReason.Encrypted, "passphrase" },
            { "OpenSSH key", PemEncoding.WriteString("OPENSSH PRIVATE KEY", garbage), InvalidKalshiKeyReason.UnsupportedFormat, "OpenSSH" },
            { "some other PEM", PemEncoding.WriteString("X509 CRL", garbage), InvalidKalshiKeyReason.UnsupportedFormat, "X509 CRL" },
            { "1024-bit RSA key", small.ExportPkcs8PrivateKeyPem(), InvalidKalshiKeyReason.KeyTooSmall, "1024 bits" },
        };
    }

    [Theory]
    [MemberData(nameof(RejectedPems))]
    public void FromPem_rejects_unusable_keys_with_a_message_saying_what_is_wrong(
        string because, string pem, InvalidKalshiKeyReason reason, string messagePart)
    {
        var act = () => KalshiSigner.FromPem(TestRsaKeys.KeyId, pem);

        var error = act.Should().Throw<InvalidKalshiKeyException>(because).Which;
        error.Reason.Should().Be(reason, because);
        error.Message.Should().Contain(messagePart, because);
        foreach (var line in pem.Split('\n').Select(l => l.Trim()).Where(l => l.Length >= 24 && !l.StartsWith("-----", StringComparison.Ordinal)))
        {
            error.Message.Should().NotContain(line[..24], "the message must never echo key material");
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("abc def")]
    [InlineData("abc\ndef")]
    [InlineData("clé")]
    public void FromPem_rejects_an_unusable_key_id(string keyId)
    {
        var act = () => KalshiSigner.FromPem(keyId, TestRsaKeys.Pkcs8Pem);

        act.Should().Throw<InvalidKalshiKeyException>().Which.Reason.Should().Be(InvalidKalshiKeyReason.InvalidKeyId);
    }

    [Fact]
    public void ToString_and_debugger_display_never_reveal_the_key_id_or_key()
    {
        using var signer = TestRsaKeys.Signer();
        var headers = signer.CreateAuthHeaders(TimeProvider.System, "GET", "/trade-api/v2/portfolio/balance");

        signer.ToString().Should().NotContain(TestRsaKeys.KeyId).And.NotContain("PRIVATE");
        headers.ToString().Should().NotContain(TestRsaKeys.KeyId).And.NotContain(headers.Signature);

        var display = typeof(KalshiSigner).GetCustomAttributes(typeof(DebuggerDisplayAttribute), false)
            .Cast<DebuggerDisplayAttribute>().Single();
        display.Value.Should().Be("{ToString(),nq}");
        typeof(KalshiSigner).GetProperties().Select(p => p.Name).Should().NotContain("KeyId", "the key id is not public on the signer");
    }

    [Fact]
    public void Sign_after_dispose_throws()
    {
        var signer = TestRsaKeys.Signer();
        signer.Dispose();

        var act = () => signer.Sign(DocTimestamp, "GET", "/trade-api/v2/portfolio/balance");

        act.Should().Throw<ObjectDisposedException>();
    }

    [Fact]
    public async Task Sign_is_safe_to_call_from_many_threads()
    {
        using var signer = TestRsaKeys.Signer();

        var signatures = await Task.WhenAll(Enumerable.Range(0, 32).Select(i =>
            Task.Run(() => (i, signer.Sign(DocTimestamp + i, "GET", "/trade-api/v2/portfolio/balance")))));

        signatures.Should().OnlyContain(s => TestRsaKeys.Verifies($"{DocTimestamp + s.i}GET/trade-api/v2/portfolio/balance", s.Item2));
    }

    [Fact]
    public void ExportPublicKeyPem_matches_the_private_key()
    {
        using var signer = TestRsaKeys.Signer();

        signer.ExportPublicKeyPem().Should().Be(TestRsaKeys.PublicPem);
    }
}
