using KalshiPortfolio.Web.Security;

namespace KalshiPortfolio.Tests.Security;

[Trait("Category", "Unit")]
public sealed class UserIdsTests
{
    private const string KeyId = "a952bcbe-ec3b-4b5b-b8f9-11dae589608c";

    [Fact]
    public void The_same_key_in_the_same_environment_is_always_the_same_user() =>
        UserIds.For("production", KeyId).Should().Be(UserIds.For("production", KeyId));

    [Fact]
    public void Surrounding_whitespace_of_the_key_id_does_not_make_another_user() =>
        UserIds.For("demo", $"  {KeyId}\n").Should().Be(UserIds.For("demo", KeyId));

    [Fact]
    public void Another_key_or_another_environment_is_another_user()
    {
        var ids = new[]
        {
            UserIds.For("production", KeyId),
            UserIds.For("demo", KeyId),
            UserIds.For("simulator", KeyId),
            UserIds.For("production", "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0"),
        };

        ids.Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public void A_user_id_is_short_opaque_and_reveals_nothing_of_the_key_id()
    {
        var id = UserIds.For("production", KeyId);

        id.Should().MatchRegex("^u_[0-9a-f]{32}$");
        foreach (var part in KeyId.Split('-'))
        {
            id.Should().NotContain(part);
        }
    }
}
