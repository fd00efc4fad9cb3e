using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace MedicalInsurance.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class Reviews : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "review_queue_items",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    person_id = table.Column<long>(type: "bigint", nullable: false),
                    import_id = table.Column<long>(type: "bigint", nullable: true),
                    line = table.Column<long>(type: "bigint", nullable: true),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    details = table.Column<string>(type: "jsonb", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    resolved_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    resolved_by = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_review_queue_items", x => x.id);
                    table.CheckConstraint("ck_review_queue_items_resolved", "(resolved_at is null) = (resolved_by is null)");
                    table.ForeignKey(
                        name: "fk_review_queue_items_import_runs_import_id",
                        column: x => x.import_id,
                        principalTable: "import_runs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_review_queue_items_persons_person_id",
                        column: x => x.person_id,
                        principalTable: "persons",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "reviews",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    person_id = table.Column<long>(type: "bigint", nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    kind = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    claim = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    reference = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    coverage_id = table.Column<long>(type: "bigint", nullable: true),
                    before = table.Column<string>(type: "jsonb", nullable: true),
                    scheme = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    paid_on = table.Column<DateOnly>(type: "date", nullable: true),
                    amount = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: true),
                    group = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    county = table.Column<string>(type: "character(6)", fixedLength: true, maxLength: 6, nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    opened_by = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    opened_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    decided_by = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    decided_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    decision_reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_reviews", x => x.id);
                    table.CheckConstraint("ck_reviews_amount", "amount is null or amount >= 0");
                    table.CheckConstraint("ck_reviews_before", "before is null or coverage_id is not null");
                    table.CheckConstraint("ck_reviews_decided", "(status = 'Open') = (decided_at is null) and (decided_at is null) = (decided_by is null) and (decided_at is null) = (decision_reason is null)");
                    table.CheckConstraint("ck_reviews_year", "year between 1990 and 2200");
                    table.ForeignKey(
                        name: "fk_reviews_persons_person_id",
                        column: x => x.person_id,
                        principalTable: "persons",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_reviews_regions_county",
                        column: x => x.county,
                        principalTable: "regions",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "notice_versions",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    registration_id = table.Column<long>(type: "bigint", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    review_id = table.Column<long>(type: "bigint", nullable: false),
                    decision_snapshot = table.Column<string>(type: "json", nullable: false),
                    rules_version = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    paid_on = table.Column<DateOnly>(type: "date", nullable: false),
                    amount = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: true),
                    issued_by = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    issued_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_notice_versions", x => x.id);
                    table.CheckConstraint("ck_notice_versions_version", "version >= 2");
                    table.ForeignKey(
                        name: "fk_notice_versions_registrations_registration_id",
                        column: x => x.registration_id,
                        principalTable: "registrations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_notice_versions_reviews_review_id",
                        column: x => x.review_id,
                        principalTable: "reviews",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "review_evidence",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    review_id = table.Column<long>(type: "bigint", nullable: false),
                    file_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    content_type = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    length = table.Column<int>(type: "integer", nullable: false),
                    sha256 = table.Column<string>(type: "character(64)", fixedLength: true, maxLength: 64, nullable: false),
                    content = table.Column<byte[]>(type: "bytea", nullable: false),
                    uploaded_by = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    uploaded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_review_evidence", x => x.id);
                    table.CheckConstraint("ck_review_evidence_length", "length > 0 and length <= 5242880 and length = octet_length(content)");
                    table.CheckConstraint("ck_review_evidence_type", "content_type in ('application/pdf', 'image/jpeg', 'image/png')");
                    table.ForeignKey(
                        name: "fk_review_evidence_reviews_review_id",
                        column: x => x.review_id,
                        principalTable: "reviews",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_persons_household_county",
                table: "persons",
                column: "household_county",
                filter: "needs_review");

            migrationBuilder.CreateIndex(
                name: "ix_notice_versions_registration_id_version",
                table: "notice_versions",
                columns: new[] { "registration_id", "version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_notice_versions_review_id",
                table: "notice_versions",
                column: "review_id");

            migrationBuilder.CreateIndex(
                name: "ix_review_evidence_review_id_sha256",
                table: "review_evidence",
                columns: new[] { "review_id", "sha256" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_review_queue_items_import_id",
                table: "review_queue_items",
                column: "import_id");

            migrationBuilder.CreateIndex(
                name: "ix_review_queue_items_open",
                table: "review_queue_items",
                column: "person_id",
                filter: "resolved_at is null");

            migrationBuilder.CreateIndex(
                name: "ix_reviews_county",
                table: "reviews",
                column: "county");

            migrationBuilder.CreateIndex(
                name: "ix_reviews_open_year",
                table: "reviews",
                columns: new[] { "person_id", "year" },
                unique: true,
                filter: "status = 'Open'");

            migrationBuilder.CreateIndex(
                name: "ix_reviews_person_id",
                table: "reviews",
                column: "person_id");

            migrationBuilder.CreateIndex(
                name: "ix_reviews_status_opened_at",
                table: "reviews",
                columns: new[] { "status", "opened_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "notice_versions");

            migrationBuilder.DropTable(
                name: "review_evidence");

            migrationBuilder.DropTable(
                name: "review_queue_items");

            migrationBuilder.DropTable(
                name: "reviews");

            migrationBuilder.DropIndex(
                name: "ix_persons_household_county",
                table: "persons");
        }
    }
}
