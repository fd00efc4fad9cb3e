using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace MedicalInsurance.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class PersonFile : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "policy_id",
                table: "regions",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "audit_entries",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    user_name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    client_address = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    action = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    person_id = table.Column<long>(type: "bigint", nullable: true),
                    details = table.Column<string>(type: "jsonb", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_audit_entries", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "persons",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    id_number = table.Column<string>(type: "character(18)", fixedLength: true, maxLength: 18, nullable: false),
                    name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    birth_date = table.Column<DateOnly>(type: "date", nullable: false),
                    sex = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    household_county = table.Column<string>(type: "character(6)", fixedLength: true, maxLength: 6, nullable: false),
                    phone = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    notes = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    needs_review = table.Column<bool>(type: "boolean", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_persons", x => x.id);
                    table.CheckConstraint("ck_persons_id_number", "id_number ~ '^[0-9]{17}[0-9X]$'");
                    table.ForeignKey(
                        name: "fk_persons_regions_household_county",
                        column: x => x.household_county,
                        principalTable: "regions",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "policy_parameters",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    province = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    pooling_region = table.Column<string>(type: "character(6)", fixedLength: true, maxLength: 6, nullable: true),
                    name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    from_year = table.Column<int>(type: "integer", nullable: true),
                    to_year = table.Column<int>(type: "integer", nullable: true),
                    value = table.Column<string>(type: "jsonb", nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    citation = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    source = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    position = table.Column<int>(type: "integer", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_policy_parameters", x => x.id);
                    table.CheckConstraint("ck_policy_parameters_status", "status in ('confirmed', 'unconfirmed')");
                    table.CheckConstraint("ck_policy_parameters_years", "from_year is null or to_year is null or from_year <= to_year");
                });

            migrationBuilder.CreateTable(
                name: "claim_summaries",
                columns: table => new
                {
                    person_id = table.Column<long>(type: "bigint", nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    fund_reimbursed = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    catastrophic_paid = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_claim_summaries", x => new { x.person_id, x.year });
                    table.CheckConstraint("ck_claim_summaries_amounts", "catastrophic_paid >= 0 and catastrophic_paid <= fund_reimbursed");
                    table.ForeignKey(
                        name: "fk_claim_summaries_persons_person_id",
                        column: x => x.person_id,
                        principalTable: "persons",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "computed_results",
                columns: table => new
                {
                    person_id = table.Column<long>(type: "bigint", nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    household_county = table.Column<string>(type: "character(6)", fixedLength: true, maxLength: 6, nullable: false),
                    insured = table.Column<bool>(type: "boolean", nullable: false),
                    resident_insured = table.Column<bool>(type: "boolean", nullable: false),
                    break_years = table.Column<int>(type: "integer", nullable: false),
                    cap_original = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: true),
                    cap_increase = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: true),
                    cap_decrease = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: true),
                    cap_effective = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: true),
                    continuous_steps = table.Column<int>(type: "integer", nullable: false),
                    zero_claim_steps = table.Column<int>(type: "integer", nullable: false),
                    waiting_reason = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    waiting_months = table.Column<int>(type: "integer", nullable: false),
                    waiting_first_day = table.Column<DateOnly>(type: "date", nullable: true),
                    waiting_last_day = table.Column<DateOnly>(type: "date", nullable: true),
                    benefits_from = table.Column<DateOnly>(type: "date", nullable: true),
                    paid_on = table.Column<DateOnly>(type: "date", nullable: true),
                    computed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_computed_results", x => new { x.person_id, x.year });
                    table.ForeignKey(
                        name: "fk_computed_results_persons_person_id",
                        column: x => x.person_id,
                        principalTable: "persons",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "coverages",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    person_id = table.Column<long>(type: "bigint", nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    scheme = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    paid_on = table.Column<DateOnly>(type: "date", nullable: true),
                    amount = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: true),
                    group = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    pooling_region = table.Column<string>(type: "character(6)", fixedLength: true, maxLength: 6, nullable: true),
                    origin = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_coverages", x => x.id);
                    table.CheckConstraint("ck_coverages_amount", "amount is null or amount >= 0");
                    table.CheckConstraint("ck_coverages_year", "year between 1990 and 2200");
                    table.ForeignKey(
                        name: "fk_coverages_persons_person_id",
                        column: x => x.person_id,
                        principalTable: "persons",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "registrations",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    person_id = table.Column<long>(type: "bigint", nullable: false),
                    coverage_id = table.Column<long>(type: "bigint", nullable: false),
                    coverage_year = table.Column<int>(type: "integer", nullable: false),
                    repair_years = table.Column<int>(type: "integer", nullable: false),
                    repair_cost = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    previous_coverage_ended_on = table.Column<DateOnly>(type: "date", nullable: true),
                    gap_back_paid = table.Column<bool>(type: "boolean", nullable: false),
                    decision_snapshot = table.Column<string>(type: "json", nullable: false),
                    rules_version = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    created_by = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_registrations", x => x.id);
                    table.ForeignKey(
                        name: "fk_registrations_coverages_coverage_id",
                        column: x => x.coverage_id,
                        principalTable: "coverages",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_registrations_persons_person_id",
                        column: x => x.person_id,
                        principalTable: "persons",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "repair_payments",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    person_id = table.Column<long>(type: "bigint", nullable: false),
                    registration_id = table.Column<long>(type: "bigint", nullable: false),
                    for_coverage_year = table.Column<int>(type: "integer", nullable: false),
                    years = table.Column<int>(type: "integer", nullable: false),
                    amount = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    paid_on = table.Column<DateOnly>(type: "date", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_repair_payments", x => x.id);
                    table.CheckConstraint("ck_repair_payments_years", "years > 0");
                    table.ForeignKey(
                        name: "fk_repair_payments_persons_person_id",
                        column: x => x.person_id,
                        principalTable: "persons",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_repair_payments_registrations_registration_id",
                        column: x => x.registration_id,
                        principalTable: "registrations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_at",
                table: "audit_entries",
                column: "at");

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_person_id_at",
                table: "audit_entries",
                columns: new[] { "person_id", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_user_name_at",
                table: "audit_entries",
                columns: new[] { "user_name", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_computed_results_household_county_year",
                table: "computed_results",
                columns: new[] { "household_county", "year" });

            migrationBuilder.CreateIndex(
                name: "ix_coverages_person_id_year_scheme",
                table: "coverages",
                columns: new[] { "person_id", "year", "scheme" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_persons_household_county_name_birth_date",
                table: "persons",
                columns: new[] { "household_county", "name", "birth_date" });

            migrationBuilder.CreateIndex(
                name: "ix_persons_id_number",
                table: "persons",
                column: "id_number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_policy_parameters_province_pooling_region_name_position",
                table: "policy_parameters",
                columns: new[] { "province", "pooling_region", "name", "position" },
                unique: true)
                .Annotation("Npgsql:NullsDistinct", false);

            migrationBuilder.CreateIndex(
                name: "ix_registrations_coverage_id",
                table: "registrations",
                column: "coverage_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_registrations_person_id",
                table: "registrations",
                column: "person_id");

            migrationBuilder.CreateIndex(
                name: "ix_repair_payments_person_id",
                table: "repair_payments",
                column: "person_id");

            migrationBuilder.CreateIndex(
                name: "ix_repair_payments_registration_id",
                table: "repair_payments",
                column: "registration_id",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "audit_entries");

            migrationBuilder.DropTable(
                name: "claim_summaries");

            migrationBuilder.DropTable(
                name: "computed_results");

            migrationBuilder.DropTable(
                name: "policy_parameters");

            migrationBuilder.DropTable(
                name: "repair_payments");

            migrationBuilder.DropTable(
                name: "registrations");

            migrationBuilder.DropTable(
                name: "coverages");

            migrationBuilder.DropTable(
                name: "persons");

            migrationBuilder.DropColumn(
                name: "policy_id",
                table: "regions");
        }
    }
}
