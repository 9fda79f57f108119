namespace KalshiPortfolio.Core.Kalshi.Models;

/// <summary>Why an item from Kalshi could not be used.</summary>
public enum KalshiInputProblem
{
    /// <summary>A required field is absent, null or empty (e.g. a null ticker).</summary>
    Missing,

    /// <summary>A field holds the wrong JSON type or text that is not a finite number (<c>NaN</c>, <c>Infinity</c>,
    /// garbage, a number beyond <see cref="decimal"/>).</summary>
    WrongType,

    /// <summary>A number lies outside <see cref="Json.KalshiInputLimits"/>.</summary>
    OutOfRange,

    /// <summary>The item is not a JSON object.</summary>
    NotAnObject,
}
