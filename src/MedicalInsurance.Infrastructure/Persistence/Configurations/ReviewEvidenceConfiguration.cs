using MedicalInsurance.Infrastructure.Reviews;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MedicalInsurance.Infrastructure.Persistence.Configurations;

internal sealed class ReviewEvidenceConfiguration : IEntityTypeConfiguration<ReviewEvidence>
{
    public void Configure(EntityTypeBuilder<ReviewEvidence> builder)
    {
        builder.ToTable("review_evidence", t =>
        {
            t.HasCheckConstraint("ck_review_evidence_type", "content_type in ('application/pdf', 'image/jpeg', 'image/png')");
            t.HasCheckConstraint("ck_review_evidence_length", $"length > 0 and length <= {EvidenceFiles.MaxBytes} and length = octet_length(content)");
        });
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).UseIdentityByDefaultColumn();
        builder.HasOne<Review>().WithMany().HasForeignKey(e => e.ReviewId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(e => e.FileName).HasMaxLength(200);
        builder.Property(e => e.ContentType).HasMaxLength(32);
        builder.Property(e => e.Sha256).HasMaxLength(64).IsFixedLength();
        builder.Property(e => e.Content).HasColumnType("bytea");
        builder.Property(e => e.UploadedBy).HasMaxLength(64);
        builder.Property(e => e.UploadedAt).HasDefaultValueSql("now()");
        // A retried upload of the same scan is harmless.
        builder.HasIndex(e => new { e.ReviewId, e.Sha256 }).IsUnique();
    }
}
