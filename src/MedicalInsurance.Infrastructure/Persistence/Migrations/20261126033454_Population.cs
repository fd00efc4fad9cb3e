using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MedicalInsurance.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class Population : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "household_number",
                table: "persons",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "household_township",
                table: "persons",
                type: "character(9)",
                fixedLength: true,
                maxLength: 9,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "population_import_id",
                table: "persons",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "residence_county",
                table: "persons",
                type: "character(6)",
                fixedLength: true,
                maxLength: 6,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "residence_township",
                table: "persons",
                type: "character(9)",
                fixedLength: true,
                maxLength: 9,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "status",
                table: "persons",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "Present");

            migrationBuilder.AddColumn<DateOnly>(
                name: "status_date",
                table: "persons",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "flagged_townships",
                table: "import_runs",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "lives_in_county",
                table: "persons",
                type: "character(6)",
                fixedLength: true,
                maxLength: 6,
                nullable: false,
                computedColumnSql: "coalesce(residence_county, household_county)",
                stored: true);

            migrationBuilder.AddColumn<string>(
                name: "lives_in_township",
                table: "persons",
                type: "character(9)",
                fixedLength: true,
                maxLength: 9,
                nullable: true,
                computedColumnSql: "case when residence_county is null then household_township else residence_township end",
                stored: true);

            migrationBuilder.CreateTable(
                name: "sms_templates",
                columns: table => new
                {
                    region_code = table.Column<string>(type: "character(6)", fixedLength: true, maxLength: 6, nullable: false),
                    text = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    updated_by = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sms_templates", x => x.region_code);
                    table.ForeignKey(
                        name: "fk_sms_templates_regions_region_code",
                        column: x => x.region_code,
                        principalTable: "regions",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "townships",
                columns: table => new
                {
                    code = table.Column<string>(type: "character(9)", fixedLength: true, maxLength: 9, nullable: false),
                    name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    county = table.Column<string>(type: "character(6)", fixedLength: true, maxLength: 6, nullable: false),
                    reference = table.Column<bool>(type: "boolean", nullable: false),
                    first_import_id = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_townships", x => x.code);
                    table.CheckConstraint("ck_townships_code", "code ~ '^[0-9]{9}$' and left(code, 6) = county");
                    table.ForeignKey(
                        name: "fk_townships_regions_county",
                        column: x => x.county,
                        principalTable: "regions",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_persons_household",
                table: "persons",
                columns: new[] { "household_county", "household_number" });

            migrationBuilder.CreateIndex(
                name: "ix_persons_registered_list",
                table: "persons",
                columns: new[] { "household_county", "household_township", "household_number", "id" },
                filter: "status = 'Present'");

            migrationBuilder.CreateIndex(
                name: "ix_persons_residence_list",
                table: "persons",
                columns: new[] { "lives_in_county", "lives_in_township", "household_number", "id" },
                filter: "status = 'Present'");

            migrationBuilder.AddCheckConstraint(
                name: "ck_persons_household_township",
                table: "persons",
                sql: "household_township is null or left(household_township, 6) = household_county");

            migrationBuilder.AddCheckConstraint(
                name: "ck_persons_residence_township",
                table: "persons",
                sql: "residence_township is null or left(residence_township, 6) = coalesce(residence_county, household_county)");

            migrationBuilder.CreateIndex(
                name: "ix_townships_county",
                table: "townships",
                column: "county");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "sms_templates");

            migrationBuilder.DropTable(
                name: "townships");

            migrationBuilder.DropIndex(
                name: "ix_persons_household",
                table: "persons");

            migrationBuilder.DropIndex(
                name: "ix_persons_registered_list",
                table: "persons");

            migrationBuilder.DropIndex(
                name: "ix_persons_residence_list",
                table: "persons");

            migrationBuilder.DropCheckConstraint(
                name: "ck_persons_household_township",
                table: "persons");

            migrationBuilder.DropCheckConstraint(
                name: "ck_persons_residence_township",
                table: "persons");

            migrationBuilder.DropColumn(
                name: "lives_in_county",
                table: "persons");

            migrationBuilder.DropColumn(
                name: "lives_in_township",
                table: "persons");

            migrationBuilder.DropColumn(
                name: "household_number",
                table: "persons");

            migrationBuilder.DropColumn(
                name: "household_township",
                table: "persons");

            migrationBuilder.DropColumn(
                name: "population_import_id",
                table: "persons");

            migrationBuilder.DropColumn(
                name: "residence_county",
                table: "persons");

            migrationBuilder.DropColumn(
                name: "residence_township",
                table: "persons");

            migrationBuilder.DropColumn(
                name: "status",
                table: "persons");

            migrationBuilder.DropColumn(
                name: "status_date",
                table: "persons");

            migrationBuilder.DropColumn(
                name: "flagged_townships",
                table: "import_runs");
        }
    }
}
