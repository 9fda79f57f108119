using Bunit;
using Bunit.TestDoubles;
using KalshiPortfolio.Web.Components.Account;
using KalshiPortfolio.Web.Services.Ui;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;

namespace KalshiPortfolio.Tests.Components;

[Trait("Category", "Component")]
public class AuthDialogTests : MudBunitTest
{
    private readonly FakeSimulatorDemoAccount _simulator = new();
    private readonly BunitJSModuleInterop _account;

    public AuthDialogTests()
    {
        Services.AddScoped<BrowserSession>();
        Services.AddSingleton<ISimulatorDemoAccount>(_simulator);
        _account = JSInterop.SetupModule(BrowserSession.ModulePath);
    }

    [Fact]
    public void Missing_key_id_and_key_are_reported_without_sending_anything()
    {
        var cut = RenderInteractive<AuthDialog>();

        cut.Find("[data-testid=auth-submit]").Click();

        var error = cut.Find("[data-testid=auth-error]").TextContent;
        error.Should().Contain("Enter your API key ID.").And.Contain("Paste your private key");
        _account.Invocations.Should().BeEmpty();
    }

    [Fact]
    public void Missing_private_key_alone_is_reported()
    {
        var cut = RenderInteractive<AuthDialog>();
        cut.Find("input[data-testid=auth-key-id]").Change("key-123");

        cut.Find("[data-testid=auth-submit]").Click();

        var error = cut.Find("[data-testid=auth-error]").TextContent;
        error.Should().Contain("Paste your private key").And.NotContain("Enter your API key ID.");
        _account.Invocations.Should().BeEmpty();
    }

    [Fact]
    public void Text_that_is_not_a_pem_key_is_refused_before_sending()
    {
        var cut = RenderInteractive<AuthDialog>();
        cut.Find("input[data-testid=auth-key-id]").Change("key-123");
        cut.Find("textarea[data-testid=auth-private-key]").Change("not a key");

        cut.Find("[data-testid=auth-submit]").Click();

        cut.Find("[data-testid=auth-error]").TextContent.Should().Contain("isn't a PEM private key");
        _account.Invocations.Should().BeEmpty();
    }

    [Theory]
    [InlineData(400, "invalid_private_key", "private_key is not a PEM-encoded RSA key", "Check the key and try again.")]
    [InlineData(401, "kalshi_rejected", "Kalshi: INCORRECT_API_KEY_SIGNATURE", "Kalshi refused this key.")]
    [InlineData(429, "too_many_attempts", "Try again in 60 seconds", "Too many sign-in attempts.")]
    [InlineData(503, "kalshi_unavailable", "Kalshi is in maintenance until 10:00 ET", "Kalshi is unreachable or in maintenance")]
    public void Server_errors_show_what_to_do_and_the_servers_message(int status, string code, string message, string headline)
    {
        AnswerAuthenticate(new AccountApiResult { Ok = false, Status = status, ErrorCode = code, ErrorMessage = message });
        var cut = RenderInteractive<AuthDialog>();
        FillIn(cut);

        cut.Find("[data-testid=auth-submit]").Click();

        cut.WaitForAssertion(() => cut.Find("[data-testid=auth-error]").TextContent.Should().Contain(headline));
        cut.Find("[data-testid=auth-error-detail]").TextContent.Should().Be(message);
        NavigationHistory().Should().BeEmpty();
    }

    [Fact]
    public void Unreachable_server_says_so()
    {
        AnswerAuthenticate(AccountApiResult.NoAnswer("Failed to fetch"));
        var cut = RenderInteractive<AuthDialog>();
        FillIn(cut);

        cut.Find("[data-testid=auth-submit]").Click();

        cut.WaitForAssertion(() => cut.Find("[data-testid=auth-error]").TextContent.Should().Contain("Couldn't reach the KalshiPortfolio server"));
    }

    [Fact]
    public void Submit_sends_the_key_from_the_browser_then_clears_the_field()
    {
        AnswerAuthenticate(new AccountApiResult { Ok = false, Status = 401, ErrorMessage = "nope" });
        var cut = RenderInteractive<AuthDialog>();
        FillIn(cut);
        cut.Find("input[data-env=demo]").Click();

        cut.Find("[data-testid=auth-submit]").Click();

        cut.WaitForAssertion(() => _account.Invocations["authenticate"].Should().ContainSingle());
        _account.Invocations["authenticate"].Single().Arguments.Should().Equal("key-123", TestData.Pem.Trim(), "demo");
        cut.Find("textarea[data-testid=auth-private-key]").GetAttribute("value").Should().BeNullOrEmpty();
        cut.Find("input[data-testid=auth-key-id]").GetAttribute("value").Should().Be("key-123");
        cut.Find("[data-testid=auth-error]").TextContent.Should().Contain("Kalshi's demo exchange");
    }

    [Fact]
    public void Success_reloads_the_page_so_the_new_circuit_has_the_cookie()
    {
        AnswerAuthenticate(new AccountApiResult { Ok = true, Status = 200, SessionExpiresAt = "2026-03-03T14:30:00Z" });
        var cut = RenderInteractive<AuthDialog>();
        FillIn(cut);

        cut.Find("[data-testid=auth-submit]").Click();

        cut.WaitForAssertion(() => NavigationHistory().Should().ContainSingle());
        var entry = NavigationHistory().Single();
        entry.Options.ForceLoad.Should().BeTrue();
        new Uri(Navigation.Uri).AbsolutePath.Should().Be("/");
        cut.FindAll("[data-testid=auth-error]").Should().BeEmpty();
    }

    [Fact]
    public void Key_file_upload_fills_the_private_key()
    {
        var cut = RenderInteractive<AuthDialog>();

        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(TestData.Pem, "kalshi-key.key"));

        cut.WaitForAssertion(() => cut.Find("textarea[data-testid=auth-private-key]").GetAttribute("value").Should().Contain("BEGIN RSA PRIVATE KEY"));
        cut.Find("[data-testid=auth-file-name]").TextContent.Should().Be("kalshi-key.key");
    }

    [Fact]
    public void Oversized_file_is_not_read()
    {
        var cut = RenderInteractive<AuthDialog>();

        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(new string('x', 20_000), "huge.txt"));

        cut.WaitForAssertion(() => cut.Find("[data-testid=auth-error]").TextContent.Should().Contain("too large"));
        cut.Find("textarea[data-testid=auth-private-key]").GetAttribute("value").Should().BeNullOrEmpty();
    }

    [Fact]
    public void Simulator_button_signs_in_with_the_demo_account_in_one_click()
    {
        AnswerAuthenticate(new AccountApiResult { Ok = true, Status = 200 });
        var cut = RenderInteractive<AuthDialog>();

        cut.Find("[data-testid=try-simulator]").Click();

        cut.WaitForAssertion(() => NavigationHistory().Should().ContainSingle());
        _simulator.Calls.Should().Be(1);
        _account.Invocations["authenticate"].Single().Arguments.Should().Equal("sim-demo-key", TestData.Pem, "simulator");
        NavigationHistory().Single().Options.ForceLoad.Should().BeTrue();
    }

    [Fact]
    public void Simulator_that_does_not_answer_is_reported()
    {
        _simulator.Next = () => throw new SimulatorUnavailableException("The built-in simulator is not reachable at http://127.0.0.1:5090.");
        var cut = RenderInteractive<AuthDialog>();

        cut.Find("[data-testid=try-simulator]").Click();

        cut.WaitForAssertion(() => cut.Find("[data-testid=auth-error]").TextContent.Should().Contain("not reachable"));
        _account.Invocations.Should().BeEmpty();
    }

    [Fact]
    public void Simulator_button_and_environment_are_hidden_when_the_simulator_is_disabled()
    {
        _simulator.IsEnabled = false;

        var cut = RenderInteractive<AuthDialog>();

        cut.FindAll("[data-testid=try-simulator]").Should().BeEmpty();
        cut.FindAll("input[data-env=simulator]").Should().BeEmpty();
        cut.FindAll("input[data-env=production]").Should().ContainSingle();
        cut.FindAll("input[data-env=demo]").Should().ContainSingle();
    }

    [Fact]
    public void Links_to_kalshis_api_key_documentation()
    {
        var cut = RenderInteractive<AuthDialog>();

        cut.Find("[data-testid=auth-docs-link]").GetAttribute("href").Should().Be(AuthDialog.ApiKeyDocsUrl);
    }

    [Fact]
    public void Expired_session_is_explained()
    {
        Navigation.NavigateTo("/?reason=session_expired");

        var cut = RenderInteractive<AuthDialog>();

        cut.Find("[data-testid=auth-notice]").TextContent.Should().Contain("Your session expired");
    }

    [Fact]
    public void Buttons_wait_for_the_circuit()
    {
        SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Static", isInteractive: false));

        var cut = Render<AuthDialog>();

        cut.Find("[data-testid=auth-submit]").HasAttribute("disabled").Should().BeTrue();
        cut.Find("[data-testid=try-simulator]").HasAttribute("disabled").Should().BeTrue();
    }

    private void AnswerAuthenticate(AccountApiResult result) =>
        _account.Setup<AccountApiResult?>("authenticate", _ => true).SetResult(result);

    private static void FillIn(IRenderedComponent<AuthDialog> cut)
    {
        cut.Find("input[data-testid=auth-key-id]").Change("key-123");
        cut.Find("textarea[data-testid=auth-private-key]").Change(TestData.Pem);
    }

    private IReadOnlyCollection<NavigationHistory> NavigationHistory() =>
        Services.GetRequiredService<BunitNavigationManager>().History;
}
