using MedicalInsurance.Infrastructure.Persons;
using MedicalInsurance.Infrastructure.Registering;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MedicalInsurance.Infrastructure.Persistence.Configurations;

internal sealed class RegistrationConfiguration : IEntityTypeConfiguration<Registration>
{
    public void Configure(EntityTypeBuilder<Registration> builder)
    {
        builder.ToTable("registrations");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).UseIdentityByDefaultColumn();
        builder.HasIndex(r => r.CoverageId).IsUnique();
        builder.HasIndex(r => r.PersonId);
        builder.HasOne<Person>().WithMany().HasForeignKey(r => r.PersonId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Coverage>().WithMany().HasForeignKey(r => r.CoverageId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(r => r.RepairCost).HasPrecision(12, 2);
        builder.Property(r => r.Amount).HasPrecision(12, 2);
        // json, not jsonb: the text is kept exactly as issued, key order included, so a reprint is identical.
        builder.Property(r => r.DecisionSnapshot).HasColumnType("json");
        builder.Property(r => r.RulesVersion).HasMaxLength(200);
        builder.Property(r => r.CreatedBy).HasMaxLength(64);
        builder.Property(r => r.CreatedAt).HasDefaultValueSql("now()");
        builder.Property(r => r.VoidedBy).HasMaxLength(64);
        builder.Property(r => r.VoidReason).HasMaxLength(500);
        builder.Property(r => r.IdempotencyKey).HasMaxLength(100);
        builder.Property(r => r.RequestDigest).HasMaxLength(64);
        // Per caller: a retry finds its registration, and two requests racing with one key cannot both register.
        builder.HasIndex(r => new { r.CreatedBy, r.IdempotencyKey }).IsUnique().HasFilter("idempotency_key is not null");
        builder.ToTable(t =>
        {
            t.HasCheckConstraint("ck_registrations_voided", "(voided_at is null) = (void_reason is null) and (voided_at is null or coverage_id is null)");
            t.HasCheckConstraint("ck_registrations_idempotency", "(idempotency_key is null) = (request_digest is null)");
        });
    }
}
