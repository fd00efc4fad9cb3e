using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MedicalInsurance.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class CallListIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_computed_results_unpaid",
                table: "computed_results",
                columns: new[] { "household_county", "year", "person_id" },
                filter: "not resident_insured");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_computed_results_unpaid",
                table: "computed_results");
        }
    }
}
