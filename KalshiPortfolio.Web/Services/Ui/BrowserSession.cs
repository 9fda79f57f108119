using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace KalshiPortfolio.Web.Services.Ui;

/// <summary>
/// Sign-in, sign-out and token refresh, done by the browser itself (<c>wwwroot/js/account.js</c>, a
/// same-origin <c>fetch</c>): a cookie can only be set by a real HTTP response, never from a circuit. After
/// a sign-in or sign-out the page is reloaded (<c>forceLoad</c>) so the next circuit opens with the new
/// cookie. Scoped: one per circuit. Call it from a component's dispatcher (event handler or InvokeAsync).
/// </summary>
public sealed class BrowserSession(IJSRuntime js, NavigationManager navigation, ILogger<BrowserSession> logger) : IAsyncDisposable
{
    /// <summary>The JS module, relative to the app's base href.</summary>
    public const string ModulePath = "./js/account.js";

    /// <summary>The query parameter that tells the signed-out view why it is shown.</summary>
    public const string ReasonParameter = "reason";

    public const string SessionExpiredReason = "session_expired";
    public const string SignedOutReason = "signed_out";
    public const string CredentialsRejectedReason = "credentials_rejected";

    private IJSObjectReference? _module;

    /// <summary>
    /// Posts the credentials to <c>POST /api/v1/account/authenticate</c> from the browser. The caller must
    /// drop its copy of the key as soon as this returns.
    /// </summary>
    public async Task<AccountApiResult> AuthenticateAsync(string keyId, string privateKeyPem, string environment, CancellationToken cancellationToken = default)
    {
        try
        {
            var module = await ModuleAsync(cancellationToken);
            return await module.InvokeAsync<AccountApiResult?>("authenticate", cancellationToken, keyId, privateKeyPem, environment)
                ?? AccountApiResult.NoAnswer("The browser returned no answer.");
        }
        catch (Exception ex) when (ex is JSException or JSDisconnectedException or TaskCanceledException)
        {
            // The message is the browser's (or the circuit's); it never contains the request body.
            logger.LogWarning("Sign-in request failed in the browser: {Message}", ex.Message);
            return AccountApiResult.NoAnswer(ex.Message);
        }
    }

    /// <summary>Calls <c>POST /api/v1/account/refresh</c> from the browser (a new token and cookie).</summary>
    public async Task<AccountApiResult> RefreshAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var module = await ModuleAsync(cancellationToken);
            return await module.InvokeAsync<AccountApiResult?>("refresh", cancellationToken)
                ?? AccountApiResult.NoAnswer("The browser returned no answer.");
        }
        catch (Exception ex) when (ex is JSException or JSDisconnectedException or TaskCanceledException)
        {
            return AccountApiResult.NoAnswer(ex.Message);
        }
    }

    /// <summary>
    /// Signs out: <c>DELETE /api/v1/account/logout</c> from the browser (clears the cookie), then reloads to
    /// the signed-out view. The reload happens even when the request fails, so the UI never stays half
    /// signed in.
    /// </summary>
    public async Task SignOutAsync(string? reason = null)
    {
        try
        {
            var module = await ModuleAsync(CancellationToken.None);
            await module.InvokeAsync<AccountApiResult?>("logout");
        }
        catch (Exception ex) when (ex is JSException or JSDisconnectedException or TaskCanceledException)
        {
            logger.LogInformation("Sign-out request did not complete: {Message}", ex.Message);
        }
        var target = reason is null ? "/" : $"/?{ReasonParameter}={Uri.EscapeDataString(reason)}";
        navigation.NavigateTo(target, forceLoad: true);
    }

    /// <summary>Reloads the current page (dropping any <c>reason</c> parameter) so a new circuit picks up a new cookie.</summary>
    public void Reload()
    {
        var uri = navigation.GetUriWithQueryParameter(ReasonParameter, (string?)null);
        navigation.NavigateTo(uri, forceLoad: true);
    }

    public async ValueTask DisposeAsync()
    {
        if (_module is not null)
        {
            try
            {
                await _module.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
            }
        }
    }

    private async ValueTask<IJSObjectReference> ModuleAsync(CancellationToken cancellationToken) =>
        _module ??= await js.InvokeAsync<IJSObjectReference>("import", cancellationToken, ModulePath);
}
