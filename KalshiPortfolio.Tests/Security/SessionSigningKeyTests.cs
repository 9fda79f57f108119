using System.Security.Cryptography;
using KalshiPortfolio.Web.Hosting;
using KalshiPortfolio.Web.Security;
using Microsoft.Extensions.Configuration;

namespace KalshiPortfolio.Tests.Security;

[Trait("Category", "Unit")]
public sealed class SessionSigningKeyTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "kp-key-" + Guid.NewGuid().ToString("N"));
    private readonly DataDirectory _data;

    public SessionSigningKeyTests() =>
        _data = DataDirectory.Resolve(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["DataDirectory"] = _root }).Build(), _root);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Without_a_configured_key_one_is_generated_once_and_kept_owner_only_in_the_data_directory()
    {
        var first = SessionSigningKey.Load(new SessionTokenOptions(), _data);
        var second = SessionSigningKey.Load(new SessionTokenOptions(), _data);

        first.Key.Should().HaveCount(32);
        second.Key.Should().Equal(first.Key, "a restart signs and validates with the same key");
        File.ReadAllBytes(_data.SessionKeyPath).Should().Equal(first.Key);
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(_data.SessionKeyPath).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    [Fact]
    public void Another_data_directory_gets_another_key()
    {
        var elsewhere = Path.Combine(_root, "other");
        var other = DataDirectory.Resolve(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["DataDirectory"] = elsewhere }).Build(), _root);

        SessionSigningKey.Load(new SessionTokenOptions(), other).Key.Should().NotEqual(SessionSigningKey.Load(new SessionTokenOptions(), _data).Key);
    }

    [Fact]
    public void A_configured_key_is_used_and_nothing_is_written()
    {
        var configured = RandomNumberGenerator.GetBytes(48);

        var key = SessionSigningKey.Load(new SessionTokenOptions { SigningKey = Convert.ToBase64String(configured) }, _data);

        key.Key.Should().Equal(configured);
        File.Exists(_data.SessionKeyPath).Should().BeFalse();
    }

    [Theory]
    [InlineData("not base64!", "base64")]
    [InlineData("c2hvcnQ=", "at least 32")]
    public void A_configured_key_that_is_not_base64_or_too_short_is_refused(string configured, string explanation)
    {
        var load = () => SessionSigningKey.Load(new SessionTokenOptions { SigningKey = configured }, _data);

        load.Should().Throw<InvalidOperationException>().WithMessage($"*{explanation}*");
    }

    [Fact]
    public void A_damaged_key_file_is_refused_rather_than_used()
    {
        File.WriteAllBytes(_data.SessionKeyPath, [1, 2, 3]);

        var load = () => SessionSigningKey.Load(new SessionTokenOptions(), _data);

        load.Should().Throw<InvalidOperationException>().WithMessage("*damaged*");
    }
}
