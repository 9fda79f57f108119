using System.Globalization;

namespace KalshiPortfolio.Tests.E2E;

/// <summary>
/// Screenshots compared with the committed baselines in <c>KalshiPortfolio.Tests/E2E/Baselines/{name}.png</c>
/// (copied to the test output). A screenshot matches when at most <see cref="MaxDifferingRatio"/> of its pixels
/// differ by more than <see cref="ChannelThreshold"/> in some channel. On a mismatch the actual image and a diff
/// image are written to <c>{test output}/screenshot-failures/</c> and named in the failure message.
/// With <c>UPDATE_SCREENSHOTS=1</c> the baselines in the source tree are written instead (then commit them).
/// </summary>
public static class ScreenshotBaselines
{
    public const string UpdateVariable = "UPDATE_SCREENSHOTS";
    public const int ChannelThreshold = 16;
    public const double MaxDifferingRatio = 0.01;

    public static bool UpdateMode => Environment.GetEnvironmentVariable(UpdateVariable) == "1";

    /// <summary>Where the tests read baselines: the copy in the test output.</summary>
    public static string OutputDirectory => Path.Combine(AppContext.BaseDirectory, "E2E", "Baselines");

    /// <summary>Where failures are written.</summary>
    public static string FailureDirectory => Path.Combine(AppContext.BaseDirectory, "screenshot-failures");

    /// <summary>Compares (or, in update mode, records) a screenshot.</summary>
    public static void AssertMatches(string name, byte[] screenshot)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (UpdateMode)
        {
            var source = Path.Combine(SourceDirectory(), "E2E", "Baselines");
            Directory.CreateDirectory(source);
            File.WriteAllBytes(Path.Combine(source, name + ".png"), screenshot);
            Directory.CreateDirectory(OutputDirectory);
            File.WriteAllBytes(Path.Combine(OutputDirectory, name + ".png"), screenshot);
            return;
        }

        var baselinePath = Path.Combine(OutputDirectory, name + ".png");
        if (!File.Exists(baselinePath))
        {
            var written = WriteFailure(name, screenshot, null);
            throw new Xunit.Sdk.XunitException(
                $"No screenshot baseline \"{name}\" ({baselinePath}). Record the baselines with " +
                $"`{UpdateVariable}=1 dotnet test KalshiPortfolio.Tests --filter Category=E2E` and commit KalshiPortfolio.Tests/E2E/Baselines. " +
                $"This run's screenshot: {written.Actual}");
        }

        var difference = ImageDiff.Compare(Png.Decode(File.ReadAllBytes(baselinePath)), Png.Decode(screenshot), ChannelThreshold);
        if (difference.SizeMismatch is null && difference.Ratio <= MaxDifferingRatio)
        {
            return;
        }
        var files = WriteFailure(name, screenshot, difference.Diff);
        var what = difference.SizeMismatch
            ?? string.Create(CultureInfo.InvariantCulture,
                $"{difference.DifferingPixels} of {difference.TotalPixels} pixels differ ({difference.Ratio * 100:0.00}%; at most {MaxDifferingRatio * 100:0.##}% may)");
        throw new Xunit.Sdk.XunitException(
            $"Screenshot \"{name}\" does not match its baseline: {what}.{Environment.NewLine}" +
            $"  baseline: {baselinePath}{Environment.NewLine}" +
            $"  actual:   {files.Actual}{Environment.NewLine}" +
            (files.Diff is null ? "" : $"  diff:     {files.Diff} (differing pixels in magenta){Environment.NewLine}") +
            $"If the change is intended, record new baselines with `{UpdateVariable}=1 dotnet test KalshiPortfolio.Tests --filter Category=E2E`.");
    }

    /// <summary>The test project's folder in the source tree (found from the test output upwards).</summary>
    public static string SourceDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "KalshiPortfolio.Tests.csproj")))
            {
                return dir.FullName;
            }
        }
        throw new DirectoryNotFoundException($"KalshiPortfolio.Tests.csproj was not found above {AppContext.BaseDirectory}.");
    }

    private static (string Actual, string? Diff) WriteFailure(string name, byte[] screenshot, RgbaImage? diff)
    {
        Directory.CreateDirectory(FailureDirectory);
        var actual = Path.Combine(FailureDirectory, name + ".actual.png");
        File.WriteAllBytes(actual, screenshot);
        string? diffPath = null;
        if (diff is not null)
        {
            diffPath = Path.Combine(FailureDirectory, name + ".diff.png");
            File.WriteAllBytes(diffPath, Png.Encode(diff));
        }
        return (actual, diffPath);
    }
}
