using System.Buffers.Binary;
using System.IO.Compression;

namespace KalshiPortfolio.Tests.E2E;

/// <summary>An 8-bit RGBA image: <see cref="Pixels"/> holds 4 bytes per pixel, row by row.</summary>
public sealed record RgbaImage(int Width, int Height, byte[] Pixels)
{
    public int Offset(int x, int y) => (y * Width + x) * 4;
}

/// <summary>
/// Just enough PNG for screenshot baselines (no image library is available here): decodes non-interlaced 8-bit
/// grey, grey+alpha, RGB and RGBA images (what Chromium writes), and encodes RGBA.
/// </summary>
public static class Png
{
    private static readonly byte[] Signature = [137, 80, 78, 71, 13, 10, 26, 10];

    public static RgbaImage Decode(byte[] png)
    {
        ArgumentNullException.ThrowIfNull(png);
        if (png.Length < Signature.Length || !png.AsSpan(0, Signature.Length).SequenceEqual(Signature))
        {
            throw new InvalidDataException("Not a PNG file.");
        }
        int width = 0, height = 0, channels = 0;
        using var idat = new MemoryStream();
        var position = Signature.Length;
        while (position + 8 <= png.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(position));
            var type = System.Text.Encoding.ASCII.GetString(png, position + 4, 4);
            var data = png.AsSpan(position + 8, length);
            position += 12 + length;
            switch (type)
            {
                case "IHDR":
                    width = BinaryPrimitives.ReadInt32BigEndian(data);
                    height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                    var (bitDepth, colorType, interlace) = (data[8], data[9], data[12]);
                    if (bitDepth != 8 || interlace != 0)
                    {
                        throw new NotSupportedException($"Only 8-bit non-interlaced PNGs are supported (bit depth {bitDepth}, interlace {interlace}).");
                    }
                    channels = colorType switch
                    {
                        0 => 1,
                        2 => 3,
                        4 => 2,
                        6 => 4,
                        _ => throw new NotSupportedException($"PNG colour type {colorType} is not supported."),
                    };
                    break;
                case "IDAT":
                    idat.Write(data);
                    break;
                case "IEND":
                    position = png.Length;
                    break;
            }
        }
        if (channels == 0)
        {
            throw new InvalidDataException("The PNG has no IHDR chunk.");
        }

        var stride = width * channels;
        var raw = new byte[(stride + 1) * height];
        idat.Position = 0;
        using (var zlib = new ZLibStream(idat, CompressionMode.Decompress))
        {
            zlib.ReadExactly(raw);
        }
        var pixels = new byte[width * height * 4];
        var previous = new byte[stride];
        var current = new byte[stride];
        for (var y = 0; y < height; y++)
        {
            var row = y * (stride + 1);
            Unfilter(raw[row], raw.AsSpan(row + 1, stride), previous, current, channels);
            for (var x = 0; x < width; x++)
            {
                var s = x * channels;
                var d = (y * width + x) * 4;
                switch (channels)
                {
                    case 1:
                        pixels[d] = pixels[d + 1] = pixels[d + 2] = current[s];
                        pixels[d + 3] = 255;
                        break;
                    case 2:
                        pixels[d] = pixels[d + 1] = pixels[d + 2] = current[s];
                        pixels[d + 3] = current[s + 1];
                        break;
                    case 3:
                        pixels[d] = current[s];
                        pixels[d + 1] = current[s + 1];
                        pixels[d + 2] = current[s + 2];
                        pixels[d + 3] = 255;
                        break;
                    default:
                        current.AsSpan(s, 4).CopyTo(pixels.AsSpan(d));
                        break;
                }
            }
            (previous, current) = (current, previous);
        }
        return new RgbaImage(width, height, pixels);
    }

    public static byte[] Encode(RgbaImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var stride = image.Width * 4;
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            for (var y = 0; y < image.Height; y++)
            {
                zlib.WriteByte(0); // filter: none
                zlib.Write(image.Pixels, y * stride, stride);
            }
        }
        using var png = new MemoryStream();
        png.Write(Signature);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, image.Width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), image.Height);
        header[8] = 8;  // bit depth
        header[9] = 6;  // RGBA
        WriteChunk(png, "IHDR", header);
        WriteChunk(png, "IDAT", compressed.ToArray());
        WriteChunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Unfilter(byte filter, ReadOnlySpan<byte> line, ReadOnlySpan<byte> previous, Span<byte> current, int bpp)
    {
        for (var i = 0; i < line.Length; i++)
        {
            var left = i >= bpp ? current[i - bpp] : 0;
            var up = previous[i];
            var upLeft = i >= bpp ? previous[i - bpp] : 0;
            current[i] = (byte)(line[i] + filter switch
            {
                0 => 0,
                1 => left,
                2 => up,
                3 => (left + up) / 2,
                4 => Paeth(left, up, upLeft),
                _ => throw new InvalidDataException($"Unknown PNG filter type {filter}."),
            });
        }
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        var (pa, pb, pc) = (Math.Abs(p - a), Math.Abs(p - b), Math.Abs(p - c));
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private static void WriteChunk(Stream stream, string type, byte[] data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        stream.Write(word);
        var typeBytes = System.Text.Encoding.ASCII.GetBytes(type);
        stream.Write(typeBytes);
        stream.Write(data);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc32(typeBytes, data));
        stream.Write(word);
    }

    private static readonly uint[] CrcTable = Enumerable.Range(0, 256).Select(n =>
    {
        var c = (uint)n;
        for (var k = 0; k < 8; k++)
        {
            c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        }
        return c;
    }).ToArray();

    private static uint Crc32(byte[] type, byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in type)
        {
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }
        foreach (var b in data)
        {
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }
        return crc ^ 0xFFFFFFFFu;
    }
}
