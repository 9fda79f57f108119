using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace KalshiPortfolio.Web.Data;

/// <summary>Stores UTC and reads back <see cref="DateTimeKind.Utc"/> (SQLite keeps no kind).</summary>
public sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
    v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
