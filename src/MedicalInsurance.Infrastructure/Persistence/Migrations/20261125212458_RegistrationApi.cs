using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MedicalInsurance.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class RegistrationApi : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "idempotency_key",
                table: "registrations",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "request_digest",
                table: "registrations",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_registrations_created_by_idempotency_key",
                table: "registrations",
                columns: new[] { "created_by", "idempotency_key" },
                unique: true,
                filter: "idempotency_key is not null");

            migrationBuilder.AddCheckConstraint(
                name: "ck_registrations_idempotency",
                table: "registrations",
                sql: "(idempotency_key is null) = (request_digest is null)");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_registrations_created_by_idempotency_key",
                table: "registrations");

            migrationBuilder.DropCheckConstraint(
                name: "ck_registrations_idempotency",
                table: "registrations");

            migrationBuilder.DropColumn(
                name: "idempotency_key",
                table: "registrations");

            migrationBuilder.DropColumn(
                name: "request_digest",
                table: "registrations");
        }
    }
}
