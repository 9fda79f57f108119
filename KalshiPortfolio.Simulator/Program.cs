namespace KalshiPortfolio.Simulator;

/// <summary>Standalone entry point: <c>dotnet run --project KalshiPortfolio.Simulator</c>.</summary>
internal static class SimulatorProgram
{
    public static async Task Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        var app = builder.Build();
        await app.RunAsync();
    }
}
