namespace KalshiPortfolio.Tests.E2E;

/// <summary>The screenshot comparison's own parts: the PNG codec and the pixel diff. No browser needed.</summary>
[Trait("Category", "E2E")]
public class ScreenshotComparisonTests
{
    // 3×5 RGB written by Python's zlib, row y filtered with PNG filter type y (none, sub, up, average, paeth).
    private const string AllFilters =
        "iVBORw0KGgoAAAANSUhEUgAAAAMAAAAFCAIAAAAPE8H1AAAAL0lEQVR4nGNgYP/vJn29R389o1ziMzeRG0DEJBf1HIKYbXb4GW1/AEQsIAEREAIA4AkT/kyRuVAAAAAASUVORK5CYII=";

    [Fact]
    public void Decodes_every_filter_type()
    {
        var image = Png.Decode(Convert.FromBase64String(AllFilters));

        image.Width.Should().Be(3);
        image.Height.Should().Be(5);
        for (var y = 0; y < 5; y++)
        {
            for (var x = 0; x < 3; x++)
            {
                var o = image.Offset(x, y);
                image.Pixels[o..(o + 4)].Should().Equal(
                    (byte)((x * 70 + y * 30) % 256), (byte)((x * 20 + y * 90 + 7) % 256), (byte)((255 - x * 40 - y * 25 + 256) % 256), (byte)255);
            }
        }
    }

    [Fact]
    public void Encoded_images_decode_to_the_same_pixels()
    {
        var pixels = Enumerable.Range(0, 7 * 4 * 4).Select(i => (byte)(i * 37 % 256)).ToArray();
        var image = new RgbaImage(7, 4, pixels);

        var decoded = Png.Decode(Png.Encode(image));

        decoded.Width.Should().Be(7);
        decoded.Height.Should().Be(4);
        decoded.Pixels.Should().Equal(pixels);
    }

    [Fact]
    public void Rejects_what_is_not_a_png()
    {
        var act = () => Png.Decode([1, 2, 3, 4, 5, 6, 7, 8, 9]);

        act.Should().Throw<InvalidDataException>();
    }

    [Fact]
    public void Differences_within_the_threshold_are_ignored_and_larger_ones_counted()
    {
        var expected = Solid(10, 10, 100);
        var actual = Solid(10, 10, 100);
        actual.Pixels[actual.Offset(1, 1)] = 116;      // +16 on red: noise
        actual.Pixels[actual.Offset(2, 2) + 2] = 117;  // +17 on blue: a change
        actual.Pixels[actual.Offset(3, 3) + 3] = 0;    // alpha: a change

        var difference = ImageDiff.Compare(expected, actual, channelThreshold: 16);

        difference.DifferingPixels.Should().Be(2);
        difference.TotalPixels.Should().Be(100);
        difference.Ratio.Should().Be(0.02);
        difference.Diff!.Pixels[actual.Offset(2, 2)..(actual.Offset(2, 2) + 4)].Should().Equal(255, 0, 255, 255);
        difference.Diff.Pixels[actual.Offset(1, 1)].Should().NotBe(255);
    }

    [Fact]
    public void Different_sizes_differ_entirely()
    {
        var difference = ImageDiff.Compare(Solid(10, 10, 0), Solid(10, 12, 0), 16);

        difference.SizeMismatch.Should().Be("expected 10×10, got 10×12");
        difference.Ratio.Should().Be(1);
    }

    [Fact]
    public void A_mismatch_fails_with_the_paths_of_the_actual_and_diff_images()
    {
        if (ScreenshotBaselines.UpdateMode)
        {
            return; // update mode records baselines instead of comparing
        }
        var name = "comparison-self-test-" + Guid.NewGuid().ToString("N");
        var baseline = Path.Combine(ScreenshotBaselines.OutputDirectory, name + ".png");
        Directory.CreateDirectory(ScreenshotBaselines.OutputDirectory);
        File.WriteAllBytes(baseline, Png.Encode(Solid(20, 20, 0)));
        try
        {
            ScreenshotBaselines.AssertMatches(name, Png.Encode(Solid(20, 20, 0)));
            var changed = Solid(20, 20, 0);
            for (var x = 0; x < 20; x++)
            {
                changed.Pixels[changed.Offset(x, 0)] = 200; // one row of 20: 5 %
            }

            var act = () => ScreenshotBaselines.AssertMatches(name, Png.Encode(changed));

            var message = act.Should().Throw<Xunit.Sdk.XunitException>().Which.Message;
            message.Should().Contain("20 of 400 pixels differ (5.00%");
            var actualPath = Path.Combine(ScreenshotBaselines.FailureDirectory, name + ".actual.png");
            var diffPath = Path.Combine(ScreenshotBaselines.FailureDirectory, name + ".diff.png");
            message.Should().Contain(actualPath).And.Contain(diffPath);
            Png.Decode(File.ReadAllBytes(diffPath)).Pixels[0..4].Should().Equal(255, 0, 255, 255);
            File.Delete(actualPath);
            File.Delete(diffPath);
        }
        finally
        {
            File.Delete(baseline);
        }
    }

    private static RgbaImage Solid(int width, int height, byte value)
    {
        var pixels = new byte[width * height * 4];
        for (var i = 0; i < pixels.Length; i += 4)
        {
            (pixels[i], pixels[i + 1], pixels[i + 2], pixels[i + 3]) = (value, value, value, 255);
        }
        return new RgbaImage(width, height, pixels);
    }
}
