using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MedicalInsurance.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class EnrollmentFacts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_policy_parameters_status",
                table: "policy_parameters");

            migrationBuilder.AlterColumn<long>(
                name: "coverage_id",
                table: "registrations",
                type: "bigint",
                nullable: true,
                oldClrType: typeof(long),
                oldType: "bigint");

            migrationBuilder.AddColumn<decimal>(
                name: "amount",
                table: "registrations",
                type: "numeric(12,2)",
                precision: 12,
                scale: 2,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "paid_on",
                table: "registrations",
                type: "date",
                nullable: false,
                defaultValue: new DateOnly(1, 1, 1));

            migrationBuilder.AddColumn<string>(
                name: "void_reason",
                table: "registrations",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "voided_at",
                table: "registrations",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "voided_by",
                table: "registrations",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "gap_back_paid",
                table: "coverages",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateOnly>(
                name: "previous_coverage_ended_on",
                table: "coverages",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "repair_years",
                table: "coverages",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            // The repair and switch facts become facts of the coverage record (every calculation reads them there);
            // the registration keeps the payment it registered, for the notice.
            migrationBuilder.Sql("""
                update coverages c set repair_years = r.repair_years, previous_coverage_ended_on = r.previous_coverage_ended_on, gap_back_paid = r.gap_back_paid
                from registrations r where r.coverage_id = c.id;
                update registrations r set paid_on = c.paid_on, amount = c.amount from coverages c where c.id = r.coverage_id and c.paid_on is not null;
                """);

            migrationBuilder.DropColumn(
                name: "gap_back_paid",
                table: "registrations");

            migrationBuilder.DropColumn(
                name: "previous_coverage_ended_on",
                table: "registrations");

            migrationBuilder.DropColumn(
                name: "repair_years",
                table: "registrations");

            migrationBuilder.AddCheckConstraint(
                name: "ck_registrations_voided",
                table: "registrations",
                sql: "(voided_at is null) = (void_reason is null) and (voided_at is null or coverage_id is null)");

            migrationBuilder.AddCheckConstraint(
                name: "ck_policy_parameters_status",
                table: "policy_parameters",
                sql: "status in ('confirmed', 'interpretation', 'unconfirmed')");

            migrationBuilder.AddCheckConstraint(
                name: "ck_coverages_repair_years",
                table: "coverages",
                sql: "repair_years >= 0");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_registrations_voided",
                table: "registrations");

            migrationBuilder.DropCheckConstraint(
                name: "ck_policy_parameters_status",
                table: "policy_parameters");

            migrationBuilder.DropCheckConstraint(
                name: "ck_coverages_repair_years",
                table: "coverages");

            migrationBuilder.DropColumn(
                name: "amount",
                table: "registrations");

            migrationBuilder.DropColumn(
                name: "paid_on",
                table: "registrations");

            migrationBuilder.DropColumn(
                name: "void_reason",
                table: "registrations");

            migrationBuilder.DropColumn(
                name: "voided_at",
                table: "registrations");

            migrationBuilder.DropColumn(
                name: "voided_by",
                table: "registrations");

            migrationBuilder.DropColumn(
                name: "gap_back_paid",
                table: "coverages");

            migrationBuilder.DropColumn(
                name: "previous_coverage_ended_on",
                table: "coverages");

            migrationBuilder.DropColumn(
                name: "repair_years",
                table: "coverages");

            migrationBuilder.AlterColumn<long>(
                name: "coverage_id",
                table: "registrations",
                type: "bigint",
                nullable: false,
                defaultValue: 0L,
                oldClrType: typeof(long),
                oldType: "bigint",
                oldNullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "gap_back_paid",
                table: "registrations",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateOnly>(
                name: "previous_coverage_ended_on",
                table: "registrations",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "repair_years",
                table: "registrations",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddCheckConstraint(
                name: "ck_policy_parameters_status",
                table: "policy_parameters",
                sql: "status in ('confirmed', 'unconfirmed')");
        }
    }
}
