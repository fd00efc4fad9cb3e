using MedicalInsurance.Infrastructure.Regions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MedicalInsurance.Infrastructure.Persistence.Configurations;

internal sealed class TownshipConfiguration : IEntityTypeConfiguration<Township>
{
    public void Configure(EntityTypeBuilder<Township> builder)
    {
        builder.ToTable("townships", t => t.HasCheckConstraint("ck_townships_code", "code ~ '^[0-9]{9}$' and left(code, 6) = county"));
        builder.HasKey(t => t.Code);
        builder.Property(t => t.Code).HasMaxLength(9).IsFixedLength();
        builder.Property(t => t.Name).HasMaxLength(64);
        builder.Property(t => t.County).HasMaxLength(6).IsFixedLength();
        builder.HasOne<Region>().WithMany().HasForeignKey(t => t.County).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(t => t.County);
    }
}
