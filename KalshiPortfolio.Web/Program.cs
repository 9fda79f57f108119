using KalshiPortfolio.Web.Account;
using KalshiPortfolio.Web.Components;
using KalshiPortfolio.Web.Hosting;
using KalshiPortfolio.Web.Security;
using KalshiPortfolio.Web.Services.Ui;
using KalshiPortfolio.Web.Streaming;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using MudBlazor.Services;

var builder = WebApplication.CreateBuilder(args);
var dataDirectory = DataDirectory.Resolve(builder.Configuration, builder.Environment.ContentRootPath);

builder.Services.AddRazorComponents()
    .AddInteractiveServerComponents();
builder.Services.AddMudServices();
builder.Services.AddEmbeddedSimulator(builder.Configuration);
builder.Services.AddPersistence(dataDirectory);
builder.Services.AddSessionAuthentication(builder.Configuration, dataDirectory);
builder.Services.AddKalshiPortfolio(builder.Configuration);
builder.Services.AddPortfolioUi();

var app = builder.Build();
if (!await app.PrepareDatabaseAsync()) { return 1; }

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error", createScopeForErrors: true);
}
app.UseApiErrors();
app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);

app.UseRateLimiter();
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();

app.MapOpenApi();
app.MapPrometheusScrapingEndpoint("/metrics");
app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
app.MapAccountApi();
app.MapSseFeed();

app.MapStaticAssets();
app.MapRazorComponents<App>()
    .AddInteractiveServerRenderMode();

app.Run();
return 0;
