using MedicalInsurance.Infrastructure.Persons;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MedicalInsurance.Infrastructure.Persistence.Configurations;

internal sealed class CoverageConfiguration : IEntityTypeConfiguration<Coverage>
{
    public void Configure(EntityTypeBuilder<Coverage> builder)
    {
        builder.ToTable("coverages", t =>
        {
            t.HasCheckConstraint("ck_coverages_year", "year between 1990 and 2200");
            t.HasCheckConstraint("ck_coverages_amount", "amount is null or amount >= 0");
            t.HasCheckConstraint("ck_coverages_repair_years", "repair_years >= 0");
        });
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).UseIdentityByDefaultColumn();
        // The key that makes a retried registration or import harmless.
        builder.HasIndex(c => new { c.PersonId, c.Year, c.Scheme }).IsUnique();
        builder.Property(c => c.Scheme).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.Group).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.Origin).HasConversion<string>().HasMaxLength(24);
        builder.Property(c => c.Amount).HasPrecision(12, 2);
        builder.Property(c => c.PoolingRegion).HasMaxLength(6).IsFixedLength();
        builder.Property(c => c.RepairYears).HasDefaultValue(0);
        builder.Property(c => c.GapBackPaid).HasDefaultValue(false);
        builder.Property(c => c.County).HasMaxLength(6).IsFixedLength();
        builder.Property(c => c.Evidence).HasMaxLength(200);
        builder.HasOne<Regions.Region>().WithMany().HasForeignKey(c => c.County).OnDelete(DeleteBehavior.Restrict);
        builder.Property(c => c.CreatedAt).HasDefaultValueSql("now()");
    }
}
