using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MedicalInsurance.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class Dashboards : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "at_increase_ceiling",
                table: "computed_results",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "consecutive_resident_years",
                table: "computed_results",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateOnly>(
                name: "if_late_benefits_from",
                table: "computed_results",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "if_late_waiting_months",
                table: "computed_results",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "if_skip_benefits_from",
                table: "computed_results",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "if_skip_decrease",
                table: "computed_results",
                type: "numeric(12,2)",
                precision: 12,
                scale: 2,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "if_skip_waiting_months",
                table: "computed_results",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "paid_late",
                table: "computed_results",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "dashboard_figures",
                columns: table => new
                {
                    county = table.Column<string>(type: "character(6)", fixedLength: true, maxLength: 6, nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    metric = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    bucket = table.Column<int>(type: "integer", nullable: false),
                    value = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_dashboard_figures", x => new { x.county, x.year, x.metric, x.bucket });
                });

            migrationBuilder.CreateTable(
                name: "dashboard_pending",
                columns: table => new
                {
                    county = table.Column<string>(type: "character(6)", fixedLength: true, maxLength: 6, nullable: false),
                    since = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_dashboard_pending", x => x.county);
                });

            migrationBuilder.CreateTable(
                name: "dashboard_refreshes",
                columns: table => new
                {
                    county = table.Column<string>(type: "character(6)", fixedLength: true, maxLength: 6, nullable: false),
                    refreshed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    as_of = table.Column<DateOnly>(type: "date", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_dashboard_refreshes", x => x.county);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "dashboard_figures");

            migrationBuilder.DropTable(
                name: "dashboard_pending");

            migrationBuilder.DropTable(
                name: "dashboard_refreshes");

            migrationBuilder.DropColumn(
                name: "at_increase_ceiling",
                table: "computed_results");

            migrationBuilder.DropColumn(
                name: "consecutive_resident_years",
                table: "computed_results");

            migrationBuilder.DropColumn(
                name: "if_late_benefits_from",
                table: "computed_results");

            migrationBuilder.DropColumn(
                name: "if_late_waiting_months",
                table: "computed_results");

            migrationBuilder.DropColumn(
                name: "if_skip_benefits_from",
                table: "computed_results");

            migrationBuilder.DropColumn(
                name: "if_skip_decrease",
                table: "computed_results");

            migrationBuilder.DropColumn(
                name: "if_skip_waiting_months",
                table: "computed_results");

            migrationBuilder.DropColumn(
                name: "paid_late",
                table: "computed_results");
        }
    }
}
