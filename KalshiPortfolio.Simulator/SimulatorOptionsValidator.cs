using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace KalshiPortfolio.Simulator;

/// <summary>Validates <see cref="SimulatorOptions"/>: the DataAnnotations ranges plus the rules they cannot express.</summary>
public sealed class SimulatorOptionsValidator : IValidateOptions<SimulatorOptions>
{
    public ValidateOptionsResult Validate(string? name, SimulatorOptions options)
    {
        var failures = new List<string>();
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            failures.AddRange(results.Select(r => r.ErrorMessage ?? "invalid value"));
        }

        if (!Uri.TryCreate(options.Url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp)
        {
            failures.Add($"Simulator:Url must be an absolute http:// URL (got '{options.Url}').");
        }
        if (options.TimestampWindow <= TimeSpan.Zero || options.TimestampWindow > TimeSpan.FromHours(1))
        {
            failures.Add("Simulator:TimestampWindow must be positive and at most one hour.");
        }
        if (options.PingInterval <= TimeSpan.Zero)
        {
            failures.Add("Simulator:PingInterval must be positive.");
        }
        if (options.RateLimitBucketCapacity < options.RateLimitTokensPerRequest)
        {
            failures.Add("Simulator:RateLimitBucketCapacity must hold at least one request's tokens.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Throws <see cref="OptionsValidationException"/> when the options are invalid.</summary>
    public static void ThrowIfInvalid(SimulatorOptions options)
    {
        var result = new SimulatorOptionsValidator().Validate(Options.DefaultName, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(SimulatorOptions), result.Failures);
        }
    }
}
