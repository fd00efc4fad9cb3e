using MedicalInsurance.Infrastructure.Persons;
using MedicalInsurance.Infrastructure.Reviews;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MedicalInsurance.Infrastructure.Persistence.Configurations;

internal sealed class ReviewConfiguration : IEntityTypeConfiguration<Review>
{
    public void Configure(EntityTypeBuilder<Review> builder)
    {
        builder.ToTable("reviews", t =>
        {
            t.HasCheckConstraint("ck_reviews_year", "year between 1990 and 2200");
            t.HasCheckConstraint("ck_reviews_amount", "amount is null or amount >= 0");
            // Open, or decided with who, when and why; a correction of a stored record names it.
            t.HasCheckConstraint("ck_reviews_decided", "(status = 'Open') = (decided_at is null) and (decided_at is null) = (decided_by is null) and (decided_at is null) = (decision_reason is null)");
            t.HasCheckConstraint("ck_reviews_before", "before is null or coverage_id is not null");
        });
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).UseIdentityByDefaultColumn();
        builder.HasOne<Person>().WithMany().HasForeignKey(r => r.PersonId).OnDelete(DeleteBehavior.Restrict);
        // No foreign key to the record: a void may delete it while the review is open (accepting then refuses), and an
        // accepted review keeps naming the record it corrected.
        builder.Property(r => r.Kind).HasConversion<string>().HasMaxLength(24);
        builder.Property(r => r.Claim).HasMaxLength(1000);
        builder.Property(r => r.Reference).HasMaxLength(200);
        builder.Property(r => r.Before).HasColumnType("jsonb");
        builder.Property(r => r.Scheme).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.Amount).HasPrecision(12, 2);
        builder.Property(r => r.Group).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.County).HasMaxLength(6).IsFixedLength();
        builder.HasOne<Regions.Region>().WithMany().HasForeignKey(r => r.County).OnDelete(DeleteBehavior.Restrict);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.OpenedBy).HasMaxLength(64);
        builder.Property(r => r.OpenedAt).HasDefaultValueSql("now()");
        builder.Property(r => r.DecidedBy).HasMaxLength(64);
        builder.Property(r => r.DecisionReason).HasMaxLength(500);
        builder.Ignore(r => r.After);
        builder.Ignore(r => r.BeforeFacts);
        // One open review per year of a file: two clerks cannot open conflicting corrections of the same year.
        builder.HasIndex(r => new { r.PersonId, r.Year }).IsUnique().HasFilter("status = 'Open'").HasDatabaseName("ix_reviews_open_year");
        builder.HasIndex(r => new { r.Status, r.OpenedAt });
        builder.HasIndex(r => r.PersonId);
    }
}
