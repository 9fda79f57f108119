using KalshiPortfolio.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace KalshiPortfolio.Tests.Security;

[Trait("Category", "Unit")]
public sealed class DataDirectoryTests : IDisposable
{
    private const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly string _contentRoot = Directory.CreateTempSubdirectory("kp-root-").FullName;

    public void Dispose() => Directory.Delete(_contentRoot, recursive: true);

    [Fact]
    public void By_default_it_is_data_under_the_content_root()
    {
        var data = DataDirectory.Resolve(Configuration(), _contentRoot);

        data.Root.Should().Be(Path.Combine(_contentRoot, "data"));
        data.DatabasePath.Should().Be(Path.Combine(_contentRoot, "data", "kalshiportfolio.db"));
        data.KeyRingPath.Should().Be(Path.Combine(_contentRoot, "data", "keys"));
        data.SessionKeyPath.Should().Be(Path.Combine(_contentRoot, "data", "session-signing.key"));
        data.SimulatorPath.Should().Be(Path.Combine(_contentRoot, "data", "simulator"));
        data.ConnectionString.Should().Contain(data.DatabasePath);
    }

    [Fact]
    public void A_relative_setting_is_taken_from_the_content_root_and_an_absolute_one_as_it_is()
    {
        var absolute = Path.Combine(_contentRoot, "elsewhere", "absolute");

        DataDirectory.Resolve(Configuration("state/app"), _contentRoot).Root.Should().Be(Path.Combine(_contentRoot, "state", "app"));
        DataDirectory.Resolve(Configuration(absolute), _contentRoot).Root.Should().Be(absolute);
    }

    [Fact]
    public void The_command_line_setting_reaches_the_web_apps_configuration()
    {
        var chosen = Path.Combine(_contentRoot, "from-command-line");
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = [$"--DataDirectory={chosen}"],
            ContentRootPath = _contentRoot,
            EnvironmentName = "Testing",
        });

        DataDirectory.Resolve(builder.Configuration, builder.Environment.ContentRootPath).Root.Should().Be(chosen);
        Directory.Exists(chosen).Should().BeTrue();
    }

    [Fact]
    public void It_is_created_on_first_use_owner_only_with_an_owner_only_database_file()
    {
        var data = DataDirectory.Resolve(Configuration("a/b/c"), _contentRoot);

        Directory.Exists(data.Root).Should().BeTrue();
        Directory.Exists(data.KeyRingPath).Should().BeTrue();
        File.Exists(data.DatabasePath).Should().BeTrue();
        new FileInfo(data.DatabasePath).Length.Should().Be(0, "an empty file is a new SQLite database");
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(data.Root).Should().Be(OwnerOnlyDirectory);
            File.GetUnixFileMode(data.KeyRingPath).Should().Be(OwnerOnlyDirectory);
            File.GetUnixFileMode(data.DatabasePath).Should().Be(OwnerOnlyFile);
        }
    }

    [Fact]
    public void An_existing_directory_keeps_its_contents_and_is_made_owner_only()
    {
        var root = Path.Combine(_contentRoot, "existing");
        Directory.CreateDirectory(root);
        var database = Path.Combine(root, "kalshiportfolio.db");
        File.WriteAllText(database, "not empty");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(root, OwnerOnlyDirectory | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            File.SetUnixFileMode(database, OwnerOnlyFile | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }

        DataDirectory.Resolve(Configuration(root), _contentRoot);

        File.ReadAllText(database).Should().Be("not empty");
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(root).Should().Be(OwnerOnlyDirectory);
            File.GetUnixFileMode(database).Should().Be(OwnerOnlyFile);
        }
    }

    private static IConfiguration Configuration(string? dataDirectory = null) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["DataDirectory"] = dataDirectory }).Build();
}
