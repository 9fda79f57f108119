using MudBlazor;

namespace KalshiPortfolio.Web.Components.Layout;

/// <summary>A calm, dense trading-screen theme: dark by default, with a light variant.</summary>
public static class PortfolioTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteDark = new PaletteDark
        {
            Primary = "#5b8def",
            Secondary = "#a78bfa",
            Info = "#4fb3ff",
            Success = "#2fbf71",
            Error = "#ef5350",
            Warning = "#e0b341",
            Background = "#0d1117",
            BackgroundGray = "#11161e",
            Surface = "#141a23",
            AppbarBackground = "#10151d",
            AppbarText = "#e6e9ee",
            DrawerBackground = "#11161e",
            TextPrimary = "#e6e9ee",
            TextSecondary = "#98a2b3",
            ActionDefault = "#a9b3c1",
            Divider = "#232b38",
            DividerLight = "#1b222d",
            LinesDefault = "#263040",
            LinesInputs = "#334155",
            TableLines = "#222a36",
            Skeleton = "rgba(255,255,255,0.07)",
        },
        PaletteLight = new PaletteLight
        {
            Primary = "#2f5fd0",
            Secondary = "#7c3aed",
            Info = "#0277bd",
            Success = "#15803d",
            Error = "#c62828",
            Warning = "#b7791f",
            Background = "#f5f6f8",
            Surface = "#ffffff",
            AppbarBackground = "#ffffff",
            AppbarText = "#1b1f24",
            DrawerBackground = "#fbfbfc",
            TextPrimary = "#1b1f24",
            TextSecondary = "#5b6472",
            Divider = "#e3e6eb",
            LinesDefault = "#dfe3e8",
            TableLines = "#e6e9ee",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography
            {
                FontFamily = ["Inter", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"],
                FontSize = ".8125rem",
            },
            Body1 = new Body1Typography { FontSize = ".8125rem", LineHeight = "1.45" },
            Body2 = new Body2Typography { FontSize = ".75rem", LineHeight = "1.4" },
            Subtitle1 = new Subtitle1Typography { FontSize = ".875rem" },
            Button = new ButtonTypography { FontSize = ".75rem", LetterSpacing = ".04em" },
            Caption = new CaptionTypography { FontSize = ".6875rem" },
        },
        LayoutProperties = new LayoutProperties
        {
            DefaultBorderRadius = "6px",
        },
    };
}
