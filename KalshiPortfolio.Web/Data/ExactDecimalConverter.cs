using System.Globalization;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace KalshiPortfolio.Web.Data;

/// <summary>
/// Stores a decimal as its exact invariant text, scale included ("4.00" stays "4.00"). EF's SQLite default writes
/// "0.0###…", so a cached 4.00 came back as 4.0 and a cost of 1.200000 as 1.2: equal values, but not the figures
/// Kalshi sent, and served differently before and after a restart.
/// </summary>
public sealed class ExactDecimalConverter() : ValueConverter<decimal, string>(
    v => v.ToString(CultureInfo.InvariantCulture),
    v => decimal.Parse(v, NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture));
