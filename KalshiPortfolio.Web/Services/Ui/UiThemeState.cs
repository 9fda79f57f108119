using Microsoft.JSInterop;

namespace KalshiPortfolio.Web.Services.Ui;

/// <summary>
/// Dark or light, per circuit. Dark by default; the choice is kept in a plain (not HttpOnly) cookie
/// <c>kp_theme</c> that the page request reads, so the first paint already has the right theme.
/// </summary>
public sealed class UiThemeState(IJSRuntime js)
{
    public const string CookieName = "kp_theme";
    public const string ModulePath = "./js/theme.js";

    private bool _initialized;

    public bool IsDarkMode { get; private set; } = true;

    /// <summary>Raised on the dispatcher after the theme changed.</summary>
    public event Action? Changed;

    /// <summary>Takes the theme the page request carried (first call wins).</summary>
    public void Initialize(bool isDarkMode)
    {
        if (!_initialized)
        {
            _initialized = true;
            IsDarkMode = isDarkMode;
        }
    }

    public async Task ToggleAsync()
    {
        _initialized = true;
        IsDarkMode = !IsDarkMode;
        Changed?.Invoke();
        try
        {
            await using var module = await js.InvokeAsync<IJSObjectReference>("import", ModulePath);
            await module.InvokeVoidAsync("setTheme", IsDarkMode ? "dark" : "light");
        }
        catch (Exception ex) when (ex is JSException or JSDisconnectedException or TaskCanceledException or InvalidOperationException)
        {
            // The theme still applies to this circuit; it just won't be remembered.
        }
    }

    /// <summary>Reads the cookie's value: anything but "light" is dark.</summary>
    public static bool IsDarkCookie(string? value) => !string.Equals(value, "light", StringComparison.OrdinalIgnoreCase);
}
