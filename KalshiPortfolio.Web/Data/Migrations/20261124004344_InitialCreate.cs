using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KalshiPortfolio.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class InitialCreate : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "account_cache",
                columns: table => new
                {
                    user_id = table.Column<string>(type: "TEXT", nullable: false),
                    cash = table.Column<decimal>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_account_cache", x => x.user_id);
                });

            migrationBuilder.CreateTable(
                name: "daily_baselines",
                columns: table => new
                {
                    user_id = table.Column<string>(type: "TEXT", nullable: false),
                    trading_day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    total_value = table.Column<decimal>(type: "TEXT", nullable: false),
                    recorded_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_daily_baselines", x => new { x.user_id, x.trading_day });
                });

            migrationBuilder.CreateTable(
                name: "position_cache",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    user_id = table.Column<string>(type: "TEXT", nullable: false),
                    ticker = table.Column<string>(type: "TEXT", nullable: false),
                    market_title = table.Column<string>(type: "TEXT", nullable: true),
                    event_ticker = table.Column<string>(type: "TEXT", nullable: true),
                    position = table.Column<decimal>(type: "TEXT", nullable: false),
                    cost = table.Column<decimal>(type: "TEXT", nullable: false),
                    realized_pnl = table.Column<decimal>(type: "TEXT", nullable: false),
                    fees_paid = table.Column<decimal>(type: "TEXT", nullable: false),
                    yes_bid = table.Column<decimal>(type: "TEXT", nullable: true),
                    yes_ask = table.Column<decimal>(type: "TEXT", nullable: true),
                    last_price = table.Column<decimal>(type: "TEXT", nullable: true),
                    quote_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    cached_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_position_cache", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "revoked_tokens",
                columns: table => new
                {
                    token_id = table.Column<string>(type: "TEXT", nullable: false),
                    user_id = table.Column<string>(type: "TEXT", nullable: false),
                    expires_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    revoked_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_revoked_tokens", x => x.token_id);
                });

            migrationBuilder.CreateTable(
                name: "user_credentials",
                columns: table => new
                {
                    user_id = table.Column<string>(type: "TEXT", nullable: false),
                    environment = table.Column<string>(type: "TEXT", nullable: false),
                    protected_key = table.Column<string>(type: "TEXT", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    invalid_since = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_user_credentials", x => x.user_id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_position_cache_user_id",
                table: "position_cache",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_position_cache_user_id_ticker",
                table: "position_cache",
                columns: new[] { "user_id", "ticker" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_revoked_tokens_expires_at",
                table: "revoked_tokens",
                column: "expires_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "account_cache");

            migrationBuilder.DropTable(
                name: "daily_baselines");

            migrationBuilder.DropTable(
                name: "position_cache");

            migrationBuilder.DropTable(
                name: "revoked_tokens");

            migrationBuilder.DropTable(
                name: "user_credentials");
        }
    }
}
