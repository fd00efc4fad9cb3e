using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MedicalInsurance.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class CoverageCounty : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "county",
                table: "coverages",
                type: "character(6)",
                fixedLength: true,
                maxLength: 6,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_coverages_county",
                table: "coverages",
                column: "county");

            migrationBuilder.AddForeignKey(
                name: "fk_coverages_regions_county",
                table: "coverages",
                column: "county",
                principalTable: "regions",
                principalColumn: "code",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_coverages_regions_county",
                table: "coverages");

            migrationBuilder.DropIndex(
                name: "ix_coverages_county",
                table: "coverages");

            migrationBuilder.DropColumn(
                name: "county",
                table: "coverages");
        }
    }
}
