using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace MedicalInsurance.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class Newborns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "newborns_merged",
                table: "import_runs",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.CreateTable(
                name: "newborn_files",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    certificate_number = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    name = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    birth_date = table.Column<DateOnly>(type: "date", nullable: false),
                    mother_id_number = table.Column<string>(type: "character(18)", fixedLength: true, maxLength: 18, nullable: false),
                    county = table.Column<string>(type: "character(6)", fixedLength: true, maxLength: 6, nullable: false),
                    township = table.Column<string>(type: "character(9)", fixedLength: true, maxLength: 9, nullable: true),
                    import_id = table.Column<long>(type: "bigint", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    person_id = table.Column<long>(type: "bigint", nullable: true),
                    merged_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    merged_by_import_id = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_newborn_files", x => x.id);
                    table.CheckConstraint("ck_newborn_files_certificate", "certificate_number ~ '^[A-Z][0-9]{9}$'");
                    table.CheckConstraint("ck_newborn_files_merged", "(person_id is null) = (merged_at is null)");
                    table.CheckConstraint("ck_newborn_files_mother", "mother_id_number ~ '^[0-9]{17}[0-9X]$'");
                    table.CheckConstraint("ck_newborn_files_township", "township is null or left(township, 6) = county");
                    table.ForeignKey(
                        name: "fk_newborn_files_import_runs_import_id",
                        column: x => x.import_id,
                        principalTable: "import_runs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_newborn_files_import_runs_merged_by_import_id",
                        column: x => x.merged_by_import_id,
                        principalTable: "import_runs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_newborn_files_persons_person_id",
                        column: x => x.person_id,
                        principalTable: "persons",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_newborn_files_regions_county",
                        column: x => x.county,
                        principalTable: "regions",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_newborn_files_certificate_number",
                table: "newborn_files",
                column: "certificate_number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_newborn_files_import_id",
                table: "newborn_files",
                column: "import_id");

            migrationBuilder.CreateIndex(
                name: "ix_newborn_files_merged_by_import_id",
                table: "newborn_files",
                column: "merged_by_import_id");

            migrationBuilder.CreateIndex(
                name: "ix_newborn_files_open_county",
                table: "newborn_files",
                columns: new[] { "county", "birth_date" },
                filter: "person_id is null");

            migrationBuilder.CreateIndex(
                name: "ix_newborn_files_open_mother",
                table: "newborn_files",
                columns: new[] { "mother_id_number", "birth_date" },
                filter: "person_id is null");

            migrationBuilder.CreateIndex(
                name: "ix_newborn_files_person_id",
                table: "newborn_files",
                column: "person_id",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "newborn_files");

            migrationBuilder.DropColumn(
                name: "newborns_merged",
                table: "import_runs");
        }
    }
}
