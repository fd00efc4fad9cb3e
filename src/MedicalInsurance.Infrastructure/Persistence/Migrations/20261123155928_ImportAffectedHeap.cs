using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MedicalInsurance.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class ImportAffectedHeap : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_import_affected_import_runs_import_id",
                table: "import_affected");

            migrationBuilder.DropPrimaryKey(
                name: "pk_import_affected",
                table: "import_affected");

            migrationBuilder.CreateIndex(
                name: "ix_import_affected_import_id",
                table: "import_affected",
                column: "import_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_import_affected_import_id",
                table: "import_affected");

            migrationBuilder.AddPrimaryKey(
                name: "pk_import_affected",
                table: "import_affected",
                columns: new[] { "import_id", "person_id" });

            migrationBuilder.AddForeignKey(
                name: "fk_import_affected_import_runs_import_id",
                table: "import_affected",
                column: "import_id",
                principalTable: "import_runs",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);
        }
    }
}
