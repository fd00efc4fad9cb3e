using MedicalInsurance.Infrastructure.Imports;
using MedicalInsurance.Infrastructure.Persons;
using MedicalInsurance.Infrastructure.Reviews;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MedicalInsurance.Infrastructure.Persistence.Configurations;

internal sealed class ReviewQueueItemConfiguration : IEntityTypeConfiguration<ReviewQueueItem>
{
    public void Configure(EntityTypeBuilder<ReviewQueueItem> builder)
    {
        builder.ToTable("review_queue_items", t => t.HasCheckConstraint("ck_review_queue_items_resolved", "(resolved_at is null) = (resolved_by is null)"));
        builder.HasKey(i => i.Id);
        builder.Property(i => i.Id).UseIdentityByDefaultColumn();
        builder.HasOne<Person>().WithMany().HasForeignKey(i => i.PersonId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ImportRun>().WithMany().HasForeignKey(i => i.ImportId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(i => i.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(i => i.Details).HasColumnType("jsonb");
        builder.Property(i => i.CreatedAt).HasDefaultValueSql("now()");
        builder.Property(i => i.ResolvedBy).HasMaxLength(64);
        // The queue reads the open items only.
        builder.HasIndex(i => i.PersonId).HasFilter("resolved_at is null").HasDatabaseName("ix_review_queue_items_open");
        builder.HasIndex(i => i.ImportId);
    }
}
