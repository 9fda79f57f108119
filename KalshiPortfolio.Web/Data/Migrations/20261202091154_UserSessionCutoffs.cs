using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KalshiPortfolio.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class UserSessionCutoffs : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "user_session_cutoffs",
                columns: table => new
                {
                    user_id = table.Column<string>(type: "TEXT", nullable: false),
                    valid_after = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_user_session_cutoffs", x => x.user_id);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "user_session_cutoffs");
        }
    }
}
