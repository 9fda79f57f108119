namespace KalshiPortfolio.Tests.E2E;

/// <summary>How two images differ.</summary>
/// <param name="DifferingPixels">Pixels whose largest channel difference exceeds the threshold.</param>
/// <param name="TotalPixels">Pixels compared (the larger image's when the sizes differ).</param>
/// <param name="SizeMismatch">A description when the sizes differ (then every pixel counts as different).</param>
/// <param name="Diff">The actual image dimmed to grey, with the differing pixels in magenta.</param>
public sealed record ImageDifference(long DifferingPixels, long TotalPixels, string? SizeMismatch, RgbaImage? Diff)
{
    public double Ratio => TotalPixels == 0 ? 0 : (double)DifferingPixels / TotalPixels;
}

public static class ImageDiff
{
    /// <summary>
    /// Compares pixel by pixel: a pixel differs when any of its channels (alpha included) differs by more than
    /// <paramref name="channelThreshold"/> (0–255), which absorbs anti-aliasing noise.
    /// </summary>
    public static ImageDifference Compare(RgbaImage expected, RgbaImage actual, int channelThreshold)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        if (expected.Width != actual.Width || expected.Height != actual.Height)
        {
            var total = (long)Math.Max(expected.Width, actual.Width) * Math.Max(expected.Height, actual.Height);
            return new ImageDifference(total, total, $"expected {expected.Width}×{expected.Height}, got {actual.Width}×{actual.Height}", null);
        }

        var diff = new byte[actual.Pixels.Length];
        long differing = 0;
        var (a, e) = (actual.Pixels, expected.Pixels);
        for (var i = 0; i < a.Length; i += 4)
        {
            var delta = Math.Max(
                Math.Max(Math.Abs(a[i] - e[i]), Math.Abs(a[i + 1] - e[i + 1])),
                Math.Max(Math.Abs(a[i + 2] - e[i + 2]), Math.Abs(a[i + 3] - e[i + 3])));
            if (delta > channelThreshold)
            {
                differing++;
                (diff[i], diff[i + 1], diff[i + 2]) = ((byte)255, (byte)0, (byte)255);
            }
            else
            {
                var grey = (byte)(64 + (a[i] * 30 + a[i + 1] * 59 + a[i + 2] * 11) / 100 / 4);
                (diff[i], diff[i + 1], diff[i + 2]) = (grey, grey, grey);
            }
            diff[i + 3] = 255;
        }
        return new ImageDifference(differing, a.Length / 4, null, new RgbaImage(actual.Width, actual.Height, diff));
    }
}
