using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MedicalInsurance.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class EnrollmentTargets : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "enrollment_targets",
                columns: table => new
                {
                    county = table.Column<string>(type: "character(6)", fixedLength: true, maxLength: 6, nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    percent = table.Column<decimal>(type: "numeric(4,1)", precision: 4, scale: 1, nullable: false),
                    set_by = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    set_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_enrollment_targets", x => new { x.county, x.year });
                    table.CheckConstraint("ck_enrollment_targets_percent", "percent between 0 and 100");
                    table.ForeignKey(
                        name: "fk_enrollment_targets_regions_county",
                        column: x => x.county,
                        principalTable: "regions",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_persons_lives_in_ended",
                table: "persons",
                column: "lives_in_county",
                filter: "status <> 'Present'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "enrollment_targets");

            migrationBuilder.DropIndex(
                name: "ix_persons_lives_in_ended",
                table: "persons");
        }
    }
}
