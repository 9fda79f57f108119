using KalshiPortfolio.Web.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace KalshiPortfolio.Web.Data;

/// <summary>The app's SQLite database. Used through <see cref="IDbContextFactory{TContext}"/>: one context per unit of work.</summary>
public sealed class PortfolioDbContext(DbContextOptions<PortfolioDbContext> options) : DbContext(options)
{
    public DbSet<UserCredential> UserCredentials => Set<UserCredential>();
    public DbSet<CachedPosition> PositionCache => Set<CachedPosition>();
    public DbSet<CachedAccount> AccountCache => Set<CachedAccount>();
    public DbSet<RevokedToken> RevokedTokens => Set<RevokedToken>();
    public DbSet<DailyBaseline> DailyBaselines => Set<DailyBaseline>();
    public DbSet<UserSessionCutoff> UserSessionCutoffs => Set<UserSessionCutoff>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<UserCredential>(e =>
        {
            e.ToTable("user_credentials");
            e.HasKey(x => x.UserId);
            e.Property(x => x.UserId).HasColumnName("user_id");
            e.Property(x => x.Environment).HasColumnName("environment");
            e.Property(x => x.ProtectedKey).HasColumnName("protected_key");
            e.Property(x => x.CreatedAtUtc).HasColumnName("created_at");
            e.Property(x => x.UpdatedAtUtc).HasColumnName("updated_at");
            e.Property(x => x.InvalidSinceUtc).HasColumnName("invalid_since");
        });

        modelBuilder.Entity<CachedPosition>(e =>
        {
            e.ToTable("position_cache");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.UserId).HasColumnName("user_id");
            e.Property(x => x.Ticker).HasColumnName("ticker");
            e.Property(x => x.MarketTitle).HasColumnName("market_title");
            e.Property(x => x.EventTicker).HasColumnName("event_ticker");
            e.Property(x => x.Position).HasColumnName("position");
            e.Property(x => x.Cost).HasColumnName("cost");
            e.Property(x => x.RealizedPnl).HasColumnName("realized_pnl");
            e.Property(x => x.FeesPaid).HasColumnName("fees_paid");
            e.Property(x => x.YesBid).HasColumnName("yes_bid");
            e.Property(x => x.YesAsk).HasColumnName("yes_ask");
            e.Property(x => x.LastPrice).HasColumnName("last_price");
            e.Property(x => x.QuoteAtUtc).HasColumnName("quote_at");
            e.Property(x => x.UpdatedAtUtc).HasColumnName("updated_at");
            e.Property(x => x.CachedAtUtc).HasColumnName("cached_at");
            e.HasIndex(x => x.UserId).HasDatabaseName("ix_position_cache_user_id");
            e.HasIndex(x => new { x.UserId, x.Ticker }).IsUnique().HasDatabaseName("ix_position_cache_user_id_ticker");
        });

        modelBuilder.Entity<CachedAccount>(e =>
        {
            e.ToTable("account_cache");
            e.HasKey(x => x.UserId);
            e.Property(x => x.UserId).HasColumnName("user_id");
            e.Property(x => x.Cash).HasColumnName("cash");
            e.Property(x => x.UpdatedAtUtc).HasColumnName("updated_at");
        });

        modelBuilder.Entity<RevokedToken>(e =>
        {
            e.ToTable("revoked_tokens");
            e.HasKey(x => x.TokenId);
            e.Property(x => x.TokenId).HasColumnName("token_id");
            e.Property(x => x.UserId).HasColumnName("user_id");
            e.Property(x => x.ExpiresAtUtc).HasColumnName("expires_at");
            e.Property(x => x.RevokedAtUtc).HasColumnName("revoked_at");
            e.HasIndex(x => x.ExpiresAtUtc).HasDatabaseName("ix_revoked_tokens_expires_at");
        });

        modelBuilder.Entity<UserSessionCutoff>(e =>
        {
            e.ToTable("user_session_cutoffs");
            e.HasKey(x => x.UserId);
            e.Property(x => x.UserId).HasColumnName("user_id");
            e.Property(x => x.ValidAfterUtc).HasColumnName("valid_after");
        });

        modelBuilder.Entity<DailyBaseline>(e =>
        {
            e.ToTable("daily_baselines");
            e.HasKey(x => new { x.UserId, x.TradingDay });
            e.Property(x => x.UserId).HasColumnName("user_id");
            e.Property(x => x.TradingDay).HasColumnName("trading_day");
            e.Property(x => x.TotalValue).HasColumnName("total_value");
            e.Property(x => x.RecordedAtUtc).HasColumnName("recorded_at");
        });
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every DateTime the app stores is UTC; SQLite has no type for it, so say so when reading it back.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        // Money and counts are stored as the exact text they were (TEXT, as before), scale included.
        configurationBuilder.Properties<decimal>().HaveConversion<ExactDecimalConverter>();
    }
}
