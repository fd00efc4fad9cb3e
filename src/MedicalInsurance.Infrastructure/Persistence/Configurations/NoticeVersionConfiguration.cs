using MedicalInsurance.Infrastructure.Registering;
using MedicalInsurance.Infrastructure.Reviews;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MedicalInsurance.Infrastructure.Persistence.Configurations;

internal sealed class NoticeVersionConfiguration : IEntityTypeConfiguration<NoticeVersion>
{
    public void Configure(EntityTypeBuilder<NoticeVersion> builder)
    {
        builder.ToTable("notice_versions", t => t.HasCheckConstraint("ck_notice_versions_version", "version >= 2"));
        builder.HasKey(v => v.Id);
        builder.Property(v => v.Id).UseIdentityByDefaultColumn();
        builder.HasOne<Registration>().WithMany().HasForeignKey(v => v.RegistrationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Review>().WithMany().HasForeignKey(v => v.ReviewId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(v => new { v.RegistrationId, v.Version }).IsUnique();
        builder.HasIndex(v => v.ReviewId);
        // json, not jsonb, as the registration's snapshot: the text is kept exactly as issued.
        builder.Property(v => v.DecisionSnapshot).HasColumnType("json");
        builder.Property(v => v.RulesVersion).HasMaxLength(200);
        builder.Property(v => v.Amount).HasPrecision(12, 2);
        builder.Property(v => v.IssuedBy).HasMaxLength(64);
        builder.Property(v => v.IssuedAt).HasDefaultValueSql("now()");
    }
}
